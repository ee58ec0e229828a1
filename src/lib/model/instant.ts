/**
 * The instants Crosstalk stores: milliseconds since the Unix epoch (UTC), whole, inside a range no real call
 * or message falls outside of. Every reader and the import boundary check instants with `isStorableInstant`;
 * a record outside the range is skipped with a diagnostic, never stored.
 */

/** 1900-01-01T00:00:00Z: older dates are typing or conversion errors (seconds read as milliseconds, year 0026). */
export const MIN_INSTANT = Date.UTC(1900, 0, 1);
/** 2200-01-01T00:00:00Z: later dates are unit errors (microseconds or nanoseconds read as milliseconds). */
export const MAX_INSTANT = Date.UTC(2200, 0, 1);

export function isStorableInstant(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isInteger(ms) && ms >= MIN_INSTANT && ms < MAX_INSTANT;
}

/** The reason to give in a diagnostic for an instant that is not storable. */
export function instantProblem(ms: number): string {
  if (!Number.isFinite(ms)) return 'the time is not a number';
  return `the time ${ms} ms is outside 1900–2199`;
}
