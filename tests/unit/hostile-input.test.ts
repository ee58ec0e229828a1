import { describe, expect, it } from 'vitest';
import { gzipSync, zipSync } from 'fflate';
import { importFile } from '../../src/lib/import/pipeline';
import { ImportError } from '../../src/lib/import/types';
import { decodeText, splitLines, MAX_LINE_CHARS } from '../../src/lib/util/text-stream';
import { chunksOf } from '../../src/lib/util/text-stream';
import { toUtf8 } from '../../src/lib/util/encoding';

const OPTIONS = { region: 'CN', timeZone: 'Asia/Shanghai', me: [] };
const enc = (s: string) => new TextEncoder().encode(s);

async function run(name: string, bytes: Uint8Array, chunk = 64 * 1024) {
  let events = 0;
  let contacts = 0;
  const skips: string[] = [];
  for await (const b of importFile(name, chunksOf(bytes, chunk), OPTIONS)) {
    events += b.events.length;
    contacts += b.contacts.length;
    skips.push(...b.skips.map((s) => `${s.where}: ${s.reason}`));
  }
  return { events, contacts, skips };
}

async function failure(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await run(name, bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as Error).message;
  }
  throw new Error('imported without an error');
}

const SMS = `<?xml version="1.0" encoding="UTF-8"?>\n<smses count="2">\n<sms address="+8613800138000" date="1767225600000" type="1" body="你好" />\n<sms address="+8613800138000" date="1767225660000" type="2" body="hi" />\n</smses>\n`;

