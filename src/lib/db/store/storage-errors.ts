/** IndexedDB's QuotaExceededError, however deeply the storage layers wrapped it. */
export function isQuotaError(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const { name, message, inner, cause } = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
    if (name === 'QuotaExceededError' || (typeof message === 'string' && /quota/i.test(message))) return true;
    e = inner ?? cause;
  }
  return false;
}
