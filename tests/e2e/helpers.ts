import { expect, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { resolve } from 'node:path';

export const FIXTURES = resolve('tests/fixtures/e2e');
export const FILES = ['sms-20261101.xml', 'calls-20261101.xml', 'WhatsApp Chat with Xiao Yang.txt', 'result.json', 'contacts.vcf'];
export const fixture = (name: string) => resolve(FIXTURES, name);
export const SCREENSHOTS = resolve('docs/screenshots');

/** Every request the context makes, to prove nothing leaves the device. */
export function recordRequests(context: BrowserContext): string[] {
  const urls: string[] = [];
  context.on('request', (r) => urls.push(r.url()));
  return urls;
}

export function foreignRequests(urls: string[], origin: string): string[] {
  return urls.filter((u) => !(u.startsWith(origin + '/') || u === origin || u.startsWith('data:') || u.startsWith('blob:')));
}

/** The app has loaded its settings from the data worker and shows a page. */
export async function ready(page: Page, timeout?: number): Promise<void> {
  await expect(page.locator('main h1')).toBeVisible({ timeout });
}

export async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`; fails after `max` presses. */
export async function tabTo(page: Page, selector: string, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    const hit = await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
    if (hit) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${selector} with the keyboard`);
}

/** The rows of the visible timeline as [channel, kind, direction, status?]. */
export async function rowMarks(page: Page): Promise<string[]> {
  return page
    .getByTestId('event')
    .evaluateAll((rows) =>
      rows.map((r) => {
        const d = (r as HTMLElement).dataset;
        return [d.channel, d.kind, d.direction, d.status].filter(Boolean).join(' ');
      })
    );
}

export interface Row {
  id: string;
  /** 'channel kind direction [status]' */
  marks: string;
  time: string;
  datetime: string;
  text: string;
}

/**
 * All rows of the (virtualized) timeline on the page, in order: scrolls the list from top to bottom,
 * collecting rows as they are rendered, until the end is reached and no page is loading.
 */
export async function timelineRows(page: Page): Promise<Row[]> {
  const scroller = page.getByTestId('scroller');
  await expect(scroller).toHaveAttribute('data-ready', 'true');
  await expect(scroller).toHaveAttribute('aria-busy', 'false');
  await scroller.evaluate((el) => (el.scrollTop = 0));
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    await page.waitForTimeout(50);
    const state = await scroller.evaluate((el) => {
      const found = [...el.querySelectorAll<HTMLElement>('[data-testid="event"]')].map((r) => {
        const d = r.dataset;
        const time = r.querySelector('time');
        return {
          id: d.id!,
          marks: [d.channel, d.kind, d.direction, d.status].filter(Boolean).join(' '),
          time: time?.textContent ?? '',
          datetime: time?.getAttribute('datetime') ?? '',
          text: r.innerText
        };
      });
      const atEnd = el.scrollTop + el.clientHeight >= el.scrollHeight - 2;
      return { found, atEnd, busy: el.getAttribute('aria-busy') === 'true', more: !!el.querySelector('button.more') };
    });
    for (const r of state.found) {
      if (!seen.has(r.id)) {
        seen.add(r.id);
        rows.push(r);
      }
    }
    if (state.atEnd && !state.busy && !state.more) break;
    await scroller.evaluate((el) => el.scrollBy(0, el.clientHeight * 0.7));
  }
  return rows;
}
