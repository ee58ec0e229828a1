import type { Attachment } from 'svelte/attachments';

/**
 * Reports an element's border-box height whenever it changes, from one shared ResizeObserver. Unlike reading
 * `offsetHeight` (what `bind:offsetHeight` does as each element mounts), this never forces a synchronous
 * layout: the observer reports after the browser's own layout of the frame.
 */
const listeners = new WeakMap<Element, (height: number) => void>();
let observer: ResizeObserver | null = null;

export function observeHeight(onHeight: (height: number) => void): Attachment<HTMLElement> {
  return (element) => {
    observer ??= new ResizeObserver((entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.borderBoxSize[0].blockSize);
    });
    listeners.set(element, onHeight);
    observer.observe(element, { box: 'border-box' });
    return () => {
      observer?.unobserve(element);
      listeners.delete(element);
    };
  };
}
