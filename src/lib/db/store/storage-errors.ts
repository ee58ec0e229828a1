/** What a QuotaExceededError means to the user. */
export const STORAGE_FULL = "the browser's storage for this site is full";

/** The error's message, or STORAGE_FULL when the storage is full. */
export const storageProblem = (err: unknown): string => (isQuotaError(err) ? STORAGE_FULL : (err as Error).message);

/** IndexedDB's QuotaExceededError, however deeply the storage layers wrapped it. */
export function isQuotaError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const { name, message, inner, cause } = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message))) return true;
    e = inner ?? cause;
  }
  return false;
}
