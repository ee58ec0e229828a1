import { t } from '$lib/i18n/i18n.svelte';

export type Countable = 'calls' | 'messages' | 'records' | 'files';

/** "1 call", "3 calls" (English picks the singular for 1; Chinese has one form). */
export function countText(what: Countable, count: number): string {
  return t(count === 1 ? `count.${what}.one` : `count.${what}.other`, { count });
}
