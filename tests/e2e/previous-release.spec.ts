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

test('a database written by the previous release opens with every record, the hand edit and search', async ({ page }) => {
  test.setTimeout(180_000);
  const [{ docs, timeline }, script] = await Promise.all([previousRelease(), writerScript()]);
  expect(docs.events.filter((e) => (e.id as string).startsWith('ct1-') && e.channel !== 'phone')).toHaveLength(10);
  // A page of the app's origin that is not the app: the database is written before the app first runs.
  await page.goto('/favicon.svg');
  await page.evaluate(script);
  await page.evaluate((d) => (globalThis as unknown as { writePreviousRelease(docs: unknown): Promise<void> }).writePreviousRelease(d), docs);

  await page.goto('/');
  await ready(page, 60_000);
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
