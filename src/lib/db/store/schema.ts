import type { CsvPreset } from '../../formats/mapped-csv/mapping';
import type { RxJsonSchema } from 'rxdb';
import type { BindingEdit } from '../../association/binding';
import type { Party } from '../../association/party-tally';
import type { Contact, OwnerIdentity } from '../../model/contact';
import type { KeyedEvent } from '../../import/pipeline';
import { threadByCounterpart } from '../../model/event';
import type { IdScheme } from '../../model/ids';
import type { Preferences, Stamp } from '../../model/preferences';

/**
 * Collections (RxDB's free tier allows 13, all in use): events (one document per event, as earlier releases
 * stored them: emptied into packs when the app opens), parties, contacts, owners, edits, settings (the
 * preferences), device, imports, writebacks, searchchunks (large texts: the search index's buckets and the
 * event packs), snapshots, vault (live sync's sealed records), livesync (live sync's settings on this device).
 */

/** Sorting newest-first on Dexie needs an ascending index on an inverted key. */
export const START_INV_BASE = 1e14;

/** A stored event (kept in packs, see event-packs.ts). */
export type EventDoc = KeyedEvent & {
  startInv: number;
  /** Set when a phone dump showed this chat-app event back from the phone's own store. */
  onPhone: boolean;
};

/** An event as releases before packs stored it, one document each (legacy-events.ts). */
export type LegacyEventDoc = EventDoc & {
  /** The import that first stored this event: a failed import removed exactly its own new events. */
  importId: string;
  /** Insertion order. */
  seq: number;
};

const str = (maxLength = 1000) => ({ type: 'string', maxLength }) as const;
const nullableString = { type: ['string', 'null'] } as const;

export const eventSchema: RxJsonSchema<LegacyEventDoc> = {
  title: 'events',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    channel: str(16),
    kind: str(8),
    direction: str(4),
    status: { type: 'string' },
    handle: nullableString,
    name: nullableString,
    phone: nullableString,
    conversation: nullableString,
    thread: nullableString,
    start: { type: 'number' },
    startInv: { type: 'number', minimum: 0, maximum: START_INV_BASE, multipleOf: 1 },
    durationSec: { type: 'number' },
    video: { type: 'boolean' },
    body: { type: 'string' },
    attachments: { type: 'array', items: { type: 'object' } },
    transport: nullableString,
    source: { type: 'object' },
    party: str(400),
    importId: str(40),
    seq: { type: 'number', minimum: 0, maximum: 1e12, multipleOf: 1 },
    onPhone: { type: 'boolean' }
  },
  required: ['id', 'channel', 'kind', 'direction', 'start', 'startInv', 'party', 'importId', 'seq'],
  indexes: ['startInv', ['party', 'startInv'], 'importId', 'seq']
} as unknown as RxJsonSchema<LegacyEventDoc>;

/** Version 1 added the thread: chats stored before it are named by their counterpart, as their ids were. */
export const eventMigrations = {
  1: (doc: Omit<LegacyEventDoc, 'thread'>): LegacyEventDoc =>
    ({ ...doc, thread: doc.channel === 'phone' ? null : threadByCounterpart(doc.conversation, doc.handle) }) as LegacyEventDoc
};

export type PartyDoc = Party;
export const partySchema: RxJsonSchema<PartyDoc> = {
  title: 'parties',
  version: 1,
  primaryKey: 'key',
  type: 'object',
  properties: {
    key: str(400),
    channel: { type: 'string' },
    handle: nullableString,
    phone: nullableString,
    names: { type: 'object' },
    counts: { type: 'object' },
    months: { type: 'object' },
    minutes: { type: 'object' },
    first: { type: 'number' },
    last: { type: 'number' }
  },
  required: ['key', 'channel', 'counts', 'first', 'last']
} as unknown as RxJsonSchema<PartyDoc>;

export const partyMigrations = {
  1: (doc: Omit<PartyDoc, 'minutes'>): PartyDoc => ({ ...doc, minutes: { call: [], message: [] } })
};

export type ContactDoc = Contact & { id: string };
export const contactSchema: RxJsonSchema<ContactDoc> = {
  title: 'contacts',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    name: { type: 'string' },
    numbers: { type: 'array', items: { type: 'string' } },
    identities: { type: 'array', items: { type: 'object' } },
    source: { type: 'object' },
    details: { type: 'object' }
  },
  required: ['id', 'name', 'numbers', 'identities']
} as unknown as RxJsonSchema<ContactDoc>;

