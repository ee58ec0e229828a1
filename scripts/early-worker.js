/**
 * After adapter-static has written the app: a small inline script in build/index.html that starts the data
 * worker as soon as the page's head is parsed, instead of after the app's code has loaded and SvelteKit has
 * started (its client `init` hook). src/lib/client/backend-client.ts takes that worker over; without the
 * script (vite dev) it starts one itself, the same way. Measured in bench/README.md, "First row, round three".
 *
 * The script comes right after SvelteKit's Content-Security-Policy meta tag, so the worker (a blob: worker
 * inherits the policy of the page at the time it is created) is under both that policy and the connect-src
 * one src/app.html adds first; its hash is added to that policy's script-src.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where backend-client.ts looks for the early worker. */
export const EARLY_WORKER = '__crosstalkWorker';

/** Starts the worker as backend-client.ts does (`workerSource` there: a static import of the bundled worker). */
function script(workerPath) {
  return `window.${EARLY_WORKER}=new Worker(URL.createObjectURL(new Blob(["import "+JSON.stringify(new URL(${JSON.stringify(workerPath)},location.href).href)+";"],{type:"text/javascript"})),{type:"module"});`;
}

export function addEarlyWorker(dir) {
  const workers = readdirSync(join(dir, '_app/immutable/workers')).filter((f) => /^worker-.*\.js$/.test(f));
  if (workers.length !== 1) throw new Error(`early worker: expected one data worker entry in ${dir}/_app/immutable/workers, found ${workers.length}`);
  const file = join(dir, 'index.html');
  const html = readFileSync(file, 'utf8');
  const meta = /<meta http-equiv="content-security-policy" content="([^"]*)">/.exec(html);
  if (!meta) throw new Error(`early worker: no Content-Security-Policy meta tag in ${file}`);
  const code = script(`/_app/immutable/workers/${workers[0]}`);
  const hash = `'sha256-${createHash('sha256').update(code).digest('base64')}'`;
  if (!/script-src /.test(meta[1])) throw new Error('early worker: the policy has no script-src');
  const policy = meta[1].replace(/script-src /, `script-src ${hash} `);
  const tag = `<meta http-equiv="content-security-policy" content="${policy}">\n\t\t<script>${code}</script>`;
  writeFileSync(file, html.slice(0, meta.index) + tag + html.slice(meta.index + meta[0].length));
}
