import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { ready, seriousViolations, timelineRows } from './helpers';

const mapped = (name: string) => resolve('tests/fixtures/mapped-csv', name);

test.use({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

test('a CSV no importer knows: map its columns, check the preview, save the preset; the next file with that header imports by itself', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([mapped('zalo-november.csv')]);
  await expect(page.locator('tr[data-file="zalo-november.csv"]')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await page.getByTestId('map-columns').click();

  const mapper = page.getByTestId('csv-mapper');
  await expect(mapper.getByRole('heading', { level: 2 })).toHaveText('Map the columns of zalo-november.csv');
  // Guessed from the header: time, name, number and text.
  await expect(mapper.locator('[data-field="time"]')).toHaveValue('Date');
  await expect(mapper.locator('[data-field="name"]')).toHaveValue('Contact');
  await expect(mapper.locator('[data-field="number"]')).toHaveValue('Number');
  await expect(mapper.locator('[data-field="body"]')).toHaveValue('Message');
  await mapper.locator('[data-field="format"]').selectOption('ymd');
  await mapper.locator('[data-field="direction"]').selectOption('column:Outgoing');
  await mapper.locator('[data-field="outgoing"]').fill('1');
  await mapper.locator('[data-field="channel"]').selectOption('column:App');
  await mapper.locator('[data-field="kind"]').selectOption('column:Type');
  await mapper.locator('[data-field="calls"]').fill('call');
  await mapper.locator('[data-field="duration"]').selectOption('Duration');

  const cells = (line: number) => mapper.locator(`[data-testid="preview-row"][data-line="${line}"] td`);
  await expect(cells(2)).toHaveText(['2', 'Nov 3, 2026 09:15', 'Other', 'Outgoing', 'Xiao Yang', '+8613800138000', '明天见 at 7']);
  await expect(cells(3)).toHaveText(['3', 'Nov 3, 2026 18:40', 'Other', 'Incoming', 'Xiao Yang', '+8613800138000', 'Call · answered · 2:05']);
  await expect(cells(4)).toHaveText(['4', 'Skipped: Message: the message is empty']);
  expect(await seriousViolations(page)).toEqual([]);

  await mapper.getByRole('button', { name: 'Import and save the mapping' }).click();
  const row = page.locator('tr[data-file="zalo-november.csv"]');
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(row.locator('td[data-col="imported"]')).toHaveText('2');
  await expect(row.locator('td[data-col="skipped"]')).toContainText('1');
  await expect(page.getByTestId('csv-mapper')).toHaveCount(0);

  await page.getByTestId('file-input').setInputFiles([mapped('zalo-december.csv')]);
  const next = page.locator('tr[data-file="zalo-december.csv"]');
  await expect(next).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(next.locator('td[data-col="imported"]')).toHaveText('1');
  await expect(page.getByTestId('map-columns')).toHaveCount(0);

  await page.goto('/');
  await expect.poll(async () => (await timelineRows(page)).length).toBe(3);
  const rows = await timelineRows(page);
  expect(rows.map((r) => [r.marks, r.datetime])).toEqual([
    ['other message in', '2026-11-05T13:07:00.000Z'],
    ['other call in answered', '2026-11-03T10:40:00.000Z'],
    ['other message out', '2026-11-03T01:15:00.000Z']
  ]);
  await expect(page.getByTestId('event').filter({ hasText: '火锅店订好了' })).toHaveCount(1);
  await expect(page.getByTestId('event').filter({ hasText: '明天见 at 7' })).toHaveCount(1);
});

test('the unknown-format message opens the export guides, one per app', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('shopping list\nmilk\n') }]);
  await expect(page.locator('tr[data-file="notes.txt"]')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('map-columns')).toHaveCount(0);
  await expect(page.getByTestId('guides')).not.toHaveAttribute('open');
  await page.getByTestId('guides-link').click();
  await expect(page.getByTestId('guides')).toHaveAttribute('open');
  await expect(page).toHaveURL(/\/import#guides$/);
  const line = page.locator('[data-guide="line"]');
  await line.locator('summary').click();
  await expect(line.locator('li')).toHaveText([
    'Open the chat → ≡ (top right) → Settings → Export chat history.',
    'Save or share the .txt.',
    'Drop the .txt ([LINE] Chat with NAME.txt).'
  ]);
  await expect(page.locator('[data-guide]')).toHaveCount(15);
});
