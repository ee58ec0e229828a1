/** PBKDF2-SHA-256 iterations for new files (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
export const DEFAULT_ITERATIONS = 600_000;
/** What a file may ask for: fewer is too weak to accept, more would let a hostile file stall the import. */
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;
export const SALT_BYTES = 16;

export interface PassphraseKey {
  key: CryptoKey;
  /** Derived with the key but independent of it: tells a wrong passphrase from a damaged file. */
  check: Uint8Array;
}

/** `bits` bits stretched from a passphrase (NFC-normalised, so the same characters typed on two systems agree). */
export async function stretch(passphrase: string, salt: Uint8Array, iterations: number, bits: number): Promise<Uint8Array> {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) throw new RangeError(`iterations ${iterations} out of range`);
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, bits));
}

/**
 * The AES-256-GCM key and a check value from a passphrase. The 512 derived bits are split: the first half
 * is the key, the second the check value stored in the file's header.
 */
export async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<PassphraseKey> {
  const bits = await stretch(passphrase, salt, iterations, 512);
  const key = await crypto.subtle.importKey('raw', bits.subarray(0, 32) as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, check: bits.slice(32) };
}
