import type { CommEvent } from '../model/event';

/** The text of an event that search looks in: a message's body and attachment names; nothing for calls. */
export function searchText(e: CommEvent): string {
  if (e.kind !== 'message') return '';
  return e.attachments.length ? `${e.body} ${e.attachments.map((a) => a.name).join(' ')}` : e.body;
}

/** A query as the words every hit must contain, folded the way `containsAll` folds the text. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().normalize('NFKC').split(/\s+/).filter(Boolean);
}

/** Does the event's text contain every word (the exact check behind the token index)? */
export function containsAll(e: CommEvent, words: string[]): boolean {
  const hay = searchText(e).toLowerCase().normalize('NFKC');
  return words.every((w) => hay.includes(w));
}
