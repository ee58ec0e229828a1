import { expect, test } from '@playwright/test';
import { fixture, ready, seriousViolations, timelineRows } from './helpers';

/** A QQ message-manager export and a WeChat CSV go into the timeline with their apps' badges. */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

test('a QQ .txt and a WeChat CSV import and show on the timeline with QQ and WeChat badges', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([fixture('qq-export.txt'), fixture('李雷_utf8.csv')]);
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('tr[data-file="qq-export.txt"] td[data-col="imported"]')).toHaveText('2');
  await expect(page.locator('tr[data-file="李雷_utf8.csv"] td[data-col="imported"]')).toHaveText('3');

  await page.goto('/');
  await expect.poll(async () => (await timelineRows(page)).length).toBe(5);
  const rows = await timelineRows(page);
  expect(rows.map((r) => [r.marks, r.datetime])).toEqual([
    ['wechat call out answered', '2026-10-20T11:10:00.000Z'],
    ['qq message out', '2026-10-20T11:06:00.000Z'],
    ['qq message in', '2026-10-20T11:05:07.000Z'],
    ['wechat message out', '2026-10-20T11:01:00.000Z'],
    ['wechat message in', '2026-10-20T11:00:00.000Z']
  ]);
  const badges = page.getByTestId('event').locator('[data-channel]');
  await expect(badges).toHaveText(['WeChat', 'QQ', 'QQ', 'WeChat', 'WeChat']);
  await expect(page.getByTestId('event').filter({ hasText: '明天一起吃火锅' })).toHaveCount(1);
  await expect(page.getByTestId('event').filter({ hasText: '周末去爬山吗' })).toHaveCount(1);
  expect(await seriousViolations(page)).toEqual([]);
});
