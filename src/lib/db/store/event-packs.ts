import type { ImportJournal } from '../import/journal';
import type { Cursor, EventStore, EventWriter, MomentRange, Stored } from './event-store';
import { RangeDocs, type RangeLayout, type RangeStore, type RangeWrites } from './range-docs';
import type { EventDoc, TextDoc } from './schema';
import { hash64 } from '../../model/hash';
import type { CrosstalkDatabase } from './database';
import { TextStore } from './text-store';
import { decodePack, encodePack } from './pack-codec';
import { IdFilter } from './id-filter';
import { SortedRuns } from './sorted-runs';

/**
 * Events many to a document (bench/README.md, "Packs"), in the texts collection (`searchchunks`, beside the
 * search index's buckets), as three families of ranges (range-docs.ts):
 * - `p:` packs: a party's events ordered by time then id, up to 32 a document (pack-codec.ts) — a person's
 *   timeline is a key-range read, and an import writes ~1 document per 32 events instead of one per event;
 * - `d:` the moment directory: each (moment, party) that holds events, in time order — the whole timeline
 *   and search hits (which know moments, not parties) find their packs through it;
 * - `h:` the id directory: each event's moment and party by id — an id is stored once whatever party a later
 *   import gives it (the owner's names decide a chat's counterpart), and events are found by id alone.
 */

/**
 * An id in a key: ASCII between `!` and `}` (RxDB's memory storage compares ids padded with spaces, and `~`
 * names tails). Event ids are already; this keeps a key in order whatever a file claims.
 */
function keyText(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x20 && c < 0x7e && c !== 0x25) continue;
    out += s.slice(from, i) + (c < 0x100 ? '%' + c.toString(16).padStart(2, '0') : '%u' + c.toString(16).padStart(4, '0'));
    from = i + 1;
  }
  return from ? out + s.slice(from) : s;
}

const pad = (startInv: number) => String(startInv).padStart(15, '0');

/** Parties appear in keys by their hash: a key stays short (ids of the snapshots' copies) and plain ASCII. */
function partyTag(party: string): string {
  let tag = tags.get(party);
  if (tag === undefined) {
    if (tags.size >= 100_000) tags.clear();
    tags.set(party, (tag = hash64(party)));
  }
  return tag;
}
const tags = new Map<string, string>();

/** The family of a party's packs (the hash has a fixed length, so no family starts another). */
const packFamily = (party: string) => 'p:' + partyTag(party) + ':';

const PACK_FAMILY_LENGTH = packFamily('').length;

const packKey = (party: string, startInv: number, id: string) => packFamily(party) + pad(startInv) + ':' + keyText(id);

/** Events a pack holds at most: a page of the whole timeline reads a pack for nearly every event it shows. */
const PACK_EVENTS = 32;

const PACKS: RangeLayout<EventDoc> = {
  prefix: 'p:',
  key: (e) => packKey(e.party, e.startInv, e.id),
  family: (key) => key.slice(0, PACK_FAMILY_LENGTH),
  encode: encodePack,
  decode: decodePack<EventDoc>,
  maxItems: PACK_EVENTS,
  maxChars: 256 * 1024
};

interface Place {
  startInv: number;
  party: string;
}
interface IdPlace extends Place {
  id: string;
}

/** Items sharing few parties: each party written once per document, items as [startInv, party number, …]. */
function placeCodec<P extends Place>(extra: (p: P) => string[], build: (place: Place, rest: string[]) => P) {
  return {
    encode(items: readonly P[]): string {
      const parties = new Map<string, number>();
      const rows = items.map((p) => {
        let n = parties.get(p.party);
        if (n === undefined) parties.set(p.party, (n = parties.size));
        return [p.startInv, n, ...extra(p)];
      });
      return JSON.stringify([[...parties.keys()], rows]);
    },
    decode(text: string): P[] {
      const [parties, rows] = JSON.parse(text) as [string[], [number, number, ...string[]][]];
      return rows.map(([startInv, n, ...rest]) => build({ startInv, party: parties[n] }, rest));
    }
  };
}

