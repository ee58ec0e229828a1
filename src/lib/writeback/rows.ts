import type { Association, Person } from '../association/associate';
import { channelName } from '../model/channels';
import type { CsvRow } from '../formats/crosstalk-csv/columns';
import type { CommEvent } from '../model/event';
import { eventToCsvRow } from '../formats/crosstalk-csv/write';

export interface WritebackOptions {
  /** Prefix bodies with the app's name, e.g. "[WhatsApp] hi", so the phone's messaging app shows where they came from. */
  label: boolean;
  /** People the user excluded in the consent dialog. */
  excludedPeople?: ReadonlySet<string>;
  /** Events already written back earlier (never written twice). */
  alreadyWritten?: (eventId: string) => boolean;
}

/** The phone-callable number of a person: their most-used valid E.164 number, if any. */
export function writebackNumber(person: Person): string | null {
  return person.numbers.find((n) => n.startsWith('+')) ?? null;
}

/** The body the phone's SMS store gets for a chat-app message. */
export function writebackBody(e: Extract<CommEvent, { kind: 'message' }>, label: boolean): string {
  const lines = [e.body, ...e.attachments.map((a) => `📎 ${a.name || a.type}`)].filter((l) => l !== '');
  const text = lines.join('\n');
  return label ? `[${channelName(e.channel)}]${text ? ' ' + text : ''}` : text;
}

/** Can this event be written to the phone at all (a one-to-one chat-app record)? */
export function isWritebackCandidate(e: CommEvent & { party: string }): boolean {
  return e.channel !== 'phone' && e.conversation === null;
}

/**
 * The write-back set: chat-app calls and messages of every person with a bound number, as Crosstalk CSV
 * rows with that number, in time order. Phone records are never included.
 */
export function writebackRows(
  events: Iterable<CommEvent & { party: string }>,
  association: Association,
  options: WritebackOptions
): CsvRow[] {
  const people = new Map(association.people.map((p) => [p.id, p]));
  const rows: { start: number; id: string; row: CsvRow }[] = [];
  for (const e of events) {
    if (!isWritebackCandidate(e) || options.alreadyWritten?.(e.id)) continue;
    const personId = association.personOfParty.get(e.party);
    const person = personId ? people.get(personId) : undefined;
    if (!person || options.excludedPeople?.has(person.id)) continue;
    const number = writebackNumber(person);
    if (!number) continue;
    const body = e.kind === 'message' ? writebackBody(e, options.label) : undefined;
    rows.push({ start: e.start, id: e.id, row: eventToCsvRow(e, { number, name: person.name, body }) });
  }
  rows.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  return rows.map((r) => r.row);
}
