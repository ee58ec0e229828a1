import { en } from '../i18n/en';
import { zh } from '../i18n/zh';

/** Where a name of the suggested person comes from. */
export type NameSource = 'vcard' | 'chat';

/** One reason to think a chat identity is a person; `weight` is how much it alone says (0–1). */
export type Evidence =
  | { kind: 'same-name'; name: string; source: NameSource }
  | { kind: 'normalised-name'; name: string; source: NameSource }
  | { kind: 'pinyin'; han: string; latin: string }
  | { kind: 'nickname'; name: string }
  | { kind: 'username'; value: string }
  | { kind: 'org'; name: string }
  | { kind: 'first-name'; name: string }
  | { kind: 'family-name'; name: string }
  | { kind: 'initials'; name: string }
  | { kind: 'similar-name'; name: string }
  | { kind: 'same-days'; days: number }
  | { kind: 'call-then-message'; times: number }
  | { kind: 'shared-name'; people: number }
  | { kind: 'best-fit' };

export type NameEvidence = Extract<Evidence, { name: string }>['kind'] | 'username' | 'pinyin';

/** A name shared by several people says less about each: its weight is divided among them, at most this much. */
export const SHARED_DIVISOR_MAX = 4;

/** How much each kind of name evidence says on its own, when it points at one person only. */
export const NAME_WEIGHT: Record<NameEvidence, number> = {
  'username': 0.95,
  'same-name': 0.92,
  'normalised-name': 0.88,
  'pinyin': 0.86,
  'nickname': 0.8,
  'similar-name': 0.5,
  'first-name': 0.35,
  'family-name': 0.3,
  'org': 0.3,
  'initials': 0.25
};

/** Name evidence that can make a suggestion strong (on its own, unambiguous). */
export const STRONG_KINDS: ReadonlySet<Evidence['kind']> = new Set(['username', 'same-name', 'normalised-name', 'pinyin', 'nickname']);

type Dictionary = Record<keyof typeof en, string>;

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The evidence as a sentence in the dictionary's language. */
export function evidenceSentence(e: Evidence, dict: Dictionary): string {
  switch (e.kind) {
    case 'same-name':
    case 'normalised-name':
      return fill(dict[`suggest.evidence.${e.kind}.${e.source}`], { name: e.name });
    case 'same-days':
      return fill(dict[e.days === 1 ? 'suggest.evidence.same-days.one' : 'suggest.evidence.same-days.other'], { count: e.days });
    case 'call-then-message':
      return fill(dict[e.times === 1 ? 'suggest.evidence.call-then-message.one' : 'suggest.evidence.call-then-message.other'], { count: e.times });
    case 'shared-name':
      return fill(dict[e.people === 1 ? 'suggest.evidence.shared-name.one' : 'suggest.evidence.shared-name.other'], { count: e.people });
    case 'best-fit':
      return dict['suggest.evidence.best-fit'];
    case 'pinyin':
      return fill(dict['suggest.evidence.pinyin'], { han: e.han, latin: e.latin });
    case 'username':
      return fill(dict['suggest.evidence.username'], { name: e.value });
    default:
      return fill(dict[`suggest.evidence.${e.kind}`], { name: e.name });
  }
}

export function evidenceSentences(evidence: Evidence[]): { en: string[]; zh: string[] } {
  return { en: evidence.map((e) => evidenceSentence(e, en)), zh: evidence.map((e) => evidenceSentence(e, zh)) };
}
