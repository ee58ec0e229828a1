/**
 * Gzipped size of the initial JavaScript of the built app (build/): the scripts index.html loads (modulepreload
 * links and the boot script's imports) plus everything they import statically, and the same for the timeline
 * route ('/', its SvelteKit node), which the SPA shell loads right after start. Each file gzipped with zlib
 * (level 9, as a static host precompresses) and summed. The data worker is loaded at start too, but off the
 * main thread: reported separately.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;

function closure(buildDir: string, entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const code = readFileSync(join(buildDir, url), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const spec = m[1];
      const next = spec.startsWith('/') ? spec : posix.normalize(posix.join(posix.dirname(url), spec));
      if (!seen.has(next) && existsSync(join(buildDir, next))) queue.push(next);
    }
  }
  return seen;
}

const gz = (buildDir: string, files: Iterable<string>) => {
  let raw = 0;
  let zipped = 0;
  const list: { file: string; raw: number; gzip: number }[] = [];
  for (const f of files) {
    const b = readFileSync(join(buildDir, f));
    const g = gzipSync(b, { level: 9 }).length;
    raw += b.length;
    zipped += g;
    list.push({ file: f, raw: b.length, gzip: g });
  }
  return { raw, gzip: zipped, files: list.sort((a, b) => b.gzip - a.gzip) };
};

export function initialJsSize(root = '.') {
  const buildDir = join(root, 'build');
  const html = readFileSync(join(buildDir, 'index.html'), 'utf8');
  // The inline script that starts the data worker names the worker's file: that is off the main thread.
  const shellEntries = [...new Set([...html.matchAll(/["'](\/_app\/[^"']+\.js)["']/g)].map((m) => m[1].slice(1)))].filter((f) => !f.startsWith('_app/immutable/workers/'));
  const shell = closure(buildDir, shellEntries);
  // The timeline route's node: the generated node module that imports src/routes/+page.svelte.
  const nodesSrc = join(root, '.svelte-kit/generated/client-optimized/nodes');
  let routeEntries: string[] = [];
  const manifestPath = join(root, '.svelte-kit/output/client/.vite/manifest.json');
  if (existsSync(nodesSrc) && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, { file: string }>;
    for (const f of readdirSync(nodesSrc)) {
      const src = readFileSync(join(nodesSrc, f), 'utf8');
      if (/src\/routes\/\+page\.svelte/.test(src)) {
        const entry = manifest[`.svelte-kit/generated/client-optimized/nodes/${f}`];
        if (entry) routeEntries = [entry.file];
      }
    }
  }
  const withRoute = closure(buildDir, [...shell, ...routeEntries]);
  const workersDir = join(buildDir, '_app/immutable/workers');
  const workers = existsSync(workersDir) ? readdirSync(workersDir).filter((f) => f.endsWith('.js')).map((f) => `_app/immutable/workers/${f}`) : [];
  return { shell: gz(buildDir, shell), timeline: gz(buildDir, withRoute), worker: gz(buildDir, workers), routeNode: routeEntries[0] ?? null, buildDir: dirname(buildDir) };
}

if (process.argv[1]?.endsWith('js-size.ts')) {
  const r = initialJsSize();
  console.log(JSON.stringify({ shell: r.shell.gzip, timeline: r.timeline.gzip, worker: r.worker.gzip, route: r.routeNode, top: r.timeline.files.slice(0, 6) }, null, 1));
}