describe('compressed input is bounded and checked', () => {
  it('a gzip bomb fails with a message naming the file, without inflating it all', async () => {
    const body = new Uint8Array(64 * 2 ** 20).fill(0x20);
    body.set(enc('<?xml version="1.0"?>\n<smses count="1">'));
    const bomb = gzipSync(body);
    // Nothing to read in its first bytes: refused after inflating only those.
    expect(await failure('zeros.gz', gzipSync(new Uint8Array(64 * 2 ** 20)))).toMatch(/^zeros\.gz: unknown format \(expected /);
    const message = await failure('zeros.xml.gz', bomb);
    expect(message).toMatch(/^zeros\.xml\.gz: decompresses to more than 200 times its size \(\d+ MB from \d+ KB\): a decompression bomb, not a backup$/);
  });

  it('a damaged gzip trailer is a checksum error, not silent garbage', async () => {
    const gz = gzipSync(enc(SMS));
    expect((await run('sms.xml.gz', gz)).events).toBe(2);
    const crc = gz.slice();
    crc[crc.length - 8] ^= 0xff;
    expect(await failure('sms.xml.gz', crc)).toBe('sms.xml.gz: the gzip checksum does not match: the file is damaged or incomplete');
    const size = gz.slice();
    size[size.length - 4] ^= 0x01;
    expect(await failure('sms.xml.gz', size)).toBe('sms.xml.gz: the gzip length does not match: the file is damaged or incomplete');
    expect(await failure('sms.xml.gz', gz.subarray(0, gz.length - 12))).toMatch(/^sms\.xml\.gz: /);
  });

  it('a zip of 3 000 tiny files is read without exhausting the stack', async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 3000; i++) files[`c${i}.vcf`] = enc(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P${i}\r\nTEL:+1202555${String(i).padStart(4, '0')}\r\nEND:VCARD\r\n`);
    const result = await run('contacts.zip', zipSync(files, { level: 0 }));
    expect(result.contacts).toBe(3000);
  });
});

describe('lines', () => {
  async function lines(parts: string[]) {
    const out: (string | null)[] = [];
    async function* texts() {
      yield* parts;
    }
    for await (const batch of splitLines(texts())) out.push(...batch);
    return out;
  }

  it('splits LF, CRLF (also across chunks) and lone CR, keeping empty lines', async () => {
    expect(await lines(['a\r', '\nb\n\nc\rd', '', 'e\r'])).toEqual(['a', 'b', '', 'c', 'de']);
    expect(await lines(['x', 'y', 'z'])).toEqual(['xyz']);
  });

  it('a line over the limit becomes a per-record skip and the rest of the file is read', async () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 10);
    expect(await lines(['first\n', long.slice(0, 5_000_000), long.slice(5_000_000), '\nlast'])).toEqual(['first', null, 'last']);
    const chat = `[1/2/26, 10:00:00] Xiao Yang: before\n[1/2/26, 10:01:00] Xiao Yang: ${long}\n[1/2/26, 10:02:00] Xiao Yang: after\n`;
    const result = await run('WhatsApp Chat with Xiao Yang.txt', enc(chat), 4 * 2 ** 20);
    expect(result.events).toBe(2);
    expect(result.skips).toEqual([`line 2: longer than 16 M characters; skipped without reading it`]);
  });
});

describe('JSON exports with huge values', () => {
  it('a message over the limit is a per-record skip, a huge member nobody reads is passed over, the rest is read', async () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 10);
    const message = (id: number, text: string) => ({ id, type: 'message', date_unixtime: String(1767225600 + id * 60), from: 'Xiao Yang', from_id: 'user2', text });
    const json = JSON.stringify({
      name: 'Xiao Yang',
      type: 'personal_chat',
      id: 2,
      messages: [message(1, 'before'), message(2, long), message(3, 'after')],
      sticker_sets: [long]
    });
    const result = await run('result.json', enc(json), 4 * 2 ** 20);
    expect(result.events).toBe(2);
    expect(result.skips).toEqual(['messages[1]: longer than 16 M characters; skipped without reading it']);
  });
});

describe('encodings', () => {
  const chat = '[1/2/26, 10:00:00] 小杨: 你好\n[1/2/26, 10:01:00] 小杨: 在吗\n';

  function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
    const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
    const view = new DataView(out.buffer);
    let at = 0;
    if (bom) view.setUint16((at += 2) - 2, 0xfeff, !bigEndian);
    for (let i = 0; i < text.length; i++) view.setUint16((at += 2) - 2, text.charCodeAt(i), !bigEndian);
    return out;
  }

  it('reads UTF-16 LE and BE, with and without a BOM, chunk boundaries anywhere', async () => {
    for (const [be, bom] of [[false, true], [true, true], [false, false], [true, false]]) {
      const result = await run('WhatsApp Chat with 小杨.txt', utf16(chat, be, bom), 7);
      expect(result, `${be ? 'BE' : 'LE'} ${bom ? 'with' : 'without'} BOM`).toEqual({ events: 2, contacts: 0, skips: [] });
    }
  });

  it('reads GB18030 (what Chinese Excel and Notepad save)', async () => {
    const gb = new Uint8Array([...enc('[1/2/26, 10:00:00] '), 0xd0, 0xa1, 0xd1, 0xee, ...enc(': '), 0xc4, 0xe3, 0xba, 0xc3, 0x0a]);
    const bodies: string[] = [];
    for await (const b of importFile('chat.txt', chunksOf(gb, 3), OPTIONS)) bodies.push(...b.events.map((e) => `${e.handle}: ${'body' in e ? e.body : ''}`));
    expect(bodies).toEqual(['小杨: 你好']);
  });

  it('refuses text that is neither, naming the encoding problem and the offset', async () => {
    const bad = new Uint8Array([...enc('[1/2/26, 10:00:00] A: caf'), 0xe9, 0xff, 0x0a]);
    expect(await failure('chat.txt', bad)).toBe('chat.txt: is neither UTF-8 nor GB18030 text (byte 0xe9 at offset 25); save it as UTF-8 and import it again');
    const later = new Uint8Array([...enc(chat.repeat(200)), 0xff, 0xfe, 0xfd]);
    expect(await failure('chat.txt', later)).toMatch(/^chat\.txt: is not valid UTF-8 text after byte \d+: the file is damaged or in another encoding$/);
  });

  it('refuses bytes that are not UTF-8 deep in any text format, naming the file and the offset', async () => {
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Xiao Yang\nTEL:+8613800138000\nEND:VCARD\n';
    const sms = '<sms address="+8613800138000" date="1767225600000" type="1" body="你好" />\n';
    const files: [string, string, string][] = [
      ['chat.txt', chat.repeat(1000), ''],
      ['contacts.vcf', vcard.repeat(2000), ''],
      ['sms.xml', SMS.slice(0, SMS.indexOf('<sms ')) + sms.repeat(1000), '</smses>\n']
    ];
    for (const [name, head, tail] of files) {
      const bytes = new Uint8Array([...enc(head), 0xc3, 0x28, ...enc(tail)]);
      const piece = Math.floor(enc(head).length / 65_536) * 65_536;
      expect(await failure(name, bytes)).toBe(`${name}: is not valid UTF-8 text after byte ${piece}: the file is damaged or in another encoding`);
    }
  });

  it('cuts big chunks into pieces of 64 KiB before decoding: same text, the bad byte placed within its piece when it is decoded', async () => {
    const text = 'ab\u00e9\u4e2d\u{1F600}'.repeat(30_000); // 1 + 1 + 2 + 3 + 4 bytes: characters straddle the cuts
    const bytes = enc(text);
    const pieces: number[] = [];
    let joined = '';
    const decoder = new TextDecoder();
    for await (const piece of toUtf8(chunksOf(bytes, 1 << 20), 'utf-8')) {
      pieces.push(piece.length);
      joined += decoder.decode(piece, { stream: true });
    }
    expect(bytes.length).toBe(330_000);
    expect(pieces).toEqual([65_536, 65_536, 65_536, 65_536, 65_536, 2_320]);
    expect(joined).toBe(text);
    const bad = new Uint8Array([...bytes.subarray(0, 200_000).map(() => 0x61), 0xff]);
    const drain = async () => {
      for await (const _ of decodeText(toUtf8(chunksOf(bad, 1 << 20), 'utf-8')));
    };
    await expect(drain()).rejects.toThrow(/^is not valid UTF-8 text after byte 196608: the file is damaged or in another encoding$/);
  });
});

describe('impossible timestamps skip one record, never the file', () => {
  it('SBR: a date beyond what Date can hold', async () => {
    const xml = SMS.replace('date="1767225600000"', 'date="8640000000000001"');
    const result = await run('sms.xml', enc(xml));
    expect(result.events).toBe(1);
    expect(result.skips).toHaveLength(1);
    expect(result.skips[0]).toMatch(/^line 3: /);
  });
});
