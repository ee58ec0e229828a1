import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { FILES, SCREENSHOTS, fixture, foreignRequests, ready, recordRequests, rowMarks, seriousViolations, timelineRows } from './helpers';

/**
 * The whole journey on one device: settings, importing the five fixture files (the same friend, Xiao Yang,
 * +86 138 0013 8000, across SMS/calls, WhatsApp, Telegram and a vCard), people, the person page, search,
 * filters, re-import, offline reload, language, accessibility — and not one request leaving localhost.
 */
test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let requests: string[];
let origin: string;

/** Newest first, as the timeline shows them (Asia/Shanghai wall-clock times). */
const XIAO_YANG_EVENTS = [
  ['18:02', 'telegram call in missed'],
  ['09:30', 'telegram call out answered'],
  ['20:15', 'telegram message out'],
  ['20:12', 'telegram message in'],
  ['20:10', 'telegram message in'],
  ['17:31', 'phone message out'],
  ['17:30', 'phone message in'],
  ['12:45', 'phone call out answered'],
  ['12:40', 'phone call in missed'],
  ['21:20', 'whatsapp message out'],
  ['21:14', 'whatsapp call in missed'],
  ['09:05', 'whatsapp message out'],
  ['09:01', 'whatsapp message in'],
  ['09:00', 'whatsapp message in'],
  ['08:15', 'phone call in answered'],
  ['19:05', 'phone message out'],
  ['19:02', 'phone message in']
];

const IMPORTED: Record<string, number> = {
  'sms-20261101.xml': 5,
  'calls-20261101.xml': 3,
  'WhatsApp Chat with Xiao Yang.txt': 5,
  'result.json': 5,
  'contacts.vcf': 0
};

async function importAll() {
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(FILES.map(fixture));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
}

async function reportCell(file: string, col: 'imported' | 'present' | 'skipped') {
  return page.locator(`tr[data-file="${file}"] td[data-col="${col}"]`);
}

test.beforeAll(async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL!;
  origin = new URL(baseURL).origin;
  context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow'
  });
  requests = recordRequests(context);
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
});

test('settings: region CN, time zone Asia/Shanghai, me = Lin', async () => {
  await page.goto('/settings');
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByLabel('Default region for phone numbers').selectOption('CN');
  await expect(page.getByLabel('Time zone')).toHaveValue('Asia/Shanghai'); // prefilled from the browser
  await page.getByPlaceholder('New name or number').fill('Lin');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByTestId('me-list').getByRole('listitem')).toHaveText(['Lin ×']);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('settings-status')).toContainText('Saved');
});

