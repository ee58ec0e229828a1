import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Backend } from '../../src/lib/db/backend';
import type { InputFile } from '../../src/lib/db/import/service';
import { toPreviousRelease, type Documents } from '../fixtures/previous-release/generate';
import { FILES, FIXTURES, ready, timelineRows } from './helpers';
import { dumpCollections } from '../unit/helpers';

/** A database the previous release (1b83aad) wrote into Chromium's IndexedDB, opened by this release's app. */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

const fx = (name: string): InputFile => {
  const bytes = new Uint8Array(readFileSync(resolve(FIXTURES, name)));
  return { name, size: bytes.length, async *chunks() { yield bytes; } };
};

/** The e2e fixtures imported by today's code, with one identity detached by hand, as the previous release stored them. */
async function previousRelease(): Promise<{ docs: Documents; timeline: string[] }> {
  const b = await Backend.open(getRxStorageMemory(), 'previous-' + Math.random().toString(36).slice(2));
  await b.updateSettings({ region: 'CN', timeZone: 'Asia/Shanghai', me: ['Lin'], language: 'en' });
  await b.importFiles(FILES.map(fx));
  await b.detach('id:telegram:user7010203040', 'id:whatsapp:Xiao Yang');
  const out = (await dumpCollections(b.db)) as Documents;
  expect(await b.stats()).toEqual({ events: 18, people: 3 });
  const timeline = (await b.timeline({}, null, 100)).events.map((e) => e.id);
  await b.close();
  return { docs: toPreviousRelease(out), timeline };
}

/** The frozen writer, bundled for the page (it runs RxDB with the browser's Dexie storage). */
async function writerScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve('tests/fixtures/previous-release/in-browser.ts'), formats: ['iife'], name: 'previousRelease', fileName: 'writer' }
    }
  });
  const [output] = Array.isArray(result) ? result : [result];
  return (output as { output: { code?: string }[] }).output[0].code!;
}

/** What the page's worker wrapper (holdAnswers) saw: every progress report of the opening, and the answers held back. */
interface Held {
  opening: { phase: string; done: number; total: number; language: string }[];
  held: number;
  release(): void;
}

/**
 * Runs in the page before its own scripts: wraps the data worker so that the test sees every progress report
 * of the database's opening, even one the page would have missed by listening late, and the worker's answers
 * (the app's loading state ends with the first) are held back until the test calls `release`. So the
 * progress the app shows last stays on screen however fast the update runs.
 */
function holdAnswers() {
  const Native = window.Worker;
  const state = { opening: [] as unknown[], held: 0, release: () => {} };
  (window as unknown as { __held: typeof state }).__held = state;
  const gated: (() => void)[] = [];
  let closed = true;
  state.release = () => {
    closed = false;
    for (const deliver of gated.splice(0)) deliver();
  };
  window.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      let handler: ((e: MessageEvent) => void) | null = null;
      const early: MessageEvent[] = [];
      Object.defineProperty(this, 'onmessage', {
        get: () => handler,
        set: (h: (e: MessageEvent) => void) => {
          handler = h;
          for (const e of early.splice(0)) setTimeout(() => handler?.(e));
        }
      });
      this.addEventListener('message', (e) => {
        const deliver = () => (handler ? handler(e) : early.push(e));
        if (e.data?.type === 'opening') {
          state.opening.push(e.data.progress);
          deliver();
        } else if (closed) {
          state.held++;
          gated.push(deliver);
        } else deliver();
      });
    }
  };
}

test('a database written by the previous release opens with every record, the hand edit and search', async ({ page }) => {
  test.setTimeout(180_000);
  const [{ docs, timeline }, script] = await Promise.all([previousRelease(), writerScript()]);
  expect(docs.events.filter((e) => (e.id as string).startsWith('ct1-') && e.channel !== 'phone')).toHaveLength(10);
  // A page of the app's origin that is not the app: the database is written before the app first runs.
  await page.goto('/favicon.svg');
  await page.evaluate(script);
  await page.evaluate((d) => (globalThis as unknown as { writePreviousRelease(docs: unknown): Promise<void> }).writePreviousRelease(d), docs);

  // The app shows how the one-time update goes while the worker answers nothing; its last state stays until it answers.
  await page.addInitScript(holdAnswers);
  await page.goto('/');
  const n = docs.events.length;
  expect(n).toBe(18);
  await expect(page.getByRole('heading', { name: 'Updating your stored history to this version…' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('upgrade-count')).toHaveText(`Step 2 of 2, storage: ${n} of ${n} events moved`, { timeout: 60_000 });
  const bar = page.getByRole('progressbar', { name: 'Update of your stored history' });
  await expect(bar).toHaveAttribute('value', String(n));
  await expect(bar).toHaveAttribute('max', String(n));
  await expect(page.getByText('This happens once,')).toContainText('Keep this tab open until it has finished.');
  // Every report the worker posted, in order (one may be posted twice: again to the page's first call).
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __held: Held }).__held.held)).toBeGreaterThan(0);
  const opening = await page.evaluate(() => (globalThis as unknown as { __held: Held }).__held.opening);
  const reports = opening.filter((p, i) => i === 0 || JSON.stringify(p) !== JSON.stringify(opening[i - 1]));
  expect(reports).toEqual([
    { phase: 'ids', done: 0, total: n, language: 'en' },
    { phase: 'ids', done: n, total: n, language: 'en' },
    { phase: 'move', done: 0, total: n, language: 'en' },
    { phase: 'move', done: n, total: n, language: 'en' }
  ]);
  await page.evaluate(() => (globalThis as unknown as { __held: Held }).__held.release());
  await ready(page, 60_000);
  await expect(page.getByTestId('upgrade-progress')).toHaveCount(0);
  // Every event, the chat events under this release's ids.
  expect((await timelineRows(page)).map((r) => r.id)).toEqual(timeline);
  await page.getByLabel('Search messages').fill('火锅');
  await expect(page.getByTestId('event')).toHaveCount(1);
  await expect(page.getByTestId('event')).toContainText('今晚一起吃火锅吗？');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await ready(page);
  await expect(page.getByTestId('stats')).toHaveText('18 calls and messages, 3 people.');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
