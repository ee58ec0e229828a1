import { expect, test } from '@playwright/test';
import { ready, timelineRows } from './helpers';

/** The timeline is virtualized: a few thousand events keep the DOM small, and scrolling pages through them all. */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

const COUNT = 600;

function bigCsv(): string {
  const lines = ['v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id'];
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  for (let i = 0; i < COUNT; i++) {
    const number = `+861380013${String(8000 + (i % 12)).padStart(4, '0')}`;
    const start = new Date(t0 + i * 3_600_000 * 7).toISOString();
    if (i % 3 === 0) lines.push(`1,phone,call,${i % 2 ? 'in' : 'out'},answered,${number},Friend ${i % 12},${start},${30 + i},0,,,,call:${i}`);
    else lines.push(`1,phone,sms,${i % 2 ? 'in' : 'out'},${i % 2 ? 'received' : 'sent'},${number},Friend ${i % 12},${start},,,"Message number ${i}",,,sms:${i}`);
  }
  return lines.join('\r\n') + '\r\n';
}

test('virtualized timeline: few rows in the DOM, every page reachable by scrolling', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'phone-dump.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv()) });
  await expect(page.locator('tr[data-file="phone-dump.csv"] td[data-col="imported"]')).toHaveText(String(COUNT));

  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await ready(page);
  const scroller = page.getByTestId('scroller');
  await expect(scroller).toHaveAttribute('data-ready', 'true');
  const rendered = await page.getByTestId('event').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(60);
  await expect(scroller.getByRole('status')).toContainText('60 shown, scroll for more');

  const rows = await timelineRows(page);
  expect(rows).toHaveLength(COUNT);
  expect(new Set(rows.map((r) => r.id)).size).toBe(COUNT);
  const starts = rows.map((r) => Date.parse(r.datetime));
  expect([...starts].sort((a, b) => b - a)).toEqual(starts);
  await expect(scroller.getByRole('status')).toHaveText(`${COUNT} shown`);
  expect(await page.getByTestId('event').count()).toBeLessThan(60);
});
