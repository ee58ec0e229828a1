/**
 * One origin for the built app (build/, SPA fallback like scripts/serve.mjs), the bench page (/__bench/ from
 * bench/browser/dist) and the generated files (/__data/…, streamed from bench/data). Loopback only.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.xml': 'application/octet-stream',
  '.txt': 'application/octet-stream',
  '.csv': 'application/octet-stream'
};

async function fileIn(dir: string, rel: string): Promise<{ path: string; size: number } | null> {
  const safe = normalize(decodeURIComponent(rel)).replace(/^(\.\.[/\\])+/, '');
  const path = join(dir, safe);
  if (!path.startsWith(dir)) return null;
  const info = await stat(path).catch(() => null);
  return info?.isFile() ? { path, size: info.size } : null;
}

/** `setBuild` serves another build of the app from then on (the first-row A/B: same origin, same database). */
export async function startServer(): Promise<{ server: Server; origin: string; setBuild(dir: string): void }> {
  let build = join(ROOT, 'build');
  const benchDist = join(ROOT, 'bench/browser/dist');
  const data = join(ROOT, 'bench/data');
  const server = createServer(async (req, res) => {
    try {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      let file: { path: string; size: number } | null;
      if (pathname.startsWith('/__bench/')) file = await fileIn(benchDist, pathname.slice('/__bench/'.length) || 'index.html');
      else if (pathname.startsWith('/__data/')) file = await fileIn(data, pathname.slice('/__data/'.length));
      else file = (await fileIn(build, pathname.slice(1))) ?? (await fileIn(build, 'index.html'));
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      // The app's hashed files as scripts/serve.mjs (and any static host) serves them, so a returning visit finds
      // its code in the HTTP cache and V8's code cache; everything else is fetched every time.
      const cache = pathname.startsWith('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-store';
      res.writeHead(200, { 'content-type': TYPES[extname(file.path)] ?? 'application/octet-stream', 'content-length': file.size, 'cache-control': cache });
      createReadStream(file.path, { highWaterMark: 1 << 20 }).pipe(res);
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, setBuild: (dir) => (build = resolve(ROOT, dir)) };
}
