import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ready, seriousViolations, timelineRows } from './helpers';

/**
 * One friend, Edson (+1 732 321 4444), on three channels: an SMS from the phone dump, a Google Voice text
 * thread (the real Takeout sample from the shared corpus) and a Messenger thread (Facebook's mojibake JSON).
 * The Google Voice number joins the SMS person by itself; the Messenger identity joins after attaching it.
 */
test.use({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });

const EDSON = 'Edson Arantes do Nascimento';
const GV_FILE = 'gvoice-sms-takeout-xml__Edson_Arantes_do_Nascimento_-_Text_-_2023-09-20T14_41_11Z.html';
const gvHtml = readFileSync(resolve('../shared/corpus/gvoice-html', GV_FILE));

const sms = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>\n<smses count="1">\n' +
    '  <sms protocol="0" address="+17323214444" date="1695300000000" type="1" body="Call me on Voice" read="1" status="-1" contact_name="(Unknown)" />\n</smses>\n'
);

/** Facebook writes every UTF-8 byte of a string as its own \u00XX escape. */
const mojibake = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\u00${b.toString(16).padStart(2, '0')}`)).join('');
const messenger = Buffer.from(
  JSON.stringify(
    {
      participants: [{ name: EDSON }, { name: 'Maria Curie' }],
      messages: [
        { sender_name: 'Maria Curie', timestamp_ms: Date.parse('2023-09-22T10:02:00Z'), type: 'Call', content: 'You called Edson.', call_duration: 75 },
        { sender_name: 'Maria Curie', timestamp_ms: Date.parse('2023-09-22T10:01:00Z'), content: 'Good to hear', type: 'Generic' },
        { sender_name: EDSON, timestamp_ms: Date.parse('2023-09-22T10:00:00Z'), content: 'OLA_MARK', type: 'Generic' }
      ],
      title: EDSON,
      thread_path: 'inbox/edsonarantesdonascimento_123'
    },
    null,
    2
  ).replace('OLA_MARK', mojibake('Olá, Maria! 😀'))
);

test('Google Voice and Messenger threads of one friend: badges, the number joins by itself, Messenger after attaching', async ({ page }) => {
  await page.goto('/settings');
  await ready(page);
  await page.getByLabel('Default region for phone numbers').selectOption('US');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('settings-status')).toContainText('Saved');

  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await ready(page);
  await page.getByTestId('file-input').setInputFiles([
    { name: 'sms-20230925.xml', mimeType: 'text/xml', buffer: sms },
    { name: GV_FILE, mimeType: 'text/html', buffer: gvHtml },
    { name: 'message_1.json', mimeType: 'application/json', buffer: messenger }
  ]);
  await expect(page.getByTestId('import-report')).toBeVisible({ timeout: 60_000 });
  for (const [file, n] of [['sms-20230925.xml', '1'], [GV_FILE, '18'], ['message_1.json', '3']]) {
    await expect(page.locator(`tr[data-file="${file}"] td[data-col="imported"]`), file).toHaveText(n);
  }

  // The timeline shows both apps with their badges; the mojibake is repaired.
  await page.getByRole('link', { name: 'Timeline', exact: true }).click();
  await ready(page);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(22);
  const rows = await timelineRows(page);
  expect(rows.slice(0, 4).map((r) => r.marks)).toEqual(['messenger call out answered', 'messenger message out', 'messenger message in', 'phone message in']);
  expect(rows.filter((r) => r.marks.startsWith('gvoice message')).length).toBe(18);
  expect(rows[2].text).toContain('Olá, Maria! 😀');
  expect(rows[0].text).toMatch(/Outgoing call\s*·\s*answered\s*·\s*1:15/);
  await expect(page.locator('[data-testid="event"][data-channel="gvoice"] .badge').first()).toHaveText('Google Voice');
  await page.getByTestId('scroller').evaluate((el) => (el.scrollTop = 0));
  await expect(page.locator('[data-testid="event"][data-channel="messenger"] .badge').first()).toHaveText('Messenger');

  // People: the Google Voice number joined the SMS person; the Messenger name stands alone (no number).
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await ready(page);
  await expect(page.getByTestId('person')).toHaveCount(2);
  const withNumber = page.getByTestId('person').filter({ hasText: '732' });
  await expect(withNumber.getByRole('heading')).toHaveText(EDSON);
  await expect(withNumber.locator('.badges [data-channel]')).toHaveText(['Phone1', 'Google Voice18']);
  const onMessenger = page.getByTestId('person').filter({ hasNotText: '732' });
  await expect(onMessenger.locator('.badges [data-channel]')).toHaveText(['Messenger3']);
  expect(await seriousViolations(page)).toEqual([]);

  // Binding: attach the Messenger identity to the person with the number.
  await withNumber.getByRole('link', { name: EDSON }).click();
  await expect(page.getByTestId('person-name')).toHaveText(EDSON);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(19);
  // The attach picker is a combobox: type part of the name, choose with the arrow keys and Enter.
  const picker = page.getByRole('combobox', { name: 'Attach an identity or number of another person' });
  await picker.fill(EDSON.slice(0, 4));
  await expect(page.getByRole('option')).toHaveText([`${EDSON} — Messenger: ${EDSON}`]);
  await picker.press('ArrowDown');
  await picker.press('Enter');
  await expect(picker).toHaveValue(`${EDSON} — Messenger: ${EDSON}`);
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator(`li[data-node="id:messenger:${EDSON}"]`)).toHaveCount(1);
  await expect.poll(async () => (await timelineRows(page)).length).toBe(22);
  const merged = await timelineRows(page);
  expect(new Set(merged.map((r) => r.marks.split(' ')[0]))).toEqual(new Set(['messenger', 'phone', 'gvoice']));
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await expect(page.getByTestId('person')).toHaveCount(1);
  await expect(page.getByTestId('person').locator('.badges [data-channel]')).toHaveText(['Phone1', 'Google Voice18', 'Messenger3']);
});
