import { expect, test, type Page } from '@playwright/test';
import { FILES, fixture, ready } from './helpers';

/** Layout on a phone and a laptop: folded filters, channels that exist, marked search words, month jump, a long People list. */
test.use({ locale: 'en-US', timezoneId: 'Asia/Shanghai' });

const CSV_HEADER = 'v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id';

async function importFiles(page: Page, files: Parameters<Page['setInputFiles']>[1]) {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(files);
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
}

async function openTimeline(page: Page, search = '') {
  await page.goto('/' + search);
  await ready(page);
  await expect(page.getByTestId('scroller')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('event').first()).toBeVisible();
}

test('phone width: the first record shows without scrolling; the filters fold behind a button with the active count', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await importFiles(page, FILES.map(fixture));
  await openTimeline(page);

  const toggle = page.getByTestId('filters-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toHaveText('Filters');
  await expect(page.getByRole('group', { name: 'Filters' })).toBeHidden();
  const first = await page.getByTestId('event').first().boundingBox();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(first!.y + first!.height).toBeLessThanOrEqual(844);

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('group', { name: 'Filters' }).getByLabel('WhatsApp').check();
  await page.getByRole('group', { name: 'Filters' }).getByLabel('Calls').check();
  await expect(page).toHaveURL(/channel=whatsapp&kind=call$/);
  await expect(toggle).toHaveText('Filters 2 active');
  await toggle.click();
  await expect(page.getByRole('group', { name: 'Filters' })).toBeHidden();
  await expect(page.getByTestId('event').first()).toBeInViewport();
});

test('channels without events are not offered; search words are marked, English and Chinese', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await importFiles(page, FILES.map(fixture));
  await openTimeline(page);
  const channels = page.getByRole('group', { name: 'Filters' }).locator('input[name="channel"]');
  await expect(channels).toHaveCount(3);
  expect(await channels.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['phone', 'whatsapp', 'telegram']);
  // A channel selected in the URL stays offered so it can be cleared.
  await openTimeline(page, '?channel=signal&channel=phone');
  expect(await channels.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['phone', 'whatsapp', 'telegram', 'signal']);

  await openTimeline(page, '?q=HOTPOT');
  await expect(page.getByTestId('event')).toHaveCount(1);
  await expect(page.getByTestId('event').locator('.body')).toHaveText('That hotpot place was amazing 🌶️');
  await expect(page.getByTestId('event').locator('mark')).toHaveText(['hotpot']);

  await openTimeline(page, '?q=' + encodeURIComponent('火锅'));
  await expect(page.getByTestId('event')).toHaveCount(1);
  await expect(page.getByTestId('event').locator('.body')).toHaveText('今晚一起吃火锅吗？');
  await expect(page.getByTestId('event').locator('mark')).toHaveText(['火锅']);
});

