import { expect, test, type Browser, type Page } from '@playwright/test';
import { fixture, foreignRequests, ready, recordRequests, timelineRows } from './helpers';
import { startCouchServer, type CouchServer } from '../support/pouchdb-server';

/**
 * Live sync through a CouchDB-protocol server (PouchDB Server, started here on 127.0.0.1): two devices
 * converge through it, also across a server restart and changes made while disconnected; the server holds
 * ciphertext only; a wrong passphrase is refused before anything is written.
 */
const CONTEXT = { viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' } as const;
const PASSPHRASE = 'family passphrase 2026';
const DB = 'crosstalk';

let server: CouchServer;
test.beforeAll(async () => {
  server = await startCouchServer();
});
test.afterAll(async () => {
  await server?.dispose();
});

async function device(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ ...CONTEXT, baseURL });
  const requests = recordRequests(context);
  return { context, requests, page: await context.newPage() };
}

async function setUp(page: Page, files: string[]) {
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Default region for phone numbers').selectOption('CN');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('settings-status')).toContainText('Saved');
  await importFiles(page, files);
}

async function importFiles(page: Page, files: string[]) {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(files.map(fixture));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  for (const f of files) await expect(page.locator(`tr[data-file="${f}"]`)).toHaveAttribute('data-status', 'done');
}

async function connect(page: Page, passphrase = PASSPHRASE) {
  await page.goto('/sync');
  await ready(page);
  await page.getByTestId('live-url').fill(server.url);
  await page.getByTestId('live-db').fill(DB);
  await page.getByTestId('live-username').fill(server.username);
  await page.getByTestId('live-password').fill(server.password);
  await page.getByTestId('live-passphrase').fill(passphrase);
  // The page reloads to allow the server in its Content-Security-Policy, then connects.
  await Promise.all([page.waitForEvent('load'), page.getByTestId('live-connect').click()]);
  await ready(page);
}

const liveState = (page: Page) => page.getByTestId('live-status');

async function events(page: Page, count: number): Promise<string[]> {
  await page.goto('/');
  await ready(page);
  await expect(async () => {
    await page.reload();
    await ready(page);
    expect(await timelineRows(page)).toHaveLength(count);
    // Each reload starts a new data worker, whose replication starts again (key derivation, then the pull):
    // reloading too often never lets a slow machine finish a pull.
  }).toPass({ timeout: 240_000, intervals: [2_000, 5_000, 15_000] });
  return (await timelineRows(page)).map((r) => `${r.marks} | ${r.datetime} | ${r.text}`);
}

async function people(page: Page, count: number): Promise<string[]> {
  // Pulled changes show when the page loads the people again.
  await expect(async () => {
    await page.goto('/people');
    await ready(page);
    await expect(page.locator('main p[role="status"]')).toHaveText(`${count} people`, { timeout: 5000 });
  }).toPass({ timeout: 240_000, intervals: [2_000, 5_000, 15_000] });
  await page.getByLabel('Sort by').selectOption('name');
  return page.getByTestId('person').evaluateAll((cards) => cards.map((c) => (c as HTMLElement).innerText));
}

async function pauseOrResume(page: Page, action: 'live-pause' | 'live-resume', state: string) {
  await page.goto('/sync');
  await ready(page);
  await page.getByTestId(action).click();
  await expect(liveState(page)).toHaveAttribute('data-state', state);
}

