/**
 * One Node measurement in its own process (run by bench/run.ts with --expose-gc):
 *   parse.ts ours|parser|baseline|linecut|heap <path> <importName> <format> <repeats>
 * Prints one line `RESULT {json}`.
 * - ours: our importer through importFile (detect, decode, parse, ids, parties) over the file's bytes in memory
 *   (1 MiB chunks), median of `repeats` runs;
 * - baseline: the reference parser on the same bytes (whatsapp-chat-parser parseString; JSON.parse; a bare
 *   saxes pass counting open tags; papaparse; a bare htmlparser2 pass; for the line formats a line split with the
 *   format's message-start pattern tested on every line; a sql.js SELECT), decode included, median of `repeats` runs;
 * - linecut (line formats, reported beside the baseline): a bare LF cut — decode and split at LF, nothing else;
 * - heap: our import streamed from disk, JS heap sampled at every batch and every 50 ms; peak and growth.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { importFile } from '../../src/lib/import/pipeline';
import { detectBinaryImporter, detectImporter } from '../../src/lib/import/registry';
import { toUtf8 } from '../../src/lib/util/encoding';
import { IMPORT_OPTIONS } from '../generate/corpus';
import { MESSAGE as QQ_MESSAGE } from '../../src/lib/formats/qq/read';
import { MESSAGE_START as LINE_MESSAGE_START } from '../../src/lib/formats/line/read';
import { MESSAGE_START as KAKAO_MESSAGE_START } from '../../src/lib/formats/kakaotalk/read';
import { SIGTOP_TYPE } from '../../src/lib/formats/signal/sigtop-text';

const [mode, path, importName, format, repeatsArg] = process.argv.slice(2);
const repeats = Number(repeatsArg ?? 1);
const CHUNK = 1 << 20;
const size = statSync(path).size;
/** Files too big to hold comfortably (the 1 GB XML) are streamed from disk in every mode. */
const inMemory = size < 700e6;
/**
 * The line formats' tokenizer, as whatsapp-chat-parser is WhatsApp's: which lines start a message. Each format's
 * own pattern (the header regex its reader runs; sigtop's `Type:` field line, which opens a block).
 */
const MESSAGE_START: Record<string, RegExp> = {
  'qq-txt': QQ_MESSAGE,
  'line-txt': LINE_MESSAGE_START,
  'kakaotalk-txt': KAKAO_MESSAGE_START,
  'signal-txt': new RegExp(`^${SIGTOP_TYPE}`)
};
/** Line breaks as whatsapp-chat-parser splits at them (the exports are CRLF or LF). */
const LINE_BREAK = /\r\n|\r|\n/;