/** Version 1 added the optional vCard details: older contacts simply have none. */
export const contactMigrations = { 1: (doc: ContactDoc): ContactDoc => doc };

export type OwnerDoc = OwnerIdentity & { id: string };
export const ownerSchema: RxJsonSchema<OwnerDoc> = {
  title: 'owners',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: str(64), name: nullableString, phone: nullableString, identity: { type: ['object', 'null'] } },
  required: ['id']
} as unknown as RxJsonSchema<OwnerDoc>;

/** The latest user decision per edge (older ones lose by the Lamport clock and are overwritten). */
export type EditDoc = BindingEdit & { id: string };
export const editSchema: RxJsonSchema<EditDoc> = {
  title: 'edits',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    a: { type: 'string' },
    b: { type: 'string' },
    op: { type: 'string' },
    clock: { type: 'number' },
    device: { type: 'string' }
  },
  required: ['id', 'a', 'b', 'op', 'clock', 'device']
} as unknown as RxJsonSchema<EditDoc>;

/** The user's preferences with the stamp of their last change, kept in the `settings` collection. */
export type PreferencesDoc = Preferences &
  Stamp & {
    id: 'preferences';
    /** Saved column mappings, applied to CSVs with the same header; each synced on its own stamp (the newest per header wins). */
    csvPresets: CsvPreset[];
  };
export const preferencesSchema: RxJsonSchema<PreferencesDoc> = {
  title: 'settings',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(16),
    region: { type: 'string' },
    timeZone: { type: 'string' },
    me: { type: 'array', items: { type: 'string' } },
    language: { type: 'string' },
    labelWriteback: { type: 'boolean' },
    clock: { type: 'number' },
    device: { type: 'string' },
    csvPresets: { type: 'array', items: { type: 'object' } }
  },
  required: ['id', 'region', 'timeZone', 'me', 'language', 'labelWriteback', 'clock', 'device', 'csvPresets']
} as unknown as RxJsonSchema<PreferencesDoc>;

/** What belongs to this device only: never synced, never shown. */
export interface DeviceStateDoc {
  id: 'device';
  deviceId: string;
  /** Lamport clock: raised past every stamp seen, incremented by every local change that travels. */
  clock: number;
  /** Insertion number of the next stored event. */
  nextSeq: number;
  /** Binding actions that can be undone, newest last (kept across reloads, at most UNDO_LIMIT). */
  undo: { label: string; before: { a: string; b: string; op: 'bind' | 'unbind' | 'auto' }[] }[];
  /** The event id scheme the stored events are under (model/ids.ts); older ones are upgraded on open. */
  idScheme: IdScheme;
}
export const deviceStateSchema: RxJsonSchema<DeviceStateDoc> = {
  title: 'device',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(16),
    deviceId: { type: 'string' },
    clock: { type: 'number' },
    nextSeq: { type: 'number' },
    undo: { type: 'array', items: { type: 'object' } },
    idScheme: { type: 'number' }
  },
  required: ['id', 'deviceId', 'clock', 'nextSeq', 'undo', 'idScheme']
} as unknown as RxJsonSchema<DeviceStateDoc>;

/** Version 1 recorded the id scheme: a database from before it holds scheme-1 ids. */
export const deviceStateMigrations = {
  1: (doc: Omit<DeviceStateDoc, 'idScheme'>): DeviceStateDoc => ({ ...doc, idScheme: 1 })
};

/** The one settings document of schema version 0, before preferences and device state were split. */
export interface LegacySettingsDoc {
  id: 'settings';
  region: string;
  timeZone: string;
  me: string[];
  language: string;
  deviceId: string;
  clock: number;
  nextSeq: number;
  labelWriteback?: boolean;
  assocClock?: number;
  assocDevice?: string;
  undo?: DeviceStateDoc['undo'];
}

export interface ImportReport {
  file: string;
  format: string | null;
  bytes: number;
  /** New events stored. */
  imported: number;
  /** Events that were already in the database. */
  alreadyPresent: number;
  /** Written-back events recognised coming back from the phone. */
  recognised: number;
  contacts: number;
  skipped: { where: string; reason: string }[];
  skippedCount: number;
  /** 'seen': skipped without reading because a file with the same content was imported before. */
  status: 'done' | 'failed' | 'cancelled' | 'seen';
  error: string | null;
  /** A failed encrypted file: its passphrase was not given, or was wrong (the UI asks for it). */
  passphrase?: 'needed' | 'wrong';
  /** Set when no importer knows the file; 'csv' when its columns can be mapped (never stored: only done imports are). */
  unknown?: 'csv' | 'file';
}