const MOMENTS: RangeLayout<Place> = {
  prefix: 'd:',
  key: (p) => 'd:' + pad(p.startInv) + ':' + partyTag(p.party),
  family: () => 'd:',
  ...placeCodec<Place>(
    () => [],
    (p) => p
  ),
  maxItems: 128,
  maxChars: 256 * 1024
};

const IDS: RangeLayout<IdPlace> = {
  prefix: 'h:',
  key: (p) => 'h:' + keyText(p.id),
  family: () => 'h:',
  ...placeCodec<IdPlace>(
    (p) => [p.id],
    (p, [id]) => ({ ...p, id })
  ),
  maxItems: 1024,
  maxChars: 256 * 1024
};

/** The id ranges [from, to) of the texts collection that hold no pack (the search index's buckets). */
export const OUTSIDE_PACKS: readonly [string, string][] = [
  ['', 'd:'],
  ['d;', 'h:'],
  ['h;', 'p:'],
  ['p;', '\uffff']
];

/**
 * How an import batches its events. `first`, `most`: events gathered before they are stored (sorted by party,
 * a party's events land in few packs); the first batch is small and each next one twice the last, up to
 * `most`, so that progress shows stored events early. `directory`: directory entries held before they are
 * written (each write rewrites the moment directory's documents it touches; the id directory's go into a
 * sorted run, merged at the end). Smaller than the fastest sizes (50,000
 * and 250,000): the worker's heap importing the 1M CSV peaked at 305–330 MB instead of 444–490, for ~20% more
 * time (bench/README.md, "Round eight"). Mutable for tests.
 */
export const PACK_BATCHES = { first: 2_000, most: 25_000, directory: 100_000 };
/** The smallest filter of known ids (64 KB). */
const MIN_KNOWN_IDS = 32_768;
/** Directory entries read at a time while paging the timeline. */
const MOMENTS_PAGE = 64;
/** The next key after `key` in the order of both JavaScript and the storages. */
const after = (key: string) => key + '!';

