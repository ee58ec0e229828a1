import type { BindingEdit } from '../association/binding';
import type { Contact, Identity, OwnerIdentity } from '../model/contact';
import { CHANNELS } from '../model/channels';
import { SOURCE_FORMATS } from '../model/event';
import type { AssociationSettingsRecord, WritebackRecord } from '../formats/crosstalk-sync/records';
import { isRegion } from '../model/phone-number';
import { MAX_INSTANT } from '../model/instant';
import { checkMapping, headerKey, type CsvPreset } from '../formats/mapped-csv/mapping';
import { DEVICE_ID, FieldProblem, flag, integer, list, MAX_CLOCK, nullableText, object, oneOf, SHORT, text, textItem, type Fields } from './fields';

const MAX_NUMBERS = 200;
const MAX_NAMES = 100;
const EVENT_ID = /^ct1-[0-9a-f]{16}(-[1-9][0-9]{0,5})?$/;

function identity(value: unknown, what = 'identity'): Identity {
  const o = object(value, what);
  return { channel: oneOf(o, 'channel', CHANNELS), handle: text(o, 'handle', SHORT) };
}

function device(o: Fields): string {
  const d = text(o, 'device', 64);
  if (!DEVICE_ID.test(d)) throw new FieldProblem('device is not a device id');
  return d;
}

function eventId(o: Fields, key: string): string {
  const id = text(o, key, 64);
  if (!EVENT_ID.test(id)) throw new FieldProblem(`${key} is not an event id`);
  return id;
}

export function checkContact(value: unknown): Contact {
  const o = object(value, 'contact');
  const source = object(o.source, 'source');
  return {
    name: text(o, 'name', SHORT),
    numbers: list(o, 'numbers', MAX_NUMBERS, (n, i) => textItem(n, `numbers[${i}]`, SHORT)),
    identities: list(o, 'identities', MAX_NUMBERS, (v, i) => identity(v, `identities[${i}]`)),
    source: { format: oneOf(source, 'format', SOURCE_FORMATS), file: text(source, 'file', SHORT), record: text(source, 'record', SHORT) }
  };
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
  return { a, b, op: oneOf(o, 'op', ['bind', 'unbind', 'auto'] as const), clock: integer(o, 'clock', 0, MAX_CLOCK), device: device(o) };
}

/** A mark's shape; that it belongs to its event is checked against the event (see writeback marks). */
export function checkWriteback(value: unknown): WritebackRecord {
  const o = object(value, 'writeback');
  return {
    id: eventId(o, 'id'),
    phoneId: eventId(o, 'phoneId'),
    at: integer(o, 'at', 0, MAX_INSTANT),
    batch: o.batch === undefined ? '' : text(o, 'batch', 64),
    pending: o.pending === undefined ? false : flag(o, 'pending')
  };
}

/** Settings must be complete: a copy that adopted half a record could no longer read chat exports. */
export function checkSettings(value: unknown): AssociationSettingsRecord {
  const o = object(value, 'settings');
  const region = text(o, 'region', 2);
  if (!isRegion(region)) throw new FieldProblem(`region ${region} is not a country code`);
  return {
    region,
    me: list(o, 'me', MAX_NAMES, (v, i) => textItem(v, `me[${i}]`, SHORT)),
    clock: integer(o, 'clock', 0, MAX_CLOCK),
    device: device(o)
  };
}

/** A column-mapping preset another copy saved; its key is recomputed from its header, never taken as given. */
export function checkCsvPreset(value: unknown): CsvPreset {
  const o = object(value, 'csvPreset');
  const mapping = checkMapping(o.mapping);
  return { key: headerKey(mapping.header), mapping, clock: integer(o, 'clock', 0, MAX_CLOCK), device: device(o) };
}
