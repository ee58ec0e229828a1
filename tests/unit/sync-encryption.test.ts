import { eventCount } from './helpers';
import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { decryptSyncFile, encryptSyncFile } from '../../src/lib/formats/crosstalk-sync/encrypted';
import { ImportError, PassphraseError } from '../../src/lib/import/types';
import { CSV_HEADER, csvRowLine } from '../../src/lib/formats/crosstalk-csv/write';
import type { CsvRow } from '../../src/lib/formats/crosstalk-csv/columns';

const PASS = '正确 horse battery';
const FAST = 100_000;
const CHUNK = 64 * 1024;

async function* from(bytes: Uint8Array, piece = 10_000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
}
async function all(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
/** Deterministic, incompressible-looking plaintext. */
function plaintext(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 12345;
  for (let i = 0; i < length; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}
const seal = (plain: Uint8Array, pass = PASS) => all(encryptSyncFile(from(plain), pass, FAST));
const open = (sealed: Uint8Array, pass: string | null = PASS) => all(decryptSyncFile(from(sealed, 7777), 'x.ctsync.enc', pass ?? undefined));
const headerLength = (sealed: Uint8Array) => sealed.indexOf(0x0a) + 1;
function headerOf(sealed: Uint8Array) {
  return JSON.parse(new TextDecoder().decode(sealed.subarray(0, headerLength(sealed))));
}
function withHeader(sealed: Uint8Array, change: (h: Record<string, any>) => void): Uint8Array {
  const h = headerOf(sealed);
  change(h);
  const head = new TextEncoder().encode(JSON.stringify(h) + '\n');
  const out = new Uint8Array(head.length + sealed.length - headerLength(sealed));
  out.set(head);
  out.set(sealed.subarray(headerLength(sealed)), head.length);
  return out;
}
async function failure(p: Promise<unknown>): Promise<ImportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e
  );
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('encrypted sync file format', () => {
  // 2.5 chunks: three sealed chunks, the last one short.
  const plain = plaintext(CHUNK * 2 + CHUNK / 2);

  it('round-trips any length, with a header that states the scheme and its parameters', async () => {
    const sealed = await seal(plain);
    const h = headerOf(sealed);
    expect(Object.keys(h)).toEqual(['format', 'version', 'cipher', 'chunkSize', 'noncePrefix', 'kdf', 'check']);
    expect([h.format, h.version, h.cipher, h.chunkSize, h.kdf.name, h.kdf.iterations]).toEqual(['crosstalk-sync-encrypted', 1, 'AES-256-GCM', CHUNK, 'PBKDF2-SHA-256', FAST]);
    expect(sealed.length).toBe(headerLength(sealed) + plain.length + 3 * 16);
    expect(await open(sealed)).toEqual(plain);
    for (const length of [0, 1, CHUNK, CHUNK + 1]) expect(await open(await seal(plain.subarray(0, length)))).toEqual(plain.subarray(0, length));
  });

  it('uses a fresh salt and nonce prefix for every file', async () => {
    const [a, b] = [headerOf(await seal(plain)), headerOf(await seal(plain))];
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.noncePrefix).not.toBe(b.noncePrefix);
  });

  it('asks for a missing passphrase and rejects a wrong one before reading any data', async () => {
    const sealed = await seal(plain);
    const missing = await failure(open(sealed, null));
    expect([missing instanceof PassphraseError && missing.reason, missing.message]).toEqual(['needed', 'x.ctsync.enc: the file is encrypted: enter its passphrase']);
    const wrong = await failure(open(sealed, '正确 horse batterY'));
    expect([wrong instanceof PassphraseError && wrong.reason, wrong.message]).toEqual(['wrong', 'x.ctsync.enc: wrong passphrase (or the file header was altered)']);
  });

  it('refuses to write with a short passphrase', async () => {
    await expect(seal(plain, 'short')).rejects.toThrow('the passphrase must have at least 8 characters');
  });

  it('detects tampering of every header field', async () => {
    const sealed = await seal(plain);
    const flip = (b64: string) => (b64[0] === 'A' ? 'B' : 'A') + b64.slice(1);
    const cases: [string, (h: Record<string, any>) => void, string][] = [
      ['salt', (h) => (h.kdf.salt = flip(h.kdf.salt)), 'x.ctsync.enc: wrong passphrase (or the file header was altered)'],
      ['iterations', (h) => (h.kdf.iterations += 1), 'x.ctsync.enc: wrong passphrase (or the file header was altered)'],
      ['check', (h) => (h.check = flip(h.check)), 'x.ctsync.enc: wrong passphrase (or the file header was altered)'],
      ['noncePrefix', (h) => (h.noncePrefix = flip(h.noncePrefix)), 'x.ctsync.enc, chunk 1: the encrypted data does not authenticate: the file was altered or damaged'],
      ['chunkSize', (h) => (h.chunkSize = CHUNK / 2), 'x.ctsync.enc, chunk 1: the encrypted data does not authenticate: the file was altered or damaged'],
      ['an added field', (h) => (h.note = 'x'), 'x.ctsync.enc, chunk 1: the encrypted data does not authenticate: the file was altered or damaged']
    ];
    for (const [what, change, message] of cases) expect((await failure(open(withHeader(sealed, change)))).message, what).toBe(message);
  });

  it('checks header parameters against bounds before deriving a key', async () => {
    const sealed = await seal(plain);
    const cases: [(h: Record<string, any>) => void, string][] = [
      [(h) => (h.kdf.iterations = 1e9), 'kdf.iterations'],
      [(h) => (h.kdf.iterations = 1000), 'kdf.iterations'],
      [(h) => (h.chunkSize = 2 ** 30), 'chunkSize'],
      [(h) => (h.version = 2), 'version'],
      [(h) => (h.cipher = 'AES-128-CBC'), 'cipher'],
      [(h) => (h.kdf.salt = 'AAAA'), 'salt']
    ];
    const messages = [];
    for (const [change] of cases) messages.push((await failure(open(withHeader(sealed, change), null))).message);
    expect(messages).toEqual([
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (iterations 1000000000 is outside 100000…10000000)',
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (iterations 1000 is outside 100000…10000000)',
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (chunkSize 1073741824 is outside 1024…4194304)',
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (version 2 is newer than this app)',
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (cipher is not one of AES-256-GCM)',
      'x.ctsync.enc, line 1: not a valid encrypted sync file header (salt is not 16 bytes of base64)'
    ]);
    const noNewline = new TextEncoder().encode('{"format":"crosstalk-sync-encrypted"' + ' '.repeat(2000));
    expect((await failure(open(noNewline))).message).toBe('x.ctsync.enc, line 1: the encrypted sync file header is incomplete');
  });

  it('detects a changed byte in any chunk, reordered chunks and appended data', async () => {
    const sealed = await seal(plain);
    const start = headerLength(sealed);
    const sealedChunk = CHUNK + 16;
    const altered = (at: number) => {
      const copy = sealed.slice();
      copy[at] ^= 1;
      return copy;
    };
    const msg = (n: number) => `x.ctsync.enc, chunk ${n}: the encrypted data does not authenticate: the file was altered or damaged`;
    expect((await failure(open(altered(start + 5)))).message).toBe(msg(1));
    expect((await failure(open(altered(start + sealedChunk + 100)))).message).toBe(msg(2));
    expect((await failure(open(altered(sealed.length - 1)))).message).toBe(msg(3)); // the last tag
    const swapped = sealed.slice();
    swapped.set(sealed.subarray(start + sealedChunk, start + 2 * sealedChunk), start);
    swapped.set(sealed.subarray(start, start + sealedChunk), start + sealedChunk);
    expect((await failure(open(swapped))).message).toBe(msg(1));
    const appended = new Uint8Array(sealed.length + 1);
    appended.set(sealed);
    expect((await failure(open(appended))).message).toBe(msg(3));
  });

  it('detects truncation at a chunk boundary and inside a chunk', async () => {
    const sealed = await seal(plain);
    const start = headerLength(sealed);
    const sealedChunk = CHUNK + 16;
    const cut = (length: number) => open(sealed.subarray(0, length));
    for (const n of [1, 2]) expect((await failure(cut(start + n * sealedChunk))).message).toBe('x.ctsync.enc: the encrypted file is incomplete (it ends early); nothing was imported');
    expect((await failure(cut(start))).message).toBe('x.ctsync.enc: the encrypted file is incomplete (it ends early); nothing was imported');
    expect((await failure(cut(start + sealedChunk + 1000))).message).toBe(
      'x.ctsync.enc, chunk 2: the encrypted data does not authenticate: the file was altered or damaged'
    );
  });
});

