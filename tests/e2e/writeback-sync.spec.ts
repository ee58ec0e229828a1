import { expect, test, type Browser, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { FILES, SCREENSHOTS, fixture, ready, seriousViolations, tabTo, timelineRows } from './helpers';

/**
 * Write-back (consent, CSV and SMS Backup & Restore files), sync between two copies of the app, the sync
 * folder (with a stand-in for the directory picker, which Playwright cannot drive), and the timeline CSV.
 */
const CONTEXT = { viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' } as const;
test.use(CONTEXT);

const NUMBER = '+8613800138000';

async function settingsCnLin(page: Page) {
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Default region for phone numbers').selectOption('CN');
  await page.getByPlaceholder('New name or number').fill('Lin');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('settings-status')).toContainText('Saved');
}

async function importFixtures(page: Page, files: string[]) {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(files.map(fixture));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  for (const f of files) await expect(page.locator(`tr[data-file="${f}"]`)).toHaveAttribute('data-status', 'done');
}

async function openWriteback(page: Page) {
  await page.getByRole('link', { name: 'Write-back', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Write back to the phone');
  await expect(page.getByTestId('writeback-summary')).toBeVisible();
}

async function downloaded(page: Page, action: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await download.path();
  return { download, bytes: readFileSync(path) };
}

test('write-back: the consent step gates the download; the CSV holds exactly the chat records; a second visit has nothing left', async ({ page }) => {
  await settingsCnLin(page);
  await importFixtures(page, FILES);
  await openWriteback(page);

  const person = page.getByTestId('writeback-person');
  await expect(person).toHaveCount(1);
  await expect(person.getByRole('rowheader')).toHaveText(/^\s*Xiao Yang\s+\+86 138 0013 8000\s*$/);
  await expect(person.locator('td.dates')).toHaveText('Oct 20, 2026 – Oct 25, 2026');
  await expect(person.locator('li[data-channel]')).toHaveText(['WhatsApp 1 call · 4 messages', 'Telegram 2 calls · 3 messages']);
  await expect(person.getByRole('checkbox', { name: 'Include Xiao Yang' })).toBeChecked();
  const summary = page.getByTestId('writeback-summary');
  await expect(summary).toContainText(
    "3 calls will be added to the phone’s call log and 7 messages to its SMS store, tagged so the Crosstalk exporter can remove them again."
  );
  await expect(summary).toContainText('The phone’s own records are never included (7).');
  await expect(summary).toContainText('0 records already on the phone are left out.');

  // Excluding the only person leaves nothing to write; including them again restores the totals.
  await person.getByRole('checkbox', { name: 'Include Xiao Yang' }).uncheck();
  await expect(summary).toContainText('0 calls will be added');
  await expect(page.getByTestId('consent')).toBeDisabled();
  await person.getByRole('checkbox', { name: 'Include Xiao Yang' }).check();
  await expect(summary).toContainText('3 calls will be added');

  // No consent, no download: the button is disabled and clicking it does nothing.
  const [, previewCalls, previewMessages] = (/(\d+) calls? will be added .* and (\d+) messages? to/.exec((await summary.textContent()) ?? '') ?? []).map(Number);
  expect([previewCalls, previewMessages]).toEqual([3, 7]);

  const download = page.getByRole('button', { name: 'Download' });
  await expect(download).toBeDisabled();
  await expect(page.getByText('Check “I understand and want to create this file” to enable the download.')).toBeVisible();
  let downloads = 0;
  page.on('download', () => downloads++);
  await download.click({ force: true });
  await page.waitForTimeout(800);
  expect(downloads).toBe(0);

  await page.getByRole('checkbox', { name: 'I understand and want to create this file' }).check();
  await expect(download).toBeEnabled();
  await page.screenshot({ path: resolve(SCREENSHOTS, 'writeback.png') });
  expect(await seriousViolations(page)).toEqual([]);

  const { download: file, bytes } = await downloaded(page, () => download.click());
  expect(file.suggestedFilename()).toMatch(/^crosstalk-writeback-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = bytes.toString('utf8');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe('v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id');
  // The earliest chat record first, labelled with its app (the default), written with the person's number.
  expect(lines[1]).toBe(
    '1,whatsapp,sms,in,received,+8613800138000,Xiao Yang,2026-10-20T01:00:00.000Z,,,[WhatsApp] Morning! Did you get the photos from the hike?,,ct2-c46cd0a4563a2b6f,'
  );
  expect(text.endsWith('\r\n')).toBe(true);
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data;
  const [header, ...data] = rows;
  const col = (name: string) => header.indexOf(name);
  expect(data).toHaveLength(previewCalls + previewMessages);
  expect(data).toHaveLength(10);
  for (const r of data) {
    expect(['whatsapp', 'telegram']).toContain(r[col('channel')]);
    expect(r[col('number')]).toBe(NUMBER);
    expect(r[col('name')]).toBe('Xiao Yang');
    expect(r[col('crosstalk_id')]).toMatch(/^ct2-[0-9a-f]{16}$/);
    expect(r[col('source_id')]).toBe('');
  }
  expect(data.filter((r) => r[col('kind')] === 'call')).toHaveLength(3);

  // Handed to the phone but not confirmed: a cancelled save loses nothing, the records stay in the next file.
  await expect(page.getByTestId('writeback-status')).toContainText(
    'with 10 records. Import it on the phone, then confirm below; until you do, these records stay in the next file.'
  );
  await expect(summary).toContainText('0 records already on the phone are left out.');
  await expect(page.getByTestId('writeback-pending-in-set')).toHaveText('10 of them were in an earlier file not confirmed yet; the exporter skips any the phone already has.');
  await expect(page.getByTestId('writeback-pending')).toHaveText('10 records went to the phone in files you have not confirmed yet.');

  // The user confirms: they are on the phone and drop out, also on a second visit.
  await page.getByTestId('writeback-confirm').click();
  await expect(page.getByTestId('writeback-status')).toHaveText('Confirmed: 10 records are on the phone and will not be written again.');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('writeback-nothing')).toBeVisible();
  await expect(summary).toContainText('0 calls will be added to the phone’s call log and 0 messages to its SMS store');
  await expect(summary).toContainText('10 records already on the phone are left out.');
  await expect(page.getByTestId('writeback-pending')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download' })).toBeDisabled();
  await expect(page.getByTestId('consent')).toBeDisabled();
});

test('write-back (keyboard only): SMS Backup & Restore zip with sms-*.xml and calls-*.xml', async ({ page }) => {
  await settingsCnLin(page);
  await importFixtures(page, FILES);
  await openWriteback(page);
  // Format with the arrow keys, consent with Space, download with Enter.
  await tabTo(page, 'input[name="format"]:checked');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /SMS Backup & Restore/ })).toBeChecked();
  await expect(page.getByTestId('writeback-summary')).toContainText('when SMS Backup & Restore restores the file');
  await tabTo(page, '[data-testid="consent"]');
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'I understand and want to create this file' })).toBeChecked();
  await tabTo(page, '[data-testid="writeback-download"]');
  const { download, bytes } = await downloaded(page, () => page.keyboard.press('Enter'));
  expect(download.suggestedFilename()).toMatch(/^crosstalk-writeback-\d{4}-\d{2}-\d{2}-sbr\.zip$/);
  const zip = unzipSync(new Uint8Array(bytes));
  const names = Object.keys(zip).sort();
  expect(names).toHaveLength(2);
  expect(names[0]).toMatch(/^calls-\d+\.xml$/);
  expect(names[1]).toMatch(/^sms-\d+\.xml$/);
  const calls = strFromU8(zip[names[0]]);
  const sms = strFromU8(zip[names[1]]);
  const attrs = (xml: string, tag: string) =>
    [...xml.matchAll(new RegExp(`<${tag} ([^>]*?) />`, 'g'))].map((m) => Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
  expect(calls).toMatch(/<calls count="3" /);
  expect(sms).toMatch(/<smses count="7" /);
  const callRows = attrs(calls, 'call');
  const smsRows = attrs(sms, 'sms');
  expect(callRows).toHaveLength(3);
  expect(smsRows).toHaveLength(7);
  expect(callRows.every((c) => c.number === NUMBER && c.contact_name === 'Xiao Yang')).toBe(true);
  expect(smsRows.every((m) => m.address === NUMBER && m.contact_name === 'Xiao Yang')).toBe(true);
  // SBR types: 3 missed, 2 outgoing; 1 inbox, 2 sent.
  expect(callRows.map((c) => `${c.type}/${c.duration}`)).toEqual(['3/0', '2/312', '3/0']);
  expect(smsRows.map((m) => m.type)).toEqual(['1', '1', '2', '2', '1', '1', '2']);
  expect(smsRows[0].body).toBe('[WhatsApp] Morning! Did you get the photos from the hike?');
  expect(smsRows[3].body).toBe('[WhatsApp] Sorry, I was driving.&#10;Call you tomorrow?');
  await expect(page.getByTestId('writeback-pending')).toHaveText('10 records went to the phone in files you have not confirmed yet.');
  // The file was not used: take it back; its records are offered as if it had never been made.
  await page.getByTestId('writeback-undo').click();
  await expect(page.getByTestId('writeback-status')).toHaveText('Taken back: 10 records will be in the next file again.');
  await expect(page.getByTestId('writeback-summary')).toContainText('0 records already on the phone are left out.');
  await expect(page.getByTestId('writeback-handed')).toHaveCount(0);
});