test('import all five files: per-file report', async () => {
  await importAll();
  for (const [file, n] of Object.entries(IMPORTED)) {
    await expect(await reportCell(file, 'imported'), file).toHaveText(String(n));
    await expect(await reportCell(file, 'present'), file).toHaveText('0');
    await expect(page.locator(`tr[data-file="${file}"]`)).toHaveAttribute('data-status', 'done');
  }
  // The draft SMS is skipped, with where and why.
  await expect(await reportCell('sms-20261101.xml', 'skipped')).toContainText('1');
  await page.locator('tr[data-file="sms-20261101.xml"] summary').click();
  await expect(page.locator('tr[data-file="sms-20261101.xml"] details li')).toHaveCount(1);
  await expect(page.getByTestId('import-summary')).toContainText('18 new, 0 already present');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'import-report.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('people: one Xiao Yang with phone, WhatsApp and Telegram badges', async () => {
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await ready(page);
  const xy = page.getByTestId('person').filter({ has: page.getByRole('heading', { name: 'Xiao Yang' }) });
  await expect(xy).toHaveCount(1);
  await expect(xy.locator('.badges [data-channel]')).toHaveText(['Phone7', 'WhatsApp5', 'Telegram5']);
  expect(await xy.locator('.badges [data-channel]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.channel))).toEqual([
    'phone',
    'whatsapp',
    'telegram'
  ]);
  await expect(xy).toContainText('+86 138 0013 8000');
  // Lin (the owner) is not a person; the carrier's short code is.
  await expect(page.getByTestId('person').filter({ has: page.getByRole('heading', { name: 'Lin', exact: true }) })).toHaveCount(0);
  await expect(page.getByTestId('person')).toHaveCount(2);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'people.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('person page: every channel in one timeline, in time order, with marks', async () => {
  await page.getByRole('link', { name: 'Xiao Yang' }).click();
  await expect(page.getByTestId('person-name')).toHaveText('Xiao Yang');
  // The person id (its smallest node, e.g. `id:telegram:…` or `num:+86…`) travels URL-encoded.
  expect(new URL(page.url()).pathname).toMatch(/^\/people\/(id|num)%3A[^/]+$/);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(XIAO_YANG_EVENTS.length);
  const rows = await timelineRows(page);
  expect(rows.map((r) => r.marks)).toEqual(XIAO_YANG_EVENTS.map(([, m]) => m));
  expect(rows.map((r) => r.time)).toEqual(XIAO_YANG_EVENTS.map(([time]) => time));
  const starts = rows.map((r) => Date.parse(r.datetime));
  expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  // Calls show status and duration; attachments are named; bodies are text.
  expect(rows[1].text).toMatch(/Outgoing call\s*·\s*answered\s*·\s*5:12/);
  expect(rows[7].text).toMatch(/Outgoing call\s*·\s*answered\s*·\s*3:02/);
  expect(rows[10].text).toMatch(/Incoming call\s*·\s*missed/);
  expect(rows[12].text).toContain('IMG-20261020-WA0003.jpg');
  expect(rows[9].text).toContain('Sorry, I was driving.\nCall you tomorrow?');
  expect(rows[6].text).toContain('今晚一起吃火锅吗？');
  expect(rows[5].text).toContain('好啊！七点老地方见 🍲');
  await page.getByTestId('scroller').evaluate((el) => (el.scrollTop = 0));
  // Header: contact links.
  await expect(page.locator('a[data-action="call"]').first()).toHaveAttribute('href', 'tel:+8613800138000');
  await expect(page.locator('a[data-action="sms"]').first()).toHaveAttribute('href', 'sms:+8613800138000');
  await expect(page.locator('a[data-action="whatsapp"]').first()).toHaveAttribute('href', 'https://wa.me/8613800138000');
  await expect(page.locator('a[data-action="telegram"]').first()).toHaveAttribute('href', 'tg://resolve?phone=8613800138000');
  // The activity chart has an accessible description and a table alternative.
  await expect(page.getByTestId('activity-calls')).toHaveAccessibleName(/Calls/);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'person.png') });
  expect(await seriousViolations(page)).toEqual([]);
});