function rows(n: number): CsvRow[] {
  const random = plaintext(n * 24);
  return Array.from({ length: n }, (_, i) => ({
    v: '1', channel: 'whatsapp', kind: 'sms', direction: i % 2 ? 'in' : 'out', status: 'sent', number: `+861380013${String(i % 100).padStart(4, '0')}`, name: `Friend ${i % 100}`,
    start: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), duration_sec: '', video: '', body: `secret ${Buffer.from(random.subarray(i * 24, i * 24 + 24)).toString('base64')}`,
    attachments: '', crosstalk_id: '', source_id: ''
  }));
}
const input = (name: string, bytes: Uint8Array): InputFile => ({ name, size: bytes.length, chunks: () => from(bytes, 65_536) });

describe('encrypted sync files through the import', () => {
  const storage = getRxStorageMemory();
  async function on<T>(name: string, fn: (b: Backend) => Promise<T>): Promise<T> {
    const b = await Backend.open(storage, name);
    try {
      return await fn(b);
    } finally {
      await b.close();
    }
  }

  it('imports with the right passphrase only; a wrong one, a cut or an altered file changes nothing', { timeout: 60_000 }, async () => {
    const sealed = await on('enc-a', async (a) => {
      const csv = CSV_HEADER + rows(6000).map(csvRowLine).join('');
      expect((await a.importFiles([input('dump.csv', new TextEncoder().encode(csv))]))[0].status).toBe('done');
      const { fileName, blob } = await a.exportSync(PASS);
      expect(fileName).toMatch(/^crosstalk-sync-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.ctsync\.enc$/);
      return new Uint8Array(await blob.arrayBuffer());
    });
    expect(headerOf(sealed).kdf.iterations).toBe(600_000);
    const text = new TextDecoder('latin1').decode(sealed);
    expect(text.includes('Friend') || text.includes('secret') || text.includes('+8613800')).toBe(false);
    // Large enough that a failure in a later chunk comes after events were already stored, then rolled back.
    expect(sealed.length).toBeGreaterThan(4 * (CHUNK + 16));

    await on('enc-b', async (b) => {
      const count = () => eventCount(b.db);
      const cutAt = headerLength(sealed) + 3 * (CHUNK + 16);
      const altered = sealed.slice();
      altered[cutAt + 10] ^= 0x80;
      const reports = await b.importFiles([
        input('first.ctsync.enc', sealed),
        input('again.ctsync.enc', sealed),
        input('cut.ctsync.enc', sealed.subarray(0, cutAt)),
        input('altered.ctsync.enc', altered)
      ], undefined, undefined, { passphrase: PASS });
      expect(reports.map((r) => [r.status, r.imported, r.error, r.passphrase])).toEqual([
        ['done', 6000, null, undefined],
        ['done', 0, null, undefined],
        ['failed', 0, 'cut.ctsync.enc: the encrypted file is incomplete (it ends early); nothing was imported', undefined],
        ['failed', 0, 'altered.ctsync.enc, chunk 4: the encrypted data does not authenticate: the file was altered or damaged', undefined]
      ]);
      expect(await count()).toBe(6000);
    });

    await on('enc-c', async (c) => {
      const [none] = await c.importFiles([input('s.ctsync.enc', sealed)]);
      const [wrong] = await c.importFiles([input('s.ctsync.enc', sealed)], undefined, undefined, { passphrase: 'not the passphrase' });
      expect([none.status, none.passphrase, wrong.status, wrong.passphrase]).toEqual(['failed', 'needed', 'failed', 'wrong']);
      const cutAt = headerLength(sealed) + 3 * (CHUNK + 16);
      const [cut] = await c.importFiles([input('cut.ctsync.enc', sealed.subarray(0, cutAt))], undefined, undefined, { passphrase: PASS });
      expect(cut.status).toBe('failed');
      expect(await eventCount(c.db)).toBe(0);
      expect(await c.db.imports.count().exec()).toBe(0);
      expect((await c.people()).length).toBe(0);
    });
  });
});