async function* memChunks(buf: Buffer): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < buf.length; i += CHUNK) yield buf.subarray(i, i + CHUNK);
}
async function* diskChunks(): AsyncGenerator<Uint8Array> {
  for await (const c of createReadStream(path, { highWaterMark: CHUNK })) yield c as Buffer;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
let peak = 0;
function sample() {
  const h = process.memoryUsage().heapUsed;
  if (h > peak) peak = h;
}

async function ours(buf: Buffer | null) {
  let events = 0;
  let skips = 0;
  let last = 0;
  for await (const batch of importFile(importName, buf ? memChunks(buf) : diskChunks(), IMPORT_OPTIONS)) {
    events += batch.events.length;
    skips += batch.skips.length;
    const now = performance.now();
    if (now - last > 50) {
      sample();
      last = now;
    }
  }
  return { events, skips };
}

/** The format's parser alone (importer.parse: decode + parse, no ids, no parties, no boundary check): what a parser library does. */
async function parserOnly(buf: Buffer | null) {
  const headBytes = (buf ?? readFileSync(path)).subarray(0, 4096);
  const binary = detectBinaryImporter(headBytes, importName);
  const importer = binary ?? detectImporter(new TextDecoder().decode(headBytes).replace(/^\ufeff/, ''), importName);
  if (!importer) throw new Error('no importer detected');
  let events = 0;
  // Text formats get their bytes as the pipeline hands them over: checked UTF-8 in pieces of at most 64 KiB.
  const chunks = buf ? memChunks(buf) : diskChunks();
  const input = binary ? chunks : toUtf8(chunks, 'utf-8');
  for await (const items of importer.parse(input, { ...IMPORT_OPTIONS, fileName: importName })) {
    for (const it of items) if (it.type === 'event') events++;
  }
  return { events };
}

async function baseline(buf: Buffer | null): Promise<{ events: number; parser: string }> {
  if (format.startsWith('whatsapp')) {
    const { parseString } = await import('whatsapp-chat-parser');
    const text = (buf ?? readFileSync(path)).toString('utf8');
    return { events: parseString(text).length, parser: 'whatsapp-chat-parser parseString' };
  }
  if (format === 'telegram-json') {
    const data = JSON.parse((buf ?? readFileSync(path)).toString('utf8')) as { chats?: { list: { messages: unknown[] }[] }; messages?: unknown[] };
    const events = data.chats ? data.chats.list.reduce((n, c) => n + c.messages.length, 0) : (data.messages?.length ?? 0);
    return { events, parser: 'JSON.parse' };
  }
  if (format === 'sbr-xml') {
    const { SaxesParser } = await import('saxes');
    const parser = new SaxesParser();
    let tags = 0;
    let records = 0;
    parser.on('opentag', (t) => {
      tags++;
      if (t.name === 'sms' || t.name === 'mms' || t.name === 'call') records++;
    });
    const decoder = new TextDecoder();
    for await (const c of buf ? memChunks(buf) : diskChunks()) parser.write(decoder.decode(c, { stream: true }));
    parser.write(decoder.decode());
    parser.close();
    return { events: records, parser: `saxes (bare pass, ${tags} open tags)` };
  }
  if (format === 'gvoice-html') {
    const { Parser } = await import('htmlparser2');
    let tags = 0;
    let records = 0;
    const parser = new Parser({
      onopentag(name, attribs) {
        tags++;
        if (name === 'div' && attribs.class === 'message') records++;
      }
    });
    const decoder = new TextDecoder();
    for await (const c of buf ? memChunks(buf) : diskChunks()) parser.write(decoder.decode(c, { stream: true }));
    parser.end(decoder.decode());
    return { events: records, parser: `htmlparser2 (bare pass, ${tags} open tags)` };
  }
  if (format === 'messenger-json') {
    const data = JSON.parse((buf ?? readFileSync(path)).toString('utf8')) as { messages: unknown[] };
    return { events: data.messages.length, parser: 'JSON.parse' };
  }
  if (format === 'crosstalk-csv') {
    const Papa = (await import('papaparse')).default;
    const text = (buf ?? readFileSync(path)).toString('utf8');
    const r = Papa.parse<string[]>(text, { skipEmptyLines: true });
    return { events: r.data.length - 1, parser: 'papaparse (bonus)' };
  }
  if (format === 'wechat-csv') {
    const Papa = (await import('papaparse')).default;
    const r = Papa.parse<string[]>(new TextDecoder().decode(buf ?? readFileSync(path)), { skipEmptyLines: true });
    return { events: r.data.length - 1, parser: 'papaparse' };
  }
  if (format === 'chatlab-json') {
    const data = JSON.parse((buf ?? readFileSync(path)).toString('utf8')) as { messages: unknown[] };
    return { events: data.messages.length, parser: 'JSON.parse' };
  }
  if (format === 'imessage-db') {
    const SQL = await (await import('sql.js')).default();
    const db = new SQL.Database(buf ?? readFileSync(path));
    const q = db.prepare('SELECT m.ROWID, m.text, m.date, m.is_from_me, h.id FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id');
    let rows = 0;
    while (q.step()) {
      q.get();
      rows++;
    }
    q.free();
    db.close();
    return { events: rows, parser: 'sql.js SELECT over message ⟕ handle' };
  }
  const start = MESSAGE_START[format];
  if (start) {
    // whatsapp-chat-parser's first half: decode, split into lines, test each against the message-start pattern
    // and count messages (no fields read, no continuation lines joined).
    const decoder = new TextDecoder();
    let messages = 0;
    let carry = '';
    const count = (line: string) => {
      if (start.test(line)) messages++;
    };
    for await (const c of buf ? memChunks(buf) : diskChunks()) {
      const parts = (carry + decoder.decode(c, { stream: true })).split(LINE_BREAK);
      carry = parts.pop()!;
      for (const line of parts) count(line);
    }
    count(carry + decoder.decode());
    return { events: messages, parser: `line split + message-start regex per line (${format === 'signal-txt' ? '`Type:` lines' : 'the header regex'})` };
  }
  throw new Error(`no baseline for ${format}`);
}

/** A bare line split: decode and cut at every LF, the least any line-based reader does (reported beside the baseline). */
async function lineCut(buf: Buffer | null): Promise<{ events: number; parser: string }> {
  const decoder = new TextDecoder();
  let lines = 0;
  let carry = '';
  for await (const c of buf ? memChunks(buf) : diskChunks()) {
    const parts = (carry + decoder.decode(c, { stream: true })).split('\n');
    carry = parts.pop()!;
    lines += parts.length;
  }
  return { events: lines + (carry ? 1 : 0), parser: 'bare LF cut (lines)' };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const buf = mode !== 'heap' && inMemory ? readFileSync(path) : null;
  if (mode === 'heap') {
    gc();
    const base = process.memoryUsage().heapUsed;
    peak = base;
    let rssPeak = 0;
    const timer = setInterval(() => {
      sample();
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);
    const t0 = performance.now();
    const r = await ours(null);
    const ms = performance.now() - t0;
    clearInterval(timer);
    sample();
    return { mode, bytes: size, ms, ...r, heapBase: base, heapPeak: peak, heapGrowth: peak - base, rssPeak };
  }
  const times: number[] = [];
  let info: Record<string, unknown> = {};
  for (let i = 0; i < repeats; i++) {
    gc();
    const t0 = performance.now();
    info = mode === 'ours' ? await ours(buf) : mode === 'parser' ? await parserOnly(buf) : mode === 'linecut' ? await lineCut(buf) : await baseline(buf);
    times.push(performance.now() - t0);
  }
  return { mode, bytes: size, ms: median(times), runs: times.map((t) => Math.round(t)), ...info };
}

main().then(
  (r) => {
    process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (err) => {
    process.stdout.write(`RESULT ${JSON.stringify({ error: (err as Error).stack ?? String(err) })}\n`);
    process.exit(0);
  }
);