// --- Sync between two copies ----------------------------------------------------------------------------

async function exportSync(page: Page, dir: string): Promise<string> {
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sync');
  const { download } = await downloaded(page, () => page.getByRole('button', { name: 'Export sync file' }).click());
  expect(download.suggestedFilename()).toMatch(/^crosstalk-sync-[\dT-]+\.ctsync\.gz$/);
  const path = resolve(dir, download.suggestedFilename());
  await download.saveAs(path);
  await expect(page.getByTestId('sync-export-status')).toContainText(`Downloaded ${download.suggestedFilename()}.`);
  return path;
}

async function importSync(page: Page, path: string, expectNew: boolean) {
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByTestId('sync-import-input').setInputFiles(path);
  const run = page.getByTestId('run-sync');
  await expect(run.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await expect(run.locator('tbody tr')).toHaveAttribute('data-status', 'done');
  if (!expectNew) await expect(run.getByTestId('import-summary')).toContainText('Everything was already present.');
}

/** The People page as text: each card's name, badges, numbers, handles and counts, in name order. */
async function openPeople(page: Page, count: number) {
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
  // The count appears once this data version's people have loaded.
  await expect(page.locator('main p[role="status"]')).toHaveText(`${count} people`);
}

async function peopleList(page: Page): Promise<string[]> {
  await openPeople(page, 2);
  await page.getByLabel('Sort by').selectOption('name');
  return page.getByTestId('person').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).innerText));
}

