import { fromBase64, toBase64 } from '../../crypto/base64';
import { ChunkError, NONCE_PREFIX_BYTES, openChunks, sealChunks } from '../../crypto/chunked-aead';
import { DEFAULT_ITERATIONS, deriveKey, MAX_ITERATIONS, MIN_ITERATIONS, SALT_BYTES } from '../../crypto/passphrase-key';
import { FieldProblem, integer, object, oneOf, text, type Fields } from '../../boundary/fields';
import { ImportError, PassphraseError } from '../../import/types';

/**
 * An encrypted sync file: one header line of JSON stating the scheme and its parameters, then the gzip'd
 * sync file sealed in chunks (see chunked-aead.ts). The header bytes are authenticated with every chunk.
 */
export interface EncryptedHeader {
  format: 'crosstalk-sync-encrypted';
  version: 1;
  cipher: 'AES-256-GCM';
  chunkSize: number;
  noncePrefix: string;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  check: string;
}

export const ENCRYPTED_HEADER_START = '{"format":"crosstalk-sync-encrypted"';
const CHUNK_SIZE = 64 * 1024;
const MIN_CHUNK = 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
const MAX_HEADER_BYTES = 1024;
export const MIN_PASSPHRASE = 8;

const startBytes = new TextEncoder().encode(ENCRYPTED_HEADER_START);

export function isEncryptedSyncFile(head: Uint8Array): boolean {
  return startBytes.every((b, i) => head[i] === b);
}

function bytes(o: Fields, key: string, length: number): Uint8Array {
  const decoded = fromBase64(text(o, key, 64));
  if (!decoded || decoded.length !== length) throw new FieldProblem(`${key} is not ${length} bytes of base64`);
  return decoded;
}

function readHeader(line: Uint8Array) {
  const h = object(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(line)), 'header');
  if (h.version !== 1) throw new FieldProblem(typeof h.version === 'number' && h.version > 1 ? `version ${h.version} is newer than this app` : 'unknown version');
  oneOf(h, 'cipher', ['AES-256-GCM'] as const);
  const kdf = object(h.kdf, 'kdf');
  oneOf(kdf, 'name', ['PBKDF2-SHA-256'] as const);
  return {
    chunkSize: integer(h, 'chunkSize', MIN_CHUNK, MAX_CHUNK),
    noncePrefix: bytes(h, 'noncePrefix', NONCE_PREFIX_BYTES),
    iterations: integer(kdf, 'iterations', MIN_ITERATIONS, MAX_ITERATIONS),
    salt: bytes(kdf, 'salt', SALT_BYTES),
    check: bytes(h, 'check', 32)
  };
}

/** The header line (newline included) and the bytes after it. */
async function splitHeader(chunks: AsyncIterable<Uint8Array>, file: string): Promise<{ header: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let buffered = new Uint8Array(0);
  for (;;) {
    const end = buffered.indexOf(0x0a);
    if (end >= 0) {
      const tail = buffered.subarray(end + 1);
      async function* rest() {
        if (tail.length) yield tail;
        for (let n = await iterator.next(); !n.done; n = await iterator.next()) yield n.value;
      }
      return { header: buffered.subarray(0, end + 1), rest: rest() };
    }
    if (buffered.length > MAX_HEADER_BYTES) break;
    const next = await iterator.next();
    if (next.done) break;
    const joined = new Uint8Array(buffered.length + next.value.length);
    joined.set(buffered);
    joined.set(next.value, buffered.length);
    buffered = joined;
  }
  throw new ImportError(file, 'line 1', 'the encrypted sync file header is incomplete');
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The plaintext of an encrypted sync file, chunk by chunk, each yielded only after it authenticated. A
 * missing or wrong passphrase is a PassphraseError; a damaged, altered or cut file an ImportError naming
 * the chunk. Header parameters are checked against fixed bounds before the key is derived.
 */
export async function* decryptSyncFile(chunks: AsyncIterable<Uint8Array>, file: string, passphrase: string | undefined): AsyncGenerator<Uint8Array> {
  const { header, rest } = await splitHeader(chunks, file);
  let params: ReturnType<typeof readHeader>;
  try {
    params = readHeader(header);
  } catch (err) {
    if (!(err instanceof FieldProblem || err instanceof SyntaxError || err instanceof TypeError)) throw err;
    throw new ImportError(file, 'line 1', `not a valid encrypted sync file header (${err.message})`);
  }
  if (!passphrase) throw new PassphraseError(file, 'needed');
  const { key, check } = await deriveKey(passphrase, params.salt, params.iterations);
  if (!equal(check, params.check)) throw new PassphraseError(file, 'wrong');
  try {
    yield* openChunks(rest, { key, noncePrefix: params.noncePrefix, aad: header, chunkSize: params.chunkSize });
  } catch (err) {
    if (!(err instanceof ChunkError)) throw err;
    if (err.problem === 'truncated') throw new ImportError(file, null, 'the encrypted file is incomplete (it ends early); nothing was imported');
    throw new ImportError(file, `chunk ${err.chunk + 1}`, 'the encrypted data does not authenticate: the file was altered or damaged');
  }
}

/** Encrypts a (gzip'd) sync file under a passphrase; the key comes from a fresh random salt. */
export async function* encryptSyncFile(plain: AsyncIterable<Uint8Array>, passphrase: string, iterations = DEFAULT_ITERATIONS): AsyncGenerator<Uint8Array> {
  if ([...passphrase].length < MIN_PASSPHRASE) throw new Error(`the passphrase must have at least ${MIN_PASSPHRASE} characters`);
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const noncePrefix = crypto.getRandomValues(new Uint8Array(NONCE_PREFIX_BYTES));
  const { key, check } = await deriveKey(passphrase, salt, iterations);
  const header: EncryptedHeader = {
    format: 'crosstalk-sync-encrypted',
    version: 1,
    cipher: 'AES-256-GCM',
    chunkSize: CHUNK_SIZE,
    noncePrefix: toBase64(noncePrefix),
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt) },
    check: toBase64(check)
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header) + '\n');
  yield headerBytes;
  yield* sealChunks(plain, { key, noncePrefix, aad: headerBytes, chunkSize: CHUNK_SIZE });
}
