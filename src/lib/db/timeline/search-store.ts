import { SearchIndex } from '../../search/search-index';
import type { CrosstalkDatabase } from '../store/database';
import { eventsOf, OUTSIDE_PACKS } from '../store/event-packs';
import { TextStore } from '../store/text-store';
import { INDEX_MARKER, indexEvent } from './index-event';

/** The full-text index, kept in the searchchunks collection (beside the event packs), whose buckets are read as queries need them. */
export class SearchStore {
  readonly index: SearchIndex;
  private ready: Promise<SearchIndex> | null = null;

  constructor(private readonly db: CrosstalkDatabase) {
    // Not through the collection's queries: RxDB's query cache keeps up to 100 queries' results, here whole
    // buckets (old versions too, as a long import saves the index several times).
    this.index = new SearchIndex(TextStore.of(db.searchchunks));
  }

  /** The index; one written by an older version (another format, or none) is rebuilt from the events once. */
  loaded(): Promise<SearchIndex> {
    return (this.ready ??= (async () => {
      if (!(await this.db.searchchunks.findOne(INDEX_MARKER).exec())) await this.rebuild();
      return this.index;
    })());
  }

  async save(): Promise<void> {
    await this.index.save();
    await this.db.searchchunks.upsert({ id: INDEX_MARKER, data: '' });
  }

  /** Runs set aside beside the buckets (ids `search:…`): removed by the save, or with the buckets by the next rebuild when it was cut off. */
  private async rebuild(): Promise<void> {
    await removeBuckets(this.db);
    const runs = TextStore.of(this.db.searchchunks);
    for await (const page of eventsOf(this.db).pages()) {
      for (const e of page) indexEvent(this.index, e);
      if (this.index.overBudget) await this.index.setAside(runs);
    }
    await this.save();
  }
}

/** Buckets read and removed at a time: an older index at 1M events is ~45 MB of them. */
const REMOVE_GROUP = 64;

/** Removes the index's buckets (of any version), and nothing of the event packs beside them. */
export async function removeBuckets(db: CrosstalkDatabase): Promise<void> {
  for (const [from, to] of OUTSIDE_PACKS) {
    for (;;) {
      const ids = (await db.searchchunks.find({ selector: { id: { $gte: from, $lt: to } }, limit: REMOVE_GROUP }).exec()).map((d) => d.id);
      if (!ids.length) break;
      await TextStore.of(db.searchchunks).remove(ids);
    }
  }
}
