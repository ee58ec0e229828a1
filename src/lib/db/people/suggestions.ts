import type { BindingEdit } from '../../association/binding';
import type { Preferences } from '../../model/preferences';
import type { Suggestion, SuggestionEngine } from '../../suggest/engine';
import type { CrosstalkDatabase } from '../store/database';
import type { AssociationCache } from './association-cache';

/** A suggestion with its evidence said in both languages (the UI shows the one in use). */
export type SuggestionView = Suggestion & { sentences: { en: string[]; zh: string[] } };

/**
 * The engine and its name tables (pinyin-pro's dictionary, most of the data worker's code) are loaded when
 * suggestions are first asked for, not every time the app opens.
 */
const engine = () => Promise.all([import('../../suggest/engine'), import('../../suggest/evidence'), import('../../util/steps')]);

/**
 * Suggested matches for the current association, computed once per association. One engine is kept for the
 * session: after an import or an edit it scores again only the identities the change can affect, in slices
 * that give the worker's event loop back (other calls are answered in between).
 */
export class SuggestionCache {
  private cached: { version: number; result: Promise<SuggestionView[]> } | null = null;
  private engine: SuggestionEngine | null = null;
  /** Updates run one after another: each starts from the state the previous one left. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The view of each suggestion, kept while the engine keeps the suggestion (unchanged identities). */
  private readonly views = new WeakMap<Suggestion, SuggestionView>();

  constructor(
    private readonly db: CrosstalkDatabase,
    private readonly association: AssociationCache,
    private readonly preferences: () => Pick<Preferences, 'region' | 'me'>
  ) {}

  /** Every suggested match, best first. */
  all(): Promise<SuggestionView[]> {
    const version = this.association.version;
    if (this.cached?.version === version) return this.cached.result;
    const result = this.compute(this.queue);
    this.queue = result.catch(() => {});
    this.cached = { version, result };
    result.catch(() => {
      if (this.cached?.result === result) this.cached = null;
    });
    return result;
  }

  /** Reads what the engine needs now (the database may be closed once the caller is done), then waits its turn. */
  private async compute(previous: Promise<unknown>): Promise<SuggestionView[]> {
    const read = Promise.all([
      engine(),
      this.association.current(),
      this.association.partyMap(),
      this.db.contacts.find().exec(),
      this.db.owners.find().exec(),
      this.db.edits.find().exec()
    ]);
    const { region, me } = this.preferences();
    read.catch(() => {}); // rethrown below, once the previous update is done
    await previous;
    const [[{ SuggestionEngine }, { evidenceSentences }, { runSliced }], association, parties, contacts, owners, edits] = await read;
    this.engine ??= new SuggestionEngine();
    let found: Suggestion[];
    try {
      found = await runSliced(
        this.engine.update({
          people: association.people,
          parties,
          contacts: contacts.map((c) => c.toMutableJSON()),
          edits: edits.map((e) => e.toMutableJSON() as BindingEdit),
          region,
          ownerNames: [...me, ...owners.map((o) => o.name ?? '')]
        })
      );
    } catch (e) {
      // A half-done update leaves no state to build on: the next one starts from scratch.
      this.engine = null;
      throw e;
    }
    return found.map((x) => {
      let view = this.views.get(x);
      if (!view) this.views.set(x, (view = { ...x, sentences: evidenceSentences(x.evidence) }));
      return view;
    });
  }
}
