/**
 * Long computations written as generators that `yield` between small steps, run either to the end at once
 * (the CLI, tests) or in slices that give the event loop back (the data worker: no long tasks, other calls
 * are answered in between).
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step now. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/** A new macrotask: setImmediate in Node; a message to itself in browsers (setTimeout is clamped to 4 ms). */
export function nextTask(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

export interface SliceOptions {
  /** A slice ends at the first step boundary after this long. */
  sliceMs?: number;
  /** Told how long each slice ran (the benchmark's longest task). */
  onSlice?: (ms: number) => void;
}

/** Runs the steps in slices of about `sliceMs`, each followed by a macrotask. */
export async function runSliced<T>(steps: Steps<T>, { sliceMs = 10, onSlice }: SliceOptions = {}): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    const now = performance.now();
    if (r.done) {
      onSlice?.(now - start);
      return r.value;
    }
    if (now - start >= sliceMs) {
      onSlice?.(now - start);
      await nextTask();
      start = performance.now();
    }
  }
}
