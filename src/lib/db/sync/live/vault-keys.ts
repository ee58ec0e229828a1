import { fromBase64, toBase64 } from '../../../crypto/base64';
import { DEFAULT_ITERATIONS, MAX_ITERATIONS, MIN_ITERATIONS, SALT_BYTES, stretch } from '../../../crypto/passphrase-key';
import { FieldProblem, integer, object, text } from '../../../boundary/fields';

/**
 * Live sync keys. The server database holds one plaintext document, the key record: the salt and iteration
 * count every device derives its keys with, and a check value that tells a wrong passphrase before anything is
 * written. The first device to connect creates it.
 */
export const KEY_RECORD_ID = 'crosstalk-vault-key';

export interface KeyRecord {
  version: 1;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  check: string;
}

export interface VaultKeys {
  /** AES-256-GCM for document contents. */
  seal: CryptoKey;
  /** HMAC-SHA-256 for document ids, so ids reveal nothing of the event, number or name they stand for. */
  name: CryptoKey;
}

export class WrongPassphrase extends Error {
  constructor() {
    super('wrong passphrase for this sync database');
  }
}

async function derive(passphrase: string, salt: Uint8Array, iterations: number) {
  const bits = await stretch(passphrase, salt, iterations, 768);
  const keys: VaultKeys = {
    seal: await crypto.subtle.importKey('raw', bits.subarray(0, 32) as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']),
    name: await crypto.subtle.importKey('raw', bits.subarray(32, 64) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  };
  return { keys, check: bits.slice(64) };
}

/** A new key record for an empty server database, and its keys. */
export async function newKeyRecord(passphrase: string, iterations = DEFAULT_ITERATIONS): Promise<{ record: KeyRecord; keys: VaultKeys }> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const { keys, check } = await derive(passphrase, salt, iterations);
  return { record: { version: 1, kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt) }, check: toBase64(check) }, keys };
}

/** The keys for an existing key record (read from the server, so checked before use); WrongPassphrase if the check differs. */
export async function unlockKeyRecord(value: unknown, passphrase: string): Promise<VaultKeys> {
  const o = object(value, 'key record');
  if (o.version !== 1) throw new FieldProblem('the key record has an unknown version');
  const kdf = object(o.kdf, 'kdf');
  if (kdf.name !== 'PBKDF2-SHA-256') throw new FieldProblem('the key record names an unknown key derivation');
  const iterations = integer(kdf, 'iterations', MIN_ITERATIONS, MAX_ITERATIONS);
  const salt = fromBase64(text(kdf, 'salt', 64));
  const check = fromBase64(text(o, 'check', 64));
  if (salt?.length !== SALT_BYTES || check?.length !== 32) throw new FieldProblem('the key record has a malformed salt or check');
  const derived = await derive(passphrase, salt, iterations);
  if (!derived.check.every((b, i) => b === check[i])) throw new WrongPassphrase();
  return derived.keys;
}
