import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fixture, ready, seriousViolations } from './helpers';

/** Failed and cancelled files leave the database unchanged, and the report says so. */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

function hugeCsv(rows: number): Buffer {
  const lines = ['v,channel,kind,direction,status,number,name,start,duration_sec,video,body,attachments,crosstalk_id,source_id'];
  const t0 = Date.parse('2020-01-01T00:00:00.000Z');
  for (let i = 0; i < rows; i++) {
    lines.push(`1,phone,sms,in,received,+1202555${String(i % 10000).padStart(4, '0')},,${new Date(t0 + i * 60_000).toISOString()},,,"Body ${i} lorem ipsum dolor sit amet",,,sms:${i}`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

test('a file that cannot be read fails with its error; the others import', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'holiday.png', mimeType: 'image/png', buffer: png },
    { name: 'calls-20261101.xml', mimeType: 'text/xml', buffer: readFileSync(fixture('calls-20261101.xml')) }
  ]);
  const failed = page.locator('tr[data-file="holiday.png"]');
  await expect(failed).toHaveAttribute('data-status', 'failed');
  await expect(failed.getByTestId('import-error')).toContainText('holiday.png');
  await expect(failed).toContainText('Nothing from this file was stored; the database is unchanged.');
  await expect(failed.locator('td[data-col="imported"]')).toHaveText('0');
  await expect(page.locator('tr[data-file="calls-20261101.xml"] td[data-col="imported"]')).toHaveText('3');
  await expect(page.getByTestId('import-summary')).toContainText('3 new, 0 already present, 0 skipped, 1 failed.');
  expect(await seriousViolations(page)).toEqual([]);
});

test('cancel: progress is shown per file, and a cancelled file stores nothing', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles({ name: 'big-dump.csv', mimeType: 'text/csv', buffer: hugeCsv(120_000) });
  const progress = page.getByRole('progressbar', { name: 'Progress of big-dump.csv' });
  await expect(progress).toBeVisible();
  await expect(page.getByText(/stored/)).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  const row = page.locator('tr[data-file="big-dump.csv"]');
  await expect(row).toHaveAttribute('data-status', 'cancelled', { timeout: 60_000 });
  await expect(row.locator('td[data-col="imported"]')).toHaveText('0');
  await expect(row).toContainText('Cancelled: nothing from this file was stored.');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByTestId('stats')).toHaveText('0 calls and messages, 0 people.');
});
