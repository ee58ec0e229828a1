import type { BindingEdit } from '../../association/binding';
import type { Preferences } from '../../model/preferences';
import type { Suggestion } from '../../suggest/engine';
import type { CrosstalkDatabase } from '../store/database';
import type { AssociationCache } from './association-cache';

/** A suggestion with its evidence said in both languages (the UI shows the one in use). */
export type SuggestionView = Suggestion & { sentences: { en: string[]; zh: string[] } };

/**
 * The engine and its name tables (pinyin-pro's dictionary, most of the data worker's code) are loaded when
 * suggestions are first asked for, not every time the app opens.
 */
const engine = () => Promise.all([import('../../suggest/engine'), import('../../suggest/evidence')]);

/** Suggested matches for the current association, computed once per association and dropped with it. */
export class SuggestionCache {
  private cached: { version: number; result: Promise<SuggestionView[]> } | null = null;

  constructor(
    private readonly db: CrosstalkDatabase,
    private readonly association: AssociationCache,
    private readonly preferences: () => Pick<Preferences, 'region' | 'me'>
  ) {}

  /** Every suggested match, best first. */
  all(): Promise<SuggestionView[]> {
    const version = this.association.version;
    if (this.cached?.version === version) return this.cached.result;
    const result = this.compute();
    this.cached = { version, result };
    result.catch(() => {
      if (this.cached?.result === result) this.cached = null;
    });
    return result;
  }

  private async compute(): Promise<SuggestionView[]> {
    const [[{ suggest }, { evidenceSentences }], association, parties, contacts, owners, edits] = await Promise.all([
      engine(),
      this.association.current(),
      this.association.partyMap(),
      this.db.contacts.find().exec(),
      this.db.owners.find().exec(),
      this.db.edits.find().exec()
    ]);
    const { region, me } = this.preferences();
    const found = suggest({
      people: association.people,
      parties,
      contacts: contacts.map((c) => c.toMutableJSON()),
      edits: edits.map((e) => e.toMutableJSON() as BindingEdit),
      region,
      ownerNames: [...me, ...owners.map((o) => o.name ?? '')]
    });
    return found.map((x) => ({ ...x, sentences: evidenceSentences(x.evidence) }));
  }
}
