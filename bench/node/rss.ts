/**
 * Peak RSS of the CLI `parse` on hostile inputs (issue 10), each in its own process, against 600 MB:
 *   npm run bench:rss [-- --smoke]
 * Generates into a temporary folder: a 30 MB Crosstalk CSV with one stray quote opening a field, a gzip of
 * 400 MB of zeros, a WhatsApp chat whose one line is 60 MB. --smoke: a tenth of each. Prints a Markdown table.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CSV_HEADER } from '../../src/lib/formats/crosstalk-csv/write';
import { Sink } from '../generate/sink';

const ROOT = resolve(import.meta.dirname, '../..');
const TARGET_MB = 600;
const scale = process.argv.includes('--smoke') ? 0.1 : 1;
const MB = 1e6;

function strayQuoteCsv(path: string, bytes: number): void {
  const sink = new Sink(path);
  sink.write(CSV_HEADER);
  for (let i = 0; sink.bytes < bytes; i++) {
    const body = i === 1000 ? '"a stray quote opens this field' : i % 4 ? `message ${i}, "quoted"`.replace(/"/g, '""').replace(/^|$/g, '"') : `message ${i}`;
    const second = String(i % 60).padStart(2, '0');
    sink.write(`1,phone,sms,in,received,+86138${String(i % 100_000).padStart(8, '0')},,2026-10-22T00:00:${second}.000Z,,,${body},,,sms:${i}\r\n`);
  }
  sink.close();
}

async function zerosGzip(path: string, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(1 << 20);
  async function* zeros() {
    for (let n = 0; n < bytes; n += chunk.length) yield chunk;
  }
  await pipeline(Readable.from(zeros()), createGzip(), createWriteStream(path));
}

function singleLineChat(path: string, bytes: number): void {
  const sink = new Sink(path);
  sink.write('[1/2/26, 10:00:00 AM] Lin: start\n[1/2/26, 10:01:00 AM] Xiao Yang: ');
  const piece = 'long line '.repeat(100_000);
  while (sink.bytes < bytes) sink.write(piece);
  sink.write('\n[1/2/26, 10:02:00 AM] Lin: after the long line\n');
  sink.close();
}

/** Runs the CLI on `file`; peak RSS from /usr/bin/time, else from /proc/<pid>/status VmHWM polled. */
function peakRss(file: string): Promise<{ mb: number; code: number | null; stderr: string; seconds: number }> {
  const args = ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'parse', '--region', 'CN', '--tz', 'Asia/Shanghai', file];
  const time = existsSync('/usr/bin/time');
  const child = time ? spawn('/usr/bin/time', ['-f', 'MAXRSS_KB %M', process.execPath, ...args], { cwd: ROOT }) : spawn(process.execPath, args, { cwd: ROOT });
  const started = performance.now();
  let stderr = '';
  let hwmKb = 0;
  child.stdout.resume();
  child.stderr.on('data', (d) => (stderr += d));
  const poll = time
    ? null
    : setInterval(() => {
        const m = /VmHWM:\s+(\d+) kB/.exec(existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : '');
        if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
      }, 20);
  return new Promise((done) => {
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const m = /MAXRSS_KB (\d+)/.exec(stderr);
      if (m) hwmKb = Number(m[1]);
      done({ mb: (hwmKb * 1024) / MB, code, stderr: stderr.replace(/(Command exited with non-zero status \d+|MAXRSS_KB \d+)\n?/g, ''), seconds: (performance.now() - started) / 1000 });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'crosstalk-rss-'));
try {
  const inputs: [string, string, (path: string) => unknown][] = [
    [`${30 * scale} MB Crosstalk CSV, one stray quote`, 'stray-quote.csv', (p) => strayQuoteCsv(p, 30 * MB * scale)],
    [`gzip of ${400 * scale} MB of zeros`, 'zeros.txt.gz', (p) => zerosGzip(p, 400 * MB * scale)],
    [`${60 * scale} MB single line (WhatsApp chat)`, 'WhatsApp Chat with Xiao Yang.txt', (p) => singleLineChat(p, 60 * MB * scale)]
  ];
  console.log(`| input | file size | CLI result | peak RSS | target | result |\n|---|---|---|---|---|---|`);
  for (const [label, name, make] of inputs) {
    const path = join(dir, name);
    await make(path);
    const r = await peakRss(path);
    const lines = r.stderr.trim().split('\n');
    const outcome = `exit ${r.code} in ${r.seconds.toFixed(1)} s: ${lines[lines.length - 1].replace(/\|/g, '\\|')}${lines.length > 1 ? ` (+${lines.length - 1} line(s) before)` : ''}`;
    console.log(`| ${label} | ${(statSync(path).size / MB).toFixed(1)} MB | ${outcome} | ${r.mb.toFixed(0)} MB | ≤ ${TARGET_MB} MB | ${r.mb <= TARGET_MB ? 'pass' : 'MISS'} |`);
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