/** 300 SMS, one every 80 hours from 2024-01-01 12:00 Shanghai time to 2026-09-24. */
function spreadCsv(): string {
  const t0 = Date.UTC(2024, 0, 1, 4, 0, 0);
  const lines = [CSV_HEADER];
  for (let i = 0; i < 300; i++) {
    lines.push(`1,phone,sms,in,received,+8613800138000,Xiao Yang,${new Date(t0 + i * 80 * 3600_000).toISOString()},,,"Message ${i}",,,sms:${i}`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** The day heading and the event at the top of the timeline's viewport. */
async function topOfTimeline(page: Page): Promise<{ day: string | null; datetime: string | null }> {
  return page.getByTestId('scroller').evaluate((el) => {
    const r = el.getBoundingClientRect();
    const at = (y: number) => document.elementFromPoint(r.left + 40, r.top + y);
    return {
      day: at(8)?.closest('.day')?.querySelector('time')?.getAttribute('datetime') ?? null,
      datetime: at(60)?.closest('[data-testid="event"]')?.querySelector('time')?.getAttribute('datetime') ?? null
    };
  });
}

test('the month jump lands on the newest record of the month, loaded or not, and goes back to the newest', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await importFiles(page, [{ name: 'spread.csv', mimeType: 'text/csv', buffer: Buffer.from(spreadCsv()) }]);
  await openTimeline(page);
  const jump = page.getByLabel('Jump to month');
  await expect(jump.locator('option')).toHaveCount(34);
  await expect(jump.locator('option').nth(1)).toHaveText('Sep 2026 (7)');

  // Within the loaded pages: scrolled to.
  await jump.selectOption('2026-07');
  await expect.poll(() => topOfTimeline(page)).toEqual({ day: '2026-07-29', datetime: '2026-07-29T04:00:00.000Z' });
  await expect(page.getByRole('button', { name: 'Back to the newest' })).toHaveCount(0);

  // Far beyond them: the list starts there.
  await jump.selectOption('2024-03');
  await expect.poll(() => topOfTimeline(page)).toEqual({ day: '2024-03-31', datetime: '2024-03-31T04:00:00.000Z' });
  await expect(page.getByText('Showing from Mar 2024 back.')).toBeVisible();
  await page.getByRole('button', { name: 'Back to the newest' }).click();
  await expect.poll(() => topOfTimeline(page)).toEqual({ day: '2026-09-24', datetime: '2026-09-23T20:00:00.000Z' });

  // With the keyboard: focus the select and choose with the arrow keys.
  await jump.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(jump).toHaveValue('2026-08');
  await expect.poll(() => topOfTimeline(page)).toEqual({ day: '2026-08-31', datetime: '2026-08-31T12:00:00.000Z' });
});

const PEOPLE = 5000;
const pad = (i: number) => String(i).padStart(4, '0');
const numberOf = (i: number) => `+86139${pad(i)}${pad(i)}`;

function peopleVcf(): string {
  return Array.from({ length: PEOPLE }, (_, i) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Contact ${pad(i)}\r\nTEL;TYPE=CELL:${numberOf(i)}\r\nEND:VCARD\r\n`).join('');
}

/** One SMS per contact, Contact 4999 the most recent. */
function peopleCsv(): string {
  const t0 = Date.UTC(2026, 0, 1);
  const lines = [CSV_HEADER];
  for (let i = 0; i < PEOPLE; i++) lines.push(`1,phone,sms,in,received,${numberOf(i)},,${new Date(t0 + i * 60_000).toISOString()},,,hello ${i},,,sms:${i}`);
  return lines.join('\r\n') + '\r\n';
}

test('5 000 people: the list keeps fewer than 200 cards in the DOM and scrolls to the last person', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 860 });
  await importFiles(page, [
    { name: 'people.vcf', mimeType: 'text/vcard', buffer: Buffer.from(peopleVcf()) },
    { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(peopleCsv()) }
  ]);
  await page.goto('/people');
  await ready(page);
  await expect(page.getByRole('main').getByRole('status')).toHaveText('5000 people');
  const cards = page.getByTestId('person');
  await expect(cards.first().getByRole('heading')).toHaveText('Contact 4999');
  expect(await cards.count()).toBeLessThan(200);

  const scroller = page.getByTestId('people-scroller');
  for (let i = 0; i < 20; i++) {
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.waitForTimeout(100);
    if (await cards.last().getByRole('heading').textContent() === 'Contact 0000') break;
  }
  await expect(cards.last().getByRole('heading')).toHaveText('Contact 0000');
  await expect(cards.last()).toBeInViewport();
  expect(await cards.count()).toBeLessThan(200);

  await page.getByRole('searchbox', { name: 'Filter people' }).fill('Contact 1234');
  // The filter also matches numbers holding the digits 1234 (+86139 2341 2341, …), most recent first.
  await expect(cards.getByRole('heading')).toHaveText(['Contact 4123', 'Contact 3412', 'Contact 2341', 'Contact 1234']);
});
