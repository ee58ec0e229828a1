/**
 * `npx tsx bench/browser/heap-sites.ts FILE.heapprofile [N]`: the N allocation sites (function, file, line,
 * with its two callers) holding the most of a sampling heap profile written by `npm run bench -- --heap-profile`.
 */
import { readFileSync } from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface Node {
  callFrame: Frame;
  selfSize: number;
  children: Node[];
}

const [file, top = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
const bySite = new Map<string, number>();
let total = 0;
const name = (f: Frame) => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
(function walk(node: Node, stack: Frame[]) {
  const here = [...stack, node.callFrame];
  if (node.selfSize) {
    const site = here.slice(-3).reverse().map(name).join(' ← ');
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) walk(child, here);
})(profile.head, []);
console.log(`${(total / 1e6).toFixed(1)} MB sampled as kept`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(`${(bytes / 1e6).toFixed(2).padStart(8)} MB  ${site}`);
