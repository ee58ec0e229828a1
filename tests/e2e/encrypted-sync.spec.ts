import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixture, ready, seriousViolations } from './helpers';

/** Encrypted sync files: export with a passphrase on one device, import on another with a wrong, then the right one. */
const CONTEXT = { viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' } as const;
test.use(CONTEXT);

const PASSPHRASE = '晚上好 correct horse';

async function device(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ ...CONTEXT, baseURL });
  return { context, page: await context.newPage() };
}

async function openSync(page: Page) {
  await page.goto('/sync');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sync');
}

test('encrypted sync file: exported with a passphrase; a wrong passphrase imports nothing, the right one imports everything', async ({ browser }, info) => {
  const baseURL = info.project.use.baseURL!;
  const a = await device(browser, baseURL);
  const b = await device(browser, baseURL);
  try {
    await a.page.goto('/import');
    await ready(a.page);
    const files = ['sms-20261101.xml', 'calls-20261101.xml', 'contacts.vcf'];
    await a.page.getByTestId('file-input').setInputFiles(files.map(fixture));
    await expect(a.page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
    for (const f of files) await expect(a.page.locator(`tr[data-file="${f}"]`)).toHaveAttribute('data-status', 'done');

    await openSync(a.page);
    await a.page.getByTestId('sync-passphrase').fill('short');
    await expect(a.page.getByTestId('sync-passphrase-problem')).toHaveText('The passphrase needs at least 8 characters.');
    await a.page.getByTestId('sync-passphrase').fill(PASSPHRASE);
    await expect(a.page.getByTestId('sync-passphrase-problem')).toHaveText('The two passphrases differ.');
    await expect(a.page.getByTestId('sync-export')).toBeDisabled();
    await a.page.getByTestId('sync-passphrase-repeat').fill(PASSPHRASE);
    await expect(a.page.getByTestId('sync-passphrase-problem')).toHaveCount(0);
    expect(await seriousViolations(a.page)).toEqual([]);
    const [download] = await Promise.all([a.page.waitForEvent('download', { timeout: 60_000 }), a.page.getByRole('button', { name: 'Export encrypted sync file' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^crosstalk-sync-[\dT-]+\.ctsync\.enc$/);
    const path = resolve(info.outputPath('a'), download.suggestedFilename());
    await download.saveAs(path);
    const bytes = readFileSync(path);
    const text = bytes.toString('latin1');
    expect(text.startsWith('{"format":"crosstalk-sync-encrypted","version":1,"cipher":"AES-256-GCM"')).toBe(true);
    for (const secret of ['Xiao Yang', '+8613800138000', '13800138000', 'crosstalk-sync"']) expect(text.includes(secret), secret).toBe(false);

    await openSync(b.page);
    await b.page.getByTestId('sync-import-input').setInputFiles(path);
    const run = b.page.getByTestId('run-sync');
    await expect(run.locator('tbody tr')).toHaveAttribute('data-status', 'failed', { timeout: 60_000 });
    await expect(run.getByTestId('import-error')).toHaveText(`${download.suggestedFilename()}: the file is encrypted: enter its passphrase`);
    const prompt = run.getByTestId('passphrase-prompt');
    await expect(prompt).toContainText(`Encrypted: ${download.suggestedFilename()}. Enter the passphrase it was exported with.`);

    await prompt.getByLabel(/Enter the passphrase/).fill('晚上好 wrong horse');
    await prompt.getByRole('button', { name: 'Decrypt and import' }).click();
    await expect(run.getByTestId('passphrase-wrong')).toHaveText('Wrong passphrase: nothing was imported. Try again.', { timeout: 60_000 });
    await expect(run.getByTestId('import-error')).toHaveText(`${download.suggestedFilename()}: wrong passphrase (or the file header was altered)`);
    await expect(run.getByTestId('import-summary')).toContainText('0 new, 0 already present, 0 skipped, 1 failed.');
    expect(await seriousViolations(b.page)).toEqual([]);
    await b.page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(b.page.getByRole('heading', { level: 1 })).toHaveText('People');
    await expect(b.page.getByTestId('person')).toHaveCount(0);

    await openSync(b.page);
    await b.page.getByTestId('sync-import-input').setInputFiles(path);
    await expect(run.getByTestId('passphrase-prompt')).toBeVisible({ timeout: 60_000 });
    await run.getByTestId('passphrase-input').fill(PASSPHRASE);
    await run.getByTestId('passphrase-input').press('Enter');
    await expect(run.locator('tbody tr')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(run.locator('td[data-col="imported"]')).toHaveText('8');
    await expect(run.getByTestId('passphrase-prompt')).toHaveCount(0);
    await b.page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(b.page.getByRole('heading', { level: 1 })).toHaveText('People');
    await expect(b.page.locator('main p[role="status"]')).toHaveText('2 people');
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
