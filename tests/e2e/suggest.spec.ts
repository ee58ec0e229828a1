import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';
import { fixture, ready, SCREENSHOTS, seriousViolations, timelineRows } from './helpers';

/**
 * Suggested matches: a QQ friend and a WeChat contact without numbers, and a vCard + SMS backup that give
 * 韩梅梅 and Li Lei numbers. The queue is worked with the keyboard only: reject, accept, undo, accept again.
 */
test.use({ viewport: { width: 1280, height: 860 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

const FILES = ['qq-export.txt', '李雷_utf8.csv', 'suggest-contacts.vcf', 'suggest-sms.xml'];

test('review queue: reject, accept and undo with one key each; accepted events join the person; a rejection survives a reload', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(FILES.map(fixture));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });

  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.locator('.review .pill')).toHaveText('2 possible matches');
  await expect(page.getByTestId('pending-badge')).toHaveCount(4);
  await page.getByTestId('review-link').click();

  const count = page.getByTestId('suggest-count');
  const card = page.getByTestId('suggestion');
  await expect(count).toHaveText('2 possible matches');
  await expect(card.getByTestId('identity')).toHaveText('韩梅梅');
  await expect(card.getByTestId('person-name')).toHaveText('韩梅梅');
  await expect(card.getByTestId('evidence').locator('li')).toHaveText(['same name as the vCard contact 韩梅梅']);
  await expect(page.getByRole('button', { name: 'Accept: QQ: 韩梅梅 is 韩梅梅' })).toBeVisible();
  await expect(page.getByTestId('accept-strong')).toHaveText('Accept all 2 strong matches');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'review.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(card).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'review-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  // N: not this person.
  await page.keyboard.press('n');
  await expect(page.getByTestId('suggest-message')).toHaveText('Noted: QQ: 韩梅梅 is not 韩梅梅.');
  await expect(count).toHaveText('1 possible match');
  await expect(card.getByTestId('identity')).toHaveText('李雷');
  await expect(card.getByTestId('evidence').locator('li')).toHaveText(['Li Lei is the pinyin of 李雷']);

  // A: accept; U: undo; A again.
  await page.keyboard.press('a');
  await expect(count).toHaveText('No possible matches to review.');
  await expect(page.getByTestId('suggest-message')).toHaveText('Accepted: WeChat: 李雷 is Li Lei.');
  await page.keyboard.press('u');
  await expect(count).toHaveText('1 possible match');
  await expect(card.getByTestId('identity')).toHaveText('李雷');
  await page.keyboard.press('a');
  await expect(count).toHaveText('No possible matches to review.');

  // The WeChat chat is now on Li Lei's timeline, beside the SMS.
  await page.getByRole('link', { name: 'All people' }).click();
  await expect(page.getByTestId('pending-badge')).toHaveCount(0);
  await page.getByTestId('person').getByRole('link', { name: 'Li Lei' }).click();
  await expect.poll(async () => (await timelineRows(page)).map((r) => r.marks)).toEqual([
    'wechat call out answered',
    'wechat message out',
    'wechat message in',
    'phone message out',
    'phone message in'
  ]);

  // The rejection is remembered after a reload.
  await page.goto('/people/review');
  await page.reload();
  await ready(page);
  await expect(count).toHaveText('No possible matches to review.');
  await expect(page.getByTestId('review-link')).toHaveCount(0);
});

test('a person’s page says who they might also be, and the queue reads in Chinese', async ({ page }) => {
  await page.goto('/import');
  await ready(page);
  await page.getByTestId('file-input').setInputFiles(FILES.map(fixture));
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByTestId('person').getByRole('link', { name: 'Li Lei' }).click();
  const might = page.getByTestId('might-also-be');
  await expect(might.locator('li')).toHaveText(['WeChat: 李雷 — Li Lei is the pinyin of 李雷']);
  await might.getByRole('link', { name: 'Review possible matches' }).click();
  await expect(page.getByTestId('suggest-count')).toHaveText('2 possible matches');
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Language').selectOption('zh');
  // Switched once the worker has saved the preference (the page is reloaded next).
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.goto('/people/review');
  await ready(page);
  await expect(page.getByTestId('suggest-count')).toHaveText('2 个可能的匹配');
  await expect(page.getByTestId('evidence').locator('li')).toHaveText(['与通讯录联系人 韩梅梅 同名']);
  await expect(page.getByRole('button', { name: '接受：QQ: 韩梅梅 是 韩梅梅' })).toBeVisible();
});