function compareTimeline(a: EventDoc, b: EventDoc): number {
  return a.startInv - b.startInv || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function afterCursor(e: EventDoc, cursor: Cursor | null): boolean {
  return !cursor || e.startInv > cursor.startInv || (e.startInv === cursor.startInv && e.id > cursor.id);
}

/** Asks for every event of a party at one moment. */
const momentAsk = ({ party, startInv }: Place) => {
  const from = packFamily(party) + pad(startInv) + ':';
  return { from, to: from.slice(0, -1) + ';', limit: Infinity };
};

export class PackedEvents implements EventStore {
  private readonly packs: RangeDocs<EventDoc>;
  private readonly moments: RangeDocs<Place>;
  private readonly ids: RangeDocs<IdPlace>;
  /**
   * Every id in the id directory, and some others (a Bloom filter): read from the directory when an import
   * first needs it, then kept up by `index` (ids removed stay in it, asked about for nothing).
   */
  private known: IdFilter | null = null;
  private building: Promise<IdFilter> | null = null;
  private indexedWhileReading: string[] | null = null;

  constructor(private readonly texts: RangeStore & RangeWrites) {
    this.packs = new RangeDocs(texts, PACKS);
    this.moments = new RangeDocs(texts, MOMENTS);
    this.ids = new RangeDocs(texts, IDS);
  }

  async newest(range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]> {
    const low = Math.max(range.low, cursor?.startInv ?? 0);
    const to = range.high === Infinity ? 'd:~' : 'd:' + pad(range.high + 1);
    const found: EventDoc[] = [];
    let from = 'd:' + pad(low);
    let last: Place | null = null;
    for (;;) {
      // Past the page's size, only the rest of the last moment: its events sort by id across parties.
      const full = found.length >= limit && last;
      const places = await this.moments.range(from, full ? 'd:' + pad(last!.startInv + 1) : to, full ? Infinity : MOMENTS_PAGE);
      if (!places.length) break;
      for (const events of await this.packs.ranges(places.map(momentAsk))) for (const e of events) if (afterCursor(e, cursor)) found.push(e);
      last = places[places.length - 1];
      from = after(MOMENTS.key(last));
      if (full) break;
    }
    return found.sort(compareTimeline).slice(0, limit);
  }

  async ofParty(party: string, range: MomentRange, cursor: Cursor | null, limit: number): Promise<EventDoc[]> {
    const family = packFamily(party);
    const from =
      cursor && cursor.startInv >= range.low ? after(packKey(party, cursor.startInv, cursor.id)) : family + pad(range.low);
    const to = range.high === Infinity ? family + '~' : family + pad(range.high + 1);
    return this.packs.range(from, to, limit);
  }

  async atMoments(moments: number[]): Promise<EventDoc[]> {
    if (!moments.length) return [];
    const places = (await this.moments.ranges(moments.map((m) => ({ from: 'd:' + pad(m), to: 'd:' + pad(m + 1), limit: Infinity })))).flat();
    return (await this.packs.ranges(places.map(momentAsk))).flat().sort(compareTimeline);
  }

  async byIds(ids: readonly string[]): Promise<Map<string, EventDoc>> {
    const places = await this.places(ids);
    const found = await this.packs.at(places.map((p) => packKey(p.party, p.startInv, p.id)));
    return new Map([...found.values()].map((e) => [e.id, e]));
  }

  private async places(ids: readonly string[]): Promise<IdPlace[]> {
    if (!ids.length) return [];
    return [...(await this.ids.at(ids.map((id) => 'h:' + keyText(id)))).values()];
  }

  async *pages(size = 5000): AsyncGenerator<EventDoc[]> {
    let page: EventDoc[] = [];
    for await (const events of this.packs.scan('p:', 'p;')) {
      page.push(...events);
      if (page.length >= size) {
        yield page;
        page = [];
      }
    }
    if (page.length) yield page;
  }

  writer(journal: ImportJournal): EventWriter {
    return new PackWriter(this, journal.texts, new SortedRuns(journal.scratch, IDS, 'ids'));
  }

  /** Stores events not stored yet (by id); returns those stored. */
  async storeBatch(events: EventDoc[], writes: RangeWrites): Promise<Stored> {
    const merged = await this.packs.merge(events, writes);
    // Stored before under another party (a chat whose counterpart the owner's names changed) is the same event.
    const known = await this.knownIds();
    const elsewhere = await this.places(merged.added.flatMap((e) => (known.mightHold(e.id) ? [e.id] : [])));
    if (!elsewhere.length) return merged;
    const twice = new Set(elsewhere.map((p) => p.id));
    await this.packs.remove(
      merged.added.filter((e) => twice.has(e.id)).map(PACKS.key),
      writes
    );
    return { added: merged.added.filter((e) => !twice.has(e.id)), present: merged.present + twice.size };
  }

  /** Adds directory entries for events just stored; returns the copies of events stored twice (see `mergeIds`). */
  async index(events: IdPlace[], writes: RangeWrites): Promise<IdPlace[]> {
    await this.indexMoments(events, writes);
    return this.mergeIds(events, writes);
  }

  /** Adds the moment-directory entries of events just stored (a place with its id is a moment's place too). */
  async indexMoments(events: IdPlace[], writes: RangeWrites): Promise<void> {
    await this.moments.merge(events, writes);
  }

  /** Adds id-directory entries from an import's sorted runs (each directory document rewritten about once); returns the copies of events stored twice. */
  async indexRuns(runs: SortedRuns<IdPlace>, writes: RangeWrites): Promise<IdPlace[]> {
    const twice: IdPlace[] = [];
    for await (const slice of runs.merged()) for (const place of await this.mergeIds(slice, writes)) twice.push(place);
    return twice;
  }

  /**
   * Adds id-directory entries and keeps each id in one pack: an id the directory holds at another place (one
   * import stored the event under two parties, in batches the store's check did not see side by side) keeps
   * that place; the other copy leaves its pack, and the moment directory where its party has nothing left at
   * that moment. Returns those copies.
   */
  private async mergeIds(places: IdPlace[], writes: RangeWrites): Promise<IdPlace[]> {
    const { added } = await this.ids.merge(places, writes);
    this.noteIds(added);
    if (added.length === places.length) return [];
    const kept = new Set(added);
    const present = places.filter((p) => !kept.has(p));
    const held = await this.ids.at(present.map(IDS.key));
    const twice = present.filter((p) => {
      const place = held.get(IDS.key(p));
      return place !== undefined && (place.party !== p.party || place.startInv !== p.startInv);
    });
    if (!twice.length) return [];
    await this.packs.remove(twice.map((p) => packKey(p.party, p.startInv, p.id)), writes);
    await this.dropEmptyMoments(twice, writes);
    return twice;
  }

  /** Ids now in the directory. */
  private noteIds(events: readonly IdPlace[]): void {
    for (const { id } of events) {
      this.known?.add(id);
      this.indexedWhileReading?.push(id);
    }
    if (this.known?.full) this.known = null;
  }

  /** The filter of the ids in the id directory, read from it when there is none (or it outgrew its size). */
  private knownIds(): Promise<IdFilter> {
    if (this.known) return Promise.resolve(this.known);
    return (this.building ??= this.readKnownIds().finally(() => (this.building = null)));
  }

  private async readKnownIds(): Promise<IdFilter> {
    // Ids another writer indexes while the directory is read (the scan may have passed them) join at the end.
    const meanwhile: string[] = (this.indexedWhileReading = []);
    const ids = async function* (places: AsyncIterable<IdPlace[]>) {
      for await (const page of places) yield page.map((p) => p.id);
    };
    try {
      // Room for as many again: read once more only after the directory doubled.
      const known = await IdFilter.of(ids(this.ids.scan('h:', 'h;')), 2, MIN_KNOWN_IDS);
      for (const id of meanwhile) known.add(id);
      return (this.known = known);
    } finally {
      this.indexedWhileReading = null;
    }
  }

  async put(docs: readonly EventDoc[], journal: ImportJournal): Promise<void> {
    const stored = await this.byIds(docs.map((d) => d.id));
    const writes = journal.texts;
    const moved = new Set(docs.filter((d) => stored.has(d.id) && PACKS.key(stored.get(d.id)!) !== PACKS.key(d)));
    await this.dropEvents([...moved].map((d) => stored.get(d.id)!), writes);
    await this.packs.replace(docs.filter((d) => stored.has(d.id) && !moved.has(d)), writes);
    const fresh = docs.filter((d) => !stored.has(d.id) || moved.has(d));
    await this.packs.merge(fresh, writes);
    await this.index(fresh, writes);
  }

  async remove(ids: readonly string[], journal: ImportJournal): Promise<void> {
    await this.dropEvents([...(await this.byIds(ids)).values()], journal.texts);
  }

  private async dropEvents(events: EventDoc[], writes: RangeWrites): Promise<void> {
    if (!events.length) return;
    await this.packs.remove(events.map(PACKS.key), writes);
    await this.ids.remove(events.map((e) => IDS.key(e)), writes);
    await this.dropEmptyMoments(events, writes);
  }

  /** A moment stays in the directory while its party has any event left there. */
  private async dropEmptyMoments(events: readonly Place[], writes: RangeWrites): Promise<void> {
    const places = [...new Map(events.map((e) => [MOMENTS.key(e), { startInv: e.startInv, party: e.party }])).values()];
    const left = await this.packs.ranges(places.map(momentAsk));
    await this.moments.remove(places.filter((_, i) => !left[i].length).map(MOMENTS.key), writes);
  }

  async setOnPhone(ids: readonly string[], onPhone: boolean): Promise<void> {
    const changed = [...(await this.byIds(ids)).values()].filter((e) => e.onPhone !== onPhone).map((e) => ({ ...e, onPhone }));
    await this.packs.replace(changed, this.texts);
  }
}

/**
 * An import's events, gathered and stored a large batch at a time (sorted by party then time, so each party's
 * events fill whole packs); directory entries are written in still larger batches, and at the end: the moment
 * directory's merged in place, the id directory's set aside in sorted runs and merged once at the end when
 * there are more than a batch. A batch is stored while the next one is parsed and gathered: the import waits
 * for IndexedDB only when it has gathered a batch before the last one is stored.
 */
class PackWriter implements EventWriter {
  private gathered: EventDoc[] = [];
  private readonly gatheredIds = new Set<string>();
  private gatherUpTo = PACK_BATCHES.first;
  /** Where the events this import stored are, not yet in the directories (only their places: a place is ~10× smaller). */
  private unindexed: IdPlace[] = [];
  /** The batch being stored. */
  private storing: Promise<Stored> | null = null;

  constructor(
    private readonly events: PackedEvents,
    private readonly writes: RangeWrites,
    private readonly idRuns: SortedRuns<IdPlace>
  ) {}

  async add(docs: EventDoc[]): Promise<Stored> {
    let present = 0;
    for (const d of docs) {
      // A second copy in one batch; copies further apart meet in their pack (their key is the same).
      if (this.gatheredIds.has(d.id)) present++;
      else {
        this.gatheredIds.add(d.id);
        this.gathered.push(d);
      }
    }
    if (this.gathered.length < this.gatherUpTo) return { added: [], present };
    this.gatherUpTo = Math.min(PACK_BATCHES.most, this.gatherUpTo * 2);
    const stored = await this.idle();
    this.storing = this.flush();
    // Its failure is met by the next call (add, finish or idle), not left unhandled meanwhile.
    this.storing.catch(() => {});
    return { added: stored.added, present: stored.present + present };
  }

  async finish(): Promise<Stored> {
    const earlier = await this.idle();
    const last = await this.flush();
    const twice = await this.index(true);
    return { added: [...earlier.added, ...last.added], present: earlier.present + last.present, twice: twice.length };
  }

  /** Waits for the batch being stored, if any; what it stored. */
  async idle(): Promise<Stored> {
    const storing = this.storing;
    this.storing = null;
    return storing ? await storing : { added: [], present: 0 };
  }

  private async flush(): Promise<Stored> {
    if (!this.gathered.length) return { added: [], present: 0 };
    const batch = this.gathered;
    this.gathered = [];
    this.gatheredIds.clear();
    const stored = await this.events.storeBatch(batch, this.writes);
    for (const { startInv, party, id } of stored.added) this.unindexed.push({ startInv, party, id });
    if (this.unindexed.length >= PACK_BATCHES.directory) await this.index(false);
    return stored;
  }

  /** Writes the directory entries held (the id directory's into a run, until the last call); the copies of events stored twice. */
  private async index(last: boolean): Promise<IdPlace[]> {
    const events = this.unindexed;
    this.unindexed = [];
    if (last && !this.idRuns.count) return this.events.index(events, this.writes);
    await this.events.indexMoments(events, this.writes);
    await this.idRuns.add(events);
    if (!last) return [];
    const twice = await this.events.indexRuns(this.idRuns, this.writes);
    await this.idRuns.clear();
    return twice;
  }
}

/** The events of a document of the texts collection: none unless it is a pack. */
export function packedEvents(doc: TextDoc): EventDoc[] {
  return doc.id.startsWith('p:') ? PACKS.decode(doc.data) : [];
}

const stores = new WeakMap<CrosstalkDatabase, PackedEvents>();

/** The event store of a database (one per database, so that its writes are serialized). */
export function eventsOf(db: CrosstalkDatabase): PackedEvents {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new PackedEvents(TextStore.of(db.searchchunks))));
  return store;
}