async function everything(page: Page): Promise<string[]> {
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Timeline');
  return (await timelineRows(page)).map((r) => `${r.marks} | ${r.datetime} | ${r.text}`);
}

async function xiaoYang(page: Page): Promise<string[]> {
  await openPeople(page, 2);
  await page.getByTestId('person').getByRole('link', { name: 'Xiao Yang' }).click();
  await expect(page.getByTestId('person-name')).toHaveText('Xiao Yang');
  return (await timelineRows(page)).map((r) => `${r.marks} | ${r.datetime} | ${r.text}`);
}

async function device(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ ...CONTEXT, baseURL });
  return { context, page: await context.newPage() };
}

test('sync: two devices with different data exchange sync files and end up identical', async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL!;
  const a = await device(browser, baseURL);
  const b = await device(browser, baseURL);
  try {
    // A has the phone's backup and the contacts; B has the chat apps.
    await settingsCnLin(a.page);
    await importFixtures(a.page, ['sms-20261101.xml', 'calls-20261101.xml', 'contacts.vcf']);
    await settingsCnLin(b.page);
    await importFixtures(b.page, ['WhatsApp Chat with Xiao Yang.txt', 'result.json']);
    expect(await everything(a.page)).toHaveLength(8);
    expect(await everything(b.page)).toHaveLength(10);
    await openPeople(a.page, 2); // Xiao Yang (phone) and the carrier's short code
    await openPeople(b.page, 1); // Xiao Yang (WhatsApp + Telegram)

    const fileA = await exportSync(a.page, info.outputPath('a'));
    const fileB = await exportSync(b.page, info.outputPath('b'));
    expect(await seriousViolations(a.page)).toEqual([]);
    await importSync(a.page, fileB, true);
    await importSync(b.page, fileA, true);
    // Importing the same file again changes nothing.
    await importSync(b.page, fileA, false);

    const peopleA = await peopleList(a.page);
    const peopleB = await peopleList(b.page);
    expect(peopleA).toHaveLength(2);
    expect(peopleB).toEqual(peopleA);
    const xy = a.page.getByTestId('person').filter({ has: a.page.getByRole('heading', { name: 'Xiao Yang' }) });
    await expect(xy.locator('.badges [data-channel]')).toHaveText(['Phone7', 'WhatsApp5', 'Telegram5']);

    const allA = await everything(a.page);
    const allB = await everything(b.page);
    expect(allA).toHaveLength(18);
    expect(allB).toEqual(allA);

    const xyA = await xiaoYang(a.page);
    const xyB = await xiaoYang(b.page);
    expect(xyA).toHaveLength(17);
    expect(xyB).toEqual(xyA);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

// --- Sync folder ----------------------------------------------------------------------------------------

/**
 * A stand-in for the File System Access API: showDirectoryPicker() returns a directory handle over an
 * in-page folder (`window.__folder.add(path, text or bytes)`, `read(path)`), with subfolders, whose entries()
 * yields real File objects and whose getFileHandle() writes top-level files; permission is granted.
 */
function fakeFolder() {
  type Entry = [string, unknown];
  const files = new Map<string, File>();
  const w = window as unknown as Record<string, unknown>;
  w.__folder = {
    add(path: string, content: string | number[]) {
      const data = typeof content === 'string' ? content : new Uint8Array(content);
      files.set(path, new File([data], path.split('/').pop()!, { lastModified: Date.now() }));
    },
    async read(path: string): Promise<number[] | null> {
      const file = files.get(path);
      return file ? [...new Uint8Array(await file.arrayBuffer())] : null;
    },
    names: () => [...files.keys()].sort()
  };
  const dir = (name: string, prefix: string) => ({
    kind: 'directory',
    name,
    async *entries(): AsyncGenerator<Entry> {
      const subs = new Set<string>();
      for (const [path, file] of files) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        if (slash < 0) yield [rest, { kind: 'file', name: rest, getFile: async () => file }];
        else if (!subs.has(rest.slice(0, slash))) {
          subs.add(rest.slice(0, slash));
          yield [rest.slice(0, slash), dir(rest.slice(0, slash), prefix + rest.slice(0, slash) + '/')];
        }
      }
    },
    async getFileHandle(fileName: string) {
      return {
        async createWritable() {
          const parts: BlobPart[] = [];
          return {
            async write(data: Blob) {
              parts.push(data);
            },
            async close() {
              files.set(prefix + fileName, new File(parts, fileName, { lastModified: Date.now() }));
            }
          };
        }
      };
    },
    queryPermission: async () => 'granted',
    requestPermission: async () => 'granted'
  });
  w.showDirectoryPicker = async () => dir('Shared', '');
}

type Folder = { add(p: string, c: string | number[]): void; read(p: string): Promise<number[] | null>; names(): string[] };
const folder = (page: Page) => ({
  names: () => page.evaluate(() => (window as unknown as { __folder: Folder }).__folder.names()),
  read: (path: string) => page.evaluate((p) => (window as unknown as { __folder: Folder }).__folder.read(p), path),
  add: (path: string, bytes: number[]) => page.evaluate(([p, b]) => (window as unknown as { __folder: Folder }).__folder.add(p as string, b as number[]), [path, bytes] as const)
});

async function addToFolder(page: Page, path: string, name = path) {
  const text = readFileSync(fixture(name), 'utf8');
  await page.evaluate(([p, t]) => (window as unknown as { __folder: { add(p: string, t: string): void } }).__folder.add(p, t), [path, text]);
}

test('sync folder: choose it, files are imported; scan again: all seen; a new file: only it is imported', async ({ page }) => {
  await page.addInitScript(fakeFolder);
  await settingsCnLin(page);
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sync');
  // Top level, one subfolder (read), a sub-subfolder (not read) and a hidden file (ignored).
  await addToFolder(page, 'WhatsApp Chat with Xiao Yang.txt');
  await addToFolder(page, 'contacts.vcf');
  await addToFolder(page, 'phone/sms-20261101.xml', 'sms-20261101.xml');
  await addToFolder(page, 'phone/calls-20261101.xml', 'calls-20261101.xml');
  await addToFolder(page, 'phone/old/result.json', 'result.json');
  await addToFolder(page, '.hidden.vcf', 'contacts.vcf');
  await expect(page.getByTestId('sync-folder-name')).toHaveText('No folder chosen yet.');

  await page.getByRole('button', { name: 'Choose sync folder…' }).click();
  const run = page.getByTestId('run-folder');
  await expect(run.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sync-folder-name')).toHaveText('Sync folder: Shared');
  await expect(page.getByTestId('sync-folder-status')).toContainText('Scanned 4 files at');
  const report = async () =>
    run.locator('tbody tr').evaluateAll((rows) =>
      rows.map((r) => `${r.getAttribute('data-file')}: ${r.getAttribute('data-status')} ${r.querySelector('[data-col="imported"]')?.textContent}`)
    );
  expect(await report()).toEqual(['WhatsApp Chat with Xiao Yang.txt: done 5', 'contacts.vcf: done 0', 'calls-20261101.xml: done 3', 'sms-20261101.xml: done 5']);
  expect(await seriousViolations(page)).toEqual([]);
  // This copy's own sync file is written into the folder, and is not read back on the next scan.
  await expect(page.getByTestId('sync-folder-written')).toContainText(/^This copy’s sync file crosstalk-sync-[\w-]+\.ctsync\.gz was written into the folder at /);
  expect((await folder(page).names()).filter((n) => n.startsWith('crosstalk-sync-'))).toHaveLength(1);

  // Scan now: nothing new, every file reported as seen before and not read.
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(run.locator('tr[data-status="seen"]')).toHaveCount(4);
  await expect(run.locator('tr[data-file="contacts.vcf"]')).toContainText('Seen before — skipped');
  await expect(run.getByTestId('import-summary')).toContainText('0 new, 0 already present, 0 skipped, 0 failed.');

  // A new file appears in the folder: only it is imported.
  await addToFolder(page, 'result.json');
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(run.locator('tr[data-file="result.json"]')).toHaveAttribute('data-status', 'done');
  expect(await report()).toEqual([
    'WhatsApp Chat with Xiao Yang.txt: seen 0',
    'contacts.vcf: seen 0',
    'calls-20261101.xml: seen 0',
    'sms-20261101.xml: seen 0',
    'result.json: done 5'
  ]);
  await expect(run.getByTestId('import-summary')).toContainText('5 new, 0 already present');

  // Everything arrived: one Xiao Yang across all channels.
  await openPeople(page, 2);
  const xy = page.getByTestId('person').filter({ has: page.getByRole('heading', { name: 'Xiao Yang' }) });
  await expect(xy.locator('.badges [data-channel]')).toHaveText(['Phone7', 'WhatsApp5', 'Telegram5']);
});

test('sync folder: two devices converge through one folder, each writing its own sync file', async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL!;
  const a = await device(browser, baseURL);
  const b = await device(browser, baseURL);
  try {
    for (const [d, files] of [
      [a, ['sms-20261101.xml', 'calls-20261101.xml', 'contacts.vcf']],
      [b, ['WhatsApp Chat with Xiao Yang.txt', 'result.json']]
    ] as const) {
      await d.page.addInitScript(fakeFolder);
      await settingsCnLin(d.page);
      await d.page.getByRole('link', { name: 'Sync', exact: true }).click();
      for (const f of files) await addToFolder(d.page, f);
      await d.page.getByRole('button', { name: 'Choose sync folder…' }).click();
      await expect(d.page.getByTestId('sync-folder-written')).toBeVisible({ timeout: 60_000 });
    }
    // The synced folder (Syncthing, a cloud drive) carries each copy's own file to the other.
    const own = async (page: Page) => (await folder(page).names()).find((n) => n.startsWith('crosstalk-sync-'))!;
    const [nameA, nameB] = [await own(a.page), await own(b.page)];
    expect(nameA).not.toBe(nameB);
    await folder(b.page).add(nameA, (await folder(a.page).read(nameA))!);
    await folder(a.page).add(nameB, (await folder(b.page).read(nameB))!);
    for (const d of [a, b]) {
      await d.page.getByRole('button', { name: 'Scan now' }).click();
      const run = d.page.getByTestId('run-folder');
      await expect(run.locator('tr[data-file^="crosstalk-sync-"]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    }
    const allA = await everything(a.page);
    expect(allA).toHaveLength(18);
    expect(await everything(b.page)).toEqual(allA);
    const xy = a.page.getByTestId('person');
    await openPeople(a.page, 2);
    await expect(xy.filter({ has: a.page.getByRole('heading', { name: 'Xiao Yang' }) }).locator('.badges [data-channel]')).toHaveText(['Phone7', 'WhatsApp5', 'Telegram5']);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});

test('sync folder: without the File System Access API the page says why and offers manual import', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    delete w.showDirectoryPicker;
    delete (Window.prototype as unknown as Record<string, unknown>).showDirectoryPicker;
  });
  await page.goto('/sync');
  await ready(page);
  expect(await page.evaluate(() => 'showDirectoryPicker' in window)).toBe(false);
  await expect(page.getByTestId('sync-folder-unsupported')).toHaveText(
    'Your browser does not support folder access (File System Access API) — use manual import.'
  );
  await expect(page.getByRole('button', { name: 'Choose sync folder…' })).toHaveCount(0);
  expect(await seriousViolations(page)).toEqual([]);
  // The manual import skips files seen before, like the folder scan.
  await page.getByTestId('sync-manual-input').setInputFiles(fixture('calls-20261101.xml'));
  const run = page.getByTestId('run-folder');
  await expect(run.locator('tr[data-file="calls-20261101.xml"] td[data-col="imported"]')).toHaveText('3');
  await page.getByTestId('sync-manual-input').setInputFiles(fixture('calls-20261101.xml'));
  await expect(run.locator('tr[data-file="calls-20261101.xml"]')).toHaveAttribute('data-status', 'seen');
});

// --- Timeline CSV ---------------------------------------------------------------------------------------

test('timeline CSV: the filtered view (person + Chinese search) and the person page export exactly their rows', async ({ page }) => {
  await settingsCnLin(page);
  await importFixtures(page, FILES);
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await ready(page);
  await page.getByLabel('Person').selectOption({ label: 'Xiao Yang' });
  await page.getByLabel('Search messages').fill('火锅');
  await expect(page).toHaveURL(/q=%E7%81%AB%E9%94%85/);
  await expect(page.getByTestId('event')).toHaveCount(1);
  const { download, bytes } = await downloaded(page, () => page.getByRole('button', { name: 'Export as CSV' }).click());
  expect(download.suggestedFilename()).toMatch(/^crosstalk-timeline-\d{4}-\d{2}-\d{2}\.csv$/);
  // BOM (spreadsheets read it as UTF-8), header, the one matching row in the settings' time zone; CRLF.
  expect(bytes.toString('utf8')).toBe(
    '\ufefftime,person,app,kind,direction,status,duration_sec,number,handle,text,attachments\r\n' +
      '2026-10-22 17:30:00,Xiao Yang,Phone,message,in,,,13800138000,13800138000,今晚一起吃火锅吗？,\r\n'
  );
  await expect(page.getByTestId('export-csv-status')).toContainText(`Downloaded ${download.suggestedFilename()} (1 record).`);

  await openPeople(page, 2);
  await page.getByTestId('person').getByRole('link', { name: 'Xiao Yang' }).click();
  await expect(page.getByTestId('person-name')).toHaveText('Xiao Yang');
  const person = await downloaded(page, () => page.getByRole('button', { name: 'Export as CSV' }).click());
  const lines = person.bytes.toString('utf8').split('\r\n');
  expect(lines[0]).toBe('\ufefftime,person,app,kind,direction,status,duration_sec,number,handle,text,attachments');
  // Newest first, as the page shows them; a body with a newline stays one quoted cell.
  expect(lines[1]).toBe('2026-10-25 18:02:13,Xiao Yang,Telegram,call,in,missed,0,,user7010203040,,');
  expect(lines).toContain('2026-10-20 21:20:00,Xiao Yang,WhatsApp,message,out,,,,Xiao Yang,"Sorry, I was driving.\nCall you tomorrow?",');
  expect(lines.at(-2)).toBe('2026-10-18 19:02:11,Xiao Yang,Phone,message,in,,,\'+86 138 0013 8000,\'+86 138 0013 8000,Hi Lin! Are you back in Shanghai?,');
  expect(lines.at(-1)).toBe('');
  const rows = Papa.parse<string[]>(person.bytes.toString('utf8').slice(1), { header: true, skipEmptyLines: true }).data as unknown as Record<string, string>[];
  expect(rows).toHaveLength(17);
  expect(new Set(rows.map((r) => r.person))).toEqual(new Set(['Xiao Yang']));
  expect(rows.map((r) => r.app).filter((a, i, all) => all.indexOf(a) === i)).toEqual(['Telegram', 'Phone', 'WhatsApp']);
  await expect(page.getByTestId('export-csv-status')).toContainText('(17 records)');
  expect(await seriousViolations(page)).toEqual([]);
});
