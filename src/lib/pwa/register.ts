import { Workbox } from 'workbox-window';

/**
 * Registers the service worker with workbox-window. When a new version has installed and waits,
 * `onUpdate` is called with a function that activates it and reloads the page.
 */
export function registerServiceWorker(onUpdate: (activate: () => void) => void): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const wb = new Workbox('/service-worker.js');
  wb.addEventListener('waiting', () => {
    onUpdate(() => {
      wb.addEventListener('controlling', () => location.reload());
      wb.messageSkipWaiting();
    });
  });
  void wb.register();
}

/** Asks the browser to keep our data (it may say no) and tells how much storage is in use. */
export async function persistAndEstimate(): Promise<{ persisted: boolean; usage: number; quota: number }> {
  const storage = navigator.storage;
  const persisted = (await storage?.persisted?.()) || ((await storage?.persist?.()) ?? false);
  const estimate = (await storage?.estimate?.()) ?? {};
  return { persisted, usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
}
