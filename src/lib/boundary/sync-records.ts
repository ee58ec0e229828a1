import type { BindingEdit } from '../association/binding';
import type { Contact, ContactDetails, Identity, OwnerIdentity } from '../model/contact';
import { CHANNELS } from '../model/channels';
import { SOURCE_FORMATS } from '../model/event';
import type { SyncRecord, WritebackRecord } from '../formats/crosstalk-sync/records';
import { MAX_INSTANT } from '../model/instant';
import { checkPreferences, checkSomePreferences, checkStamp } from './preferences';
import { DEVICE_ID, FieldProblem, flag, integer, list, MAX_CLOCK, nullableText, object, oneOf, SHORT, text, textItem, type Fields } from './fields';

const MAX_NUMBERS = 200;
/** Names of one kind a contact may carry (nicknames, e-mail addresses, usernames). */
export const MAX_NAMES = 100;
const EVENT_ID = /^ct[12]-[0-9a-f]{16}(-[1-9][0-9]{0,5})?$/;

function identity(value: unknown, what = 'identity'): Identity {
  const o = object(value, what);
  return { channel: oneOf(o, 'channel', CHANNELS), handle: text(o, 'handle', SHORT) };
}

function eventId(o: Fields, key: string): string {
  const id = text(o, key, 64);
  if (!EVENT_ID.test(id)) throw new FieldProblem(`${key} is not an event id`);
  return id;
}

function contactDetails(value: unknown): ContactDetails {
  const o = object(value, 'details');
  const texts = (key: string) => list(o, key, MAX_NAMES, (v, i) => textItem(v, `details.${key}[${i}]`, SHORT));
  return {
    family: text(o, 'family', SHORT),
    given: text(o, 'given', SHORT),
    nicknames: texts('nicknames'),
    org: text(o, 'org', SHORT),
    emails: texts('emails'),
    usernames: texts('usernames')
  };
}

export function checkContact(value: unknown): Contact {
  const o = object(value, 'contact');
  const source = object(o.source, 'source');
  const contact: Contact = {
    name: text(o, 'name', SHORT),
    numbers: list(o, 'numbers', MAX_NUMBERS, (n, i) => textItem(n, `numbers[${i}]`, SHORT)),
    identities: list(o, 'identities', MAX_NUMBERS, (v, i) => identity(v, `identities[${i}]`)),
    source: { format: oneOf(source, 'format', SOURCE_FORMATS), file: text(source, 'file', SHORT), record: text(source, 'record', SHORT) }
  };
  if (o.details !== undefined) contact.details = contactDetails(o.details);
  return contact;
}

export function checkOwner(value: unknown): OwnerIdentity {
  const o = object(value, 'owner');
  const owner = {
    name: nullableText(o, 'name', SHORT),
    phone: nullableText(o, 'phone', SHORT),
    identity: o.identity === null || o.identity === undefined ? null : identity(o.identity)
  };
  if (!owner.name && !owner.phone && !owner.identity) throw new FieldProblem('owner has no name, number or identity');
  return owner;
}

export function checkEdit(value: unknown): BindingEdit {
  const o = object(value, 'edit');
  const a = text(o, 'a', SHORT);
  const b = text(o, 'b', SHORT);
  if (!a || !b || a >= b) throw new FieldProblem('edit nodes are not two distinct nodes in order');
  return { a, b, op: oneOf(o, 'op', ['bind', 'unbind', 'auto'] as const), ...checkStamp(o) };
}

function e164(o: Fields): string {
  const n = text(o, 'number', 16);
  if (!/^\+[1-9][0-9]{2,14}$/.test(n)) throw new FieldProblem('number is not an E.164 number');
  return n;
}

/** A mark's shape; that it belongs to its event is checked against the event (see writeback-mark.ts). */
export function checkWriteback(value: unknown): WritebackRecord {
  const o = object(value, 'writeback');
  return {
    id: eventId(o, 'id'),
    phoneId: eventId(o, 'phoneId'),
    number: o.number === undefined ? '' : e164(o),
    at: integer(o, 'at', 0, MAX_INSTANT),
    batch: o.batch === undefined ? '' : text(o, 'batch', 64),
    pending: o.pending === undefined ? false : flag(o, 'pending')
  };
}

/** Every preference with the stamp of its last change. */
export function checkPreferencesRecord(value: unknown): SyncRecord {
  return { kind: 'preferences', values: checkPreferences(value), stamp: checkStamp(object(value, 'preferences')) };
}

/** A legacy settings record (region and owner names) as the preferences it changes; both must be valid. */
export function checkLegacySettings(value: unknown): SyncRecord {
  const o = object(value, 'settings');
  return { kind: 'preferences', values: checkSomePreferences(o, ['region', 'me'], 'settings'), stamp: checkStamp(o) };
}