test('binding: detach the Telegram identity, then undo', async () => {
  const tg = 'id:telegram:user7010203040';
  await page.getByRole('button', { name: /Detach Telegram: user7010203040/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator(`li[data-node="${tg}"]`)).toHaveCount(0);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(XIAO_YANG_EVENTS.length - 5);
  await page.getByTestId('undo').click();
  await expect(page.locator(`li[data-node="${tg}"]`)).toHaveCount(1);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(XIAO_YANG_EVENTS.length);
});

test('search in Chinese finds exactly the message', async () => {
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await ready(page);
  await page.getByLabel('Search messages').fill('火锅');
  await expect(page).toHaveURL(/\?q=%E7%81%AB%E9%94%85$/);
  await expect(page.getByTestId('event')).toHaveCount(1);
  await expect(page.getByTestId('event')).toContainText('今晚一起吃火锅吗？');
  await expect(page.getByTestId('event')).toHaveAttribute('data-channel', 'phone');
  await page.screenshot({ path: resolve(SCREENSHOTS, 'search.png') });
  // English too, case-insensitively.
  await page.getByLabel('Search messages').fill('HOTPOT');
  await expect(page.getByTestId('event')).toHaveCount(1);
  await expect(page.getByTestId('event')).toContainText('That hotpot place was amazing');
  await page.getByLabel('Search messages').fill('');
  await expect(page).toHaveURL(/\/$/);
});

test('filter: chat-app calls only; the URL keeps the filters across reload and back', async () => {
  await expect.poll(async () => (await timelineRows(page)).length).toBe(18);
  const filters = page.getByRole('group', { name: 'Filters' });
  await filters.getByRole('checkbox', { name: 'WhatsApp' }).check();
  await filters.getByRole('checkbox', { name: 'Telegram' }).check();
  await expect(page).toHaveURL(/\?channel=whatsapp&channel=telegram$/);
  await filters.getByRole('checkbox', { name: 'Calls' }).check();
  await expect(page).toHaveURL(/\?channel=whatsapp&channel=telegram&kind=call$/);
  const expected = ['telegram call in missed', 'telegram call out answered', 'whatsapp call in missed'];
  await expect(page.getByTestId('event')).toHaveCount(3);
  expect(await rowMarks(page)).toEqual(expected);
  await page.reload();
  await expect(page.getByTestId('event')).toHaveCount(3);
  expect(await rowMarks(page)).toEqual(expected);
  await expect(page.getByRole('checkbox', { name: 'Calls' })).toBeChecked();
  await page.goBack();
  await expect(page).toHaveURL(/\?channel=whatsapp&channel=telegram$/);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(10);
  await page.goForward();
  await expect(page.getByTestId('event')).toHaveCount(3);
  // Each record offers call back, SMS and its chat app.
  const wa = page.getByTestId('event').nth(2);
  await expect(wa.locator('a[data-action="call"]')).toHaveAttribute('href', 'tel:+8613800138000');
  await expect(wa.locator('a[data-action="whatsapp"]')).toHaveAttribute('href', 'https://wa.me/8613800138000');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/');
  await expect.poll(async () => (await timelineRows(page)).length).toBe(18);
  expect(await seriousViolations(page)).toEqual([]);
});

test('filters combine: person, direction and a date range (in the chosen time zone)', async () => {
  await page.getByLabel('Person').selectOption({ label: 'Xiao Yang' });
  await page.getByRole('group', { name: 'Filters' }).getByRole('checkbox', { name: 'Outgoing' }).check();
  await page.getByLabel('From').fill('2026-10-21');
  await page.getByLabel('To').fill('2026-10-22');
  await expect(page).toHaveURL(/person=.+&dir=out&from=2026-10-21&to=2026-10-22$/);
  await expect(page.getByTestId('event')).toHaveCount(2);
  expect(await rowMarks(page)).toEqual(['phone message out', 'phone call out answered']);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(18);
});

test('importing the same files again: everything already present', async () => {
  await importAll();
  for (const [file, n] of Object.entries(IMPORTED)) {
    await expect(await reportCell(file, 'imported'), file).toHaveText('0');
    await expect(await reportCell(file, 'present'), file).toHaveText(String(n));
  }
  await expect(page.getByTestId('import-summary')).toContainText('0 new, 18 already present');
  await expect(page.getByTestId('import-summary')).toContainText('Everything was already present.');
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByTestId('person')).toHaveCount(2);
});

test('settings page: storage in use, accessible', async () => {
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await ready(page);
  await expect(page.getByTestId('storage')).toContainText('used of');
  await expect(page.getByTestId('stats')).toHaveText('18 calls and messages, 2 people.');
  expect(await seriousViolations(page)).toEqual([]);
});

test('offline: reload with the network off still shows the app and the data', async () => {
  await page.goto('/people');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  try {
    await page.reload();
    await ready(page);
    await expect(page.getByTestId('person').filter({ hasText: 'Xiao Yang' })).toHaveCount(1);
    await page.getByRole('link', { name: 'Xiao Yang' }).click();
    await expect.poll(async () => (await timelineRows(page)).length).toBe(XIAO_YANG_EVENTS.length);
    await page.goto('/?q=%E7%81%AB%E9%94%85');
    await expect(page.getByTestId('event')).toHaveCount(1);
  } finally {
    await context.setOffline(false);
  }
});

test('language: switching to 简体中文 changes the UI and <html lang>', async () => {
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Language').selectOption('zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('navigation')).toContainText('时间线');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('设置');
  await page.getByRole('link', { name: '联系人', exact: true }).click();
  await expect(page.getByTestId('person').filter({ hasText: 'Xiao Yang' })).toContainText('电话');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/settings');
  await page.getByLabel('语言').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('no request left localhost during the whole run', async () => {
  expect(requests.length).toBeGreaterThan(10);
  expect(foreignRequests(requests, origin)).toEqual([]);
});
