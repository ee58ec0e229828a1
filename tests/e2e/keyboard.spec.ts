import { expect, test } from '@playwright/test';
import { fixture, ready, tabTo } from './helpers';

/** Everything with the keyboard only: settings, an import through the file input, and reaching the person. */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai' });

test('keyboard only: settings, import via the file input, open the person', async ({ page }) => {
  await page.goto('/');
  await ready(page);

  // The skip link comes first and moves focus to <main>.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to content');
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // Settings: region CN (type-ahead on the select), me = Lin, save.
  await tabTo(page, 'nav a[href="/settings"]', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await tabTo(page, 'select[id$="-sel"]');
  await page.keyboard.type('China');
  await expect(page.locator('select[id$="-sel"]')).toHaveValue('CN');
  await tabTo(page, 'input[placeholder="New name or number"]');
  await page.keyboard.type('Lin');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('me-list')).toContainText('Lin');
  await tabTo(page, 'button[type="submit"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settings-status')).toContainText('Saved');

  // Import: Tab to the file input and open it with the keyboard.
  await tabTo(page, 'nav a[href="/import"]', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import');
  await tabTo(page, 'input[type="file"]');
  await expect(page.locator('label.picker')).toHaveCSS('outline-style', 'solid'); // visible focus
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles([fixture('sms-20261101.xml'), fixture('calls-20261101.xml'), fixture('contacts.vcf')]);
  await expect(page.getByTestId('import-report')).toBeVisible();
  await expect(page.locator('tr[data-file="sms-20261101.xml"] td[data-col="imported"]')).toHaveText('5');
  await expect(page.locator('tr[data-file="calls-20261101.xml"] td[data-col="imported"]')).toHaveText('3');

  // The skipped records are expandable with the keyboard.
  await tabTo(page, 'tr[data-file="sms-20261101.xml"] summary');
  await page.keyboard.press('Enter');
  await expect(page.locator('tr[data-file="sms-20261101.xml"] details')).toHaveAttribute('open', '');

  // People → Xiao Yang.
  await tabTo(page, 'nav a[href="/people"]', { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('People');
  await tabTo(page, 'a[href="/people/num%3A%2B8613800138000"]');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('person-name')).toHaveText('Xiao Yang');
  await expect(page.getByTestId('event')).toHaveCount(7);

  // The timeline region scrolls with the keyboard.
  await tabTo(page, '[role="region"][aria-label="Timeline"]');
  await page.keyboard.press('End');
});
