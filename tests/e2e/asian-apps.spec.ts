import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
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

/**
 * One friend, 韩梅梅, on the phone (an SMS with her number), in QQ (the message manager's export) and in WeChat
 * (a WeChatMsg CSV): the chat identities carry no number, so they are bound to her by hand; then her timeline
 * holds a Chinese word from each app.
 */
const sms = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<smses count="1">\n' +
    '  <sms protocol="0" address="+8613912345678" date="1792490400000" type="1" body="到家了吗" read="1" status="-1" contact_name="韩梅梅" />\n</smses>\n'
);
const wechat = Buffer.from(
  '\ufefflocalId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender\n' +
    '1,9,1,0,0,1792495200,2,下班一起吃火锅,2026-10-20 19:20:00,韩梅梅,Meimei,wxid_hanmeimei\n' +
    '2,9,1,0,1,1792495260,2,好的,2026-10-20 19:21:00,林,Lin,wxid_lin\n'
);

test('a QQ export and a WeChat CSV of a friend with phone records: bound by hand, both apps on her timeline', async ({ page }) => {
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Default region for phone numbers').selectOption('CN');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('settings-status')).toContainText('Saved');

  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'sms-20261020.xml', mimeType: 'text/xml', buffer: sms },
    { name: 'qq-export.txt', mimeType: 'text/plain', buffer: readFileSync(fixture('qq-export.txt')) },
    { name: '韩梅梅_utf8.csv', mimeType: 'text/csv', buffer: wechat }
  ]);
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  for (const [file, n] of [['sms-20261020.xml', '1'], ['qq-export.txt', '2'], ['韩梅梅_utf8.csv', '2']]) {
    await expect(page.locator(`tr[data-file="${file}"] td[data-col="imported"]`), file).toHaveText(n);
  }

  await page.getByRole('link', { name: 'People', exact: true }).click();
  await ready(page);
  const withNumber = page.getByTestId('person').filter({ hasText: '139' });
  await withNumber.getByRole('link').first().click();
  await expect(page.getByTestId('person-name')).toHaveText('韩梅梅');
  await expect.poll(async () => (await timelineRows(page)).length).toBe(1);

  const picker = page.getByRole('combobox', { name: 'Attach an identity or number of another person' });
  for (const app of ['QQ', 'WeChat']) {
    await picker.fill('韩梅梅');
    await expect(page.getByRole('option').filter({ hasText: app })).toHaveCount(1);
    await page.getByRole('option').filter({ hasText: app }).click();
    await page.getByRole('button', { name: 'Attach', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  }

  await expect.poll(async () => (await timelineRows(page)).length).toBe(5);
  const rows = await timelineRows(page);
  expect(rows.map((r) => r.marks)).toEqual(['wechat message out', 'wechat message in', 'qq message out', 'qq message in', 'phone message in']);
  await expect(page.getByTestId('event').filter({ hasText: '下班一起吃火锅' })).toHaveCount(1);
  await expect(page.getByTestId('event').filter({ hasText: '周末去爬山吗' })).toHaveCount(1);
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByTestId('person').filter({ hasText: '韩梅梅' })).toHaveCount(1);
});
