const marked = new Set<string>();

/**
 * A performance mark `ct:<name>`, the first time only: the steps of the data worker's start (loaded, lock,
 * database open, settings read, first calls answered), which the first-row bench reads from the worker
 * (bench/README.md, "First row, round three").
 */
export function mark(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  globalThis.performance?.mark?.(`ct:${name}`);
}