/** The report of a file that stored nothing (yet). */
export function emptyImportReport(file: { name: string; size: number }): ImportReport {
  return { file: file.name, format: null, bytes: file.size, imported: 0, alreadyPresent: 0, recognised: 0, contacts: 0, skipped: [], skippedCount: 0, status: 'done', error: null };
}

export type ImportDoc = ImportReport & { id: string; contentHash: string; at: number };
export const importSchema: RxJsonSchema<ImportDoc> = {
  title: 'imports',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(64),
    contentHash: str(64),
    at: { type: 'number' },
    file: { type: 'string' },
    format: nullableString,
    bytes: { type: 'number' },
    imported: { type: 'number' },
    alreadyPresent: { type: 'number' },
    recognised: { type: 'number' },
    contacts: { type: 'number' },
    skipped: { type: 'array', items: { type: 'object' } },
    skippedCount: { type: 'number' },
    status: { type: 'string' },
    error: nullableString
  },
  required: ['id', 'contentHash', 'at', 'file'],
  indexes: ['contentHash']
} as unknown as RxJsonSchema<ImportDoc>;

/**
 * A chat-app event handed to the phone, with the fingerprint its phone copy will have. Pending until the
 * user confirms the phone took the file (or a phone dump brings the record back): a pending record stays
 * in later write-back sets, so a save that was cancelled loses nothing.
 */
export interface WritebackDoc {
  id: string;
  /** Phone-record id the written row will get when a phone dump brings it back. */
  phoneId: string;
  /** The number it was written to (E.164); '' for marks from before numbers were kept. */
  number: string;
  at: number;
  /** The write-back file it went out in (one per export); '' for marks from before batches existed. */
  batch: string;
  pending: boolean;
}
export const writebackSchema: RxJsonSchema<WritebackDoc> = {
  title: 'writebacks',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: { id: str(64), phoneId: str(64), number: str(32), at: { type: 'number' }, batch: str(64), pending: { type: 'boolean' } },
  required: ['id', 'phoneId', 'number', 'at', 'batch', 'pending'],
  indexes: ['phoneId', 'batch']
} as unknown as RxJsonSchema<WritebackDoc>;

/**
 * Marks written before pending existed were taken as on the phone: they stay so. Marks from before numbers
 * were kept have none (this copy trusts its own marks; another copy cannot verify them, see sync).
 */
export const writebackMigrations = {
  1: (doc: Omit<WritebackDoc, 'batch' | 'pending' | 'number'>): Omit<WritebackDoc, 'number'> => ({ ...doc, batch: '', pending: false }),
  2: (doc: Omit<WritebackDoc, 'number'>): WritebackDoc => ({ ...doc, number: '' })
};

/** One text under an id: the search index's buckets, event packs, and snapshots of derived results. */
export interface TextDoc {
  id: string;
  data: string;
}
const textDocSchema = (title: string) =>
  ({
    title,
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: { id: str(200), data: { type: 'string' } },
    required: ['id', 'data']
  }) as unknown as RxJsonSchema<TextDoc>;

export const searchChunkSchema = textDocSchema('searchchunks');
/**
 * Results derived from the other collections, kept so opening the app need not recompute them; and, while
 * an import is under way, its undo log (see import/journal.ts).
 */
export const snapshotSchema = textDocSchema('snapshots');

/** Live sync: the sealed user-data records replicated with the user's CouchDB (see db/sync/live). */
export const vaultSchema = textDocSchema('vault');

/** Live sync's settings on this device, with its secrets: never synced, never shown back to the page. */
export interface LiveSyncDoc {
  id: 'live';
  url: string;
  db: string;
  username: string;
  password: string;
  passphrase: string;
  /** The server's key record as read when connecting (the keys are derived again from it on the next start). */
  keyRecord: string;
  /** The user paused live sync. */
  paused: boolean;
}
export const liveSyncSchema: RxJsonSchema<LiveSyncDoc> = {
  title: 'livesync',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: str(16),
    url: { type: 'string' },
    db: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    passphrase: { type: 'string' },
    keyRecord: { type: 'string' },
    paused: { type: 'boolean' }
  },
  required: ['id', 'url', 'db', 'username', 'password', 'passphrase', 'keyRecord', 'paused']
} as unknown as RxJsonSchema<LiveSyncDoc>;