test('two devices converge through the server, across a restart and offline edits; the server sees no plaintext; a wrong passphrase writes nothing', async ({ browser }, info) => {
  test.setTimeout(900_000);
  const baseURL = info.project.use.baseURL!;
  const a = await device(browser, baseURL);
  const b = await device(browser, baseURL);
  const c = await device(browser, baseURL);
  try {
    // A has the phone's backup; B the chat apps.
    await setUp(a.page, ['sms-20261101.xml', 'calls-20261101.xml']);
    await setUp(b.page, ['WhatsApp Chat with Xiao Yang.txt', 'result.json']);
    expect(await events(a.page, 8)).toHaveLength(8);
    expect(await events(b.page, 10)).toHaveLength(10);

    // A connects; the server goes down; A imports the contacts meanwhile; the server comes back.
    await connect(a.page);
    await expect(liveState(a.page)).toHaveAttribute('data-state', 'active');
    await server.stop();
    await importFiles(a.page, ['contacts.vcf']);
    await a.page.goto('/sync');
    await expect(liveState(a.page)).toContainText('The server cannot be reached; live sync resumes by itself when it can.', { timeout: 30_000 });
    await expect(liveState(a.page)).toHaveAttribute('data-state', 'paused');
    await server.start();
    await expect(liveState(a.page)).toHaveAttribute('data-state', 'active', { timeout: 30_000 });

    await connect(b.page);
    const allA = await events(a.page, 18);
    const allB = await events(b.page, 18);
    expect(allB).toEqual(allA);
    const peopleA = await people(a.page, 2);
    expect(await people(b.page, 2)).toEqual(peopleA);

    // What the server holds: ids and ciphertext, no body, name or number.
    const { body } = await server.request(`/${DB}/_all_docs?include_docs=true`);
    expect(body.rows.length).toBeGreaterThan(18);
    const stored = JSON.stringify(body.rows);
    for (const plain of ['Xiao Yang', '13800138000', '138 0013 8000', '火锅', 'WhatsApp', 'ct1-', 'user7010203040']) expect(stored).not.toContain(plain);

    // A record altered on the server is refused, counted and shown; nothing else changes.
    await a.page.goto('/sync');
    await ready(a.page);
    await expect(liveState(a.page)).toHaveAttribute('data-state', 'active', { timeout: 60_000 });
    const sealed = body.rows.find((r: { id: string }) => r.id !== 'crosstalk-vault-key').doc.data as string;
    expect((await server.request(`/${DB}/rforged`, { method: 'PUT', body: JSON.stringify({ data: sealed.slice(0, -8) + 'AAAAAAAA' }) })).status).toBe(201);
    await expect(a.page.getByTestId('live-rejected')).toHaveText('1 received records were refused (first reason: record rforged does not authenticate).', { timeout: 60_000 });
    expect(await events(a.page, 18)).toEqual(allA);

    // Both disconnect; A detaches Telegram from Xiao Yang, B detaches WhatsApp; both reconnect.
    await pauseOrResume(a.page, 'live-pause', 'paused');
    await pauseOrResume(b.page, 'live-pause', 'paused');
    for (const [page, app] of [
      [a.page, 'Telegram'],
      [b.page, 'WhatsApp']
    ] as const) {
      await page.goto('/people');
      await page.getByTestId('person').getByRole('link', { name: 'Xiao Yang' }).click();
      await page.getByRole('button', { name: new RegExp(`Detach ${app}`) }).click();
      // Saved before the page is left (leaving it ends the worker, and a write still on its way with it).
      await expect(page.getByText('Saved.')).toBeVisible();
      await people(page, 3);
    }
    await pauseOrResume(a.page, 'live-resume', 'active');
    await pauseOrResume(b.page, 'live-resume', 'active');
    // Both unbinds win over the older binding on both devices, as importing each other's sync file would do.
    const splitA = await people(a.page, 4);
    expect(await people(b.page, 4)).toEqual(splitA);

    // A third device with a wrong passphrase: a clear error, nothing written here or on the server.
    const before = (await server.request(`/${DB}/_all_docs`)).body.rows;
    await connect(c.page, 'not the family passphrase');
    await expect(c.page.getByTestId('live-error')).toHaveText('Something went wrong: wrong passphrase: this sync database was set up with another one. Nothing was changed.');
    await expect(liveState(c.page)).toHaveAttribute('data-state', 'error');
    await expect(c.page.getByTestId('live-connect')).toBeVisible();
    expect((await server.request(`/${DB}/_all_docs`)).body.rows).toEqual(before);

    // Requests went to this origin and to the configured server only.
    for (const d of [a, b, c]) expect(foreignRequests(d.requests, baseURL).filter((u) => !u.startsWith(server.url + '/'))).toEqual([]);
  } finally {
    await a.context.close();
    await b.context.close();
    await c.context.close();
  }
});

test('an app with no server configured cannot send a request to another origin (its policy forbids it)', async ({ page }) => {
  await page.goto('/sync');
  await ready(page);
  const meta = await page.locator('meta[data-live-origin]').getAttribute('content');
  expect(meta).toBe("connect-src 'self'");
  const outcome = await page.evaluate(async (url) => {
    const blocked = new Promise<string>((done) => document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), { once: true }));
    await fetch(url).catch(() => {});
    return blocked;
  }, server.url + '/');
  expect(outcome).toBe('connect-src');
});
