import type { ImportJournal } from '../import/journal';
import type { EventDoc } from './schema';

/** Position after the last event of a page: newest-first order is (startInv, id) ascending. */
export interface Cursor {
  startInv: number;
  id: string;
}

/** Inclusive bounds on `startInv` (newest first: `low` is the newest moment). */
export interface MomentRange {
  low: number;
  high: number;
}

export const ALL_MOMENTS: MomentRange = { low: 0, high: Infinity };

/** What an import's writer stored of the events it was offered so far. */
export interface Stored {
  /** The events stored for the first time, in no particular order. */
  added: EventDoc[];
  /** How many were stored already (the same id). */
  present: number;
  /**
   * Events given in `added` earlier that the import had stored under two parties: one copy is kept, so each
   * of these is one added too many and one present more.
   */
  twice?: number;
}

/** Stores an import's events; each write goes through the import's journal. */
export interface EventWriter {
  /** Offers events. What they add may be stored now or by a later call (the writer may gather them). */
  add(docs: EventDoc[]): Promise<Stored>;
  /** Stores whatever is still gathered. */
  finish(): Promise<Stored>;
  /** Waits for writes under way (before a rollback); what they stored. */
  idle(): Promise<Stored>;
}

/**
 * Every read and write of stored events: the layout behind it is this interface's business alone.
 * Timeline order is newest first, ties by id: (startInv, id) ascending.
 */
export interface EventStore {
  /** Events after `cursor` within `range`, in timeline order: `limit` of them, or fewer when no more are stored. */
  newest(range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]>;
  /** The same for one party. */
  ofParty(party: string, range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]>;
  /** Every event at these moments (`startInv`), in timeline order. */
  atMoments(moments: number[]): Promise<EventDoc[]>;
  /** The stored events among these ids. */
  byIds(ids: readonly string[]): Promise<Map<string, EventDoc>>;
  /** Every stored event, a page at a time, for passes over all of them. */
  pages(size?: number): AsyncGenerator<EventDoc[]>;
  /** A writer for one import's new events. */
  writer(journal: ImportJournal): EventWriter;
  /** Writes events whole (new or replacing the stored ones of their ids) through a journal. */
  put(docs: readonly EventDoc[], journal: ImportJournal): Promise<void>;
  /** Removes stored events through a journal. */
  remove(ids: readonly string[], journal: ImportJournal): Promise<void>;
  /** Sets the on-phone flag of stored events outside any import (a write-back taken back). */
  setOnPhone(ids: readonly string[], onPhone: boolean): Promise<void>;
}
