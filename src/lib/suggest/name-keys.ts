import { pinyin } from 'pinyin-pro';

/**
 * The forms of a name that suggestions compare. A name is compared as written, then normalised (width, case,
 * Latin accents and pinyin tone marks, whitespace, punctuation, emoji, honorifics), then by sound (Chinese
 * characters as toneless pinyin in both name orders, against Latin spellings), by initials and by its deletion
 * neighbours (one letter typed wrong).
 */

const HONORIFIC_SUFFIX = /(先生|女士|小姐|老师|老師|太太|さん|さま|様|くん|君|ちゃん|선생님|님|씨)$/u;
const HONORIFIC_PREFIX = /^(mr|mrs|ms|miss|dr|prof)\.?\s+/iu;
const NOISE = /[\p{P}\p{S}\p{Z}\p{C}\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F\s]/gu;
const HAN = /^\p{Script=Han}+$/u;
const LATIN = /^[a-z]+$/;

/** Width, case and Latin accents folded, a leading title dropped (`Mr.`); spaces and symbols still there. */
function fold(name: string): string {
  // ASCII needs neither width nor accent folding (most Latin names: the fast path).
  let s = /^[\x20-\x7e]*$/.test(name) ? name.trim().toLowerCase() : name.normalize('NFKC').trim().toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
  return s.replace(HONORIFIC_PREFIX, '');
}

function strip(folded: string): string {
  const bare = folded.replace(NOISE, '');
  const stripped = bare.replace(HONORIFIC_SUFFIX, '');
  return stripped || bare;
}

function isTitled(name: string): boolean {
  const folded = name.normalize('NFKC').trim().toLowerCase();
  return HONORIFIC_PREFIX.test(folded) || (HONORIFIC_SUFFIX.test(folded.replace(NOISE, '')) && normaliseName(name) !== folded.replace(NOISE, ''));
}

/** Width, case and accents folded; without honorifics, emoji, punctuation and spaces. '' when nothing is left. */
export function normaliseName(name: string): string {
  return strip(fold(name));
}

/** The words of a name (Latin words, or single Han characters), normalised. */
function words(name: string): string[] {
  const folded = fold(name);
  const key = strip(folded);
  if (HAN.test(key)) return [...key];
  return folded.split(/[\s\p{P}\p{S}\d]+/u).map((w) => w.replace(NOISE, '')).filter(Boolean);
}

const pinyinCache = new Map<string, string[]>();

/** Toneless pinyin syllables of an all-Han name, the first character read as a family name. */
function syllables(han: string): string[] {
  let s = pinyinCache.get(han);
  if (!s) {
    s = pinyin(han, { toneType: 'none', type: 'array', surname: 'head' }).map((p) => p.toLowerCase());
    pinyinCache.set(han, s);
  }
  return s;
}

export type Script = 'han' | 'latin' | 'other';

export function scriptOf(key: string): Script {
  return HAN.test(key) ? 'han' : LATIN.test(key.replace(/[1-5]/g, '')) ? 'latin' : 'other';
}

/**
 * How the name sounds, as Latin letters without spaces or tones, in both orders: 杨帆 → yangfan, fanyang;
 * "Fan Yang" → fanyang, yangfan; "xiao3 yang2" → xiaoyang, yangxiao. Empty for other scripts.
 */
export function soundKeys(name: string): string[] {
  const key = normaliseName(name);
  const script = scriptOf(key);
  let parts: string[];
  if (script === 'han') parts = syllables(key);
  else if (script === 'latin') parts = words(name).map((w) => w.replace(/[1-5]/g, ''));
  else return [];
  if (parts.length === 0) return [];
  const forward = parts.join('');
  const rotated = parts.slice(1).join('') + parts[0];
  return forward === rotated ? [forward] : [forward, rotated];
}

/** First letters of a name of two to four words (Han names by their pinyin): "Xiao Yang" → xy, 杨帆 → yf. */
export function initials(name: string): string | null {
  const key = normaliseName(name);
  const parts = scriptOf(key) === 'han' ? syllables(key) : words(name);
  if (parts.length < 2 || parts.length > 4 || !parts.every((p) => /^[a-z]/.test(p))) return null;
  return parts.map((p) => p[0]).join('');
}

/** The given name of a Latin name of two or three words ("Anna Berg" → anna); null otherwise. */
export function firstName(name: string): string | null {
  const key = normaliseName(name);
  if (scriptOf(key) !== 'latin') return null;
  const w = words(name);
  return w.length >= 2 && w.length <= 3 && w[0].length >= 3 ? w[0] : null;
}

/** A normalised Latin name with one letter deleted, every way (and itself): two names one typo apart share one. */
export function deletionNeighbours(key: string): string[] {
  if (scriptOf(key) !== 'latin' || key.length < 5) return [];
  const out = new Set([key]);
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
}

/** Every form of one name that suggestions compare. */
export interface NameForms {
  key: string;
  script: Script;
  sound: string[];
  initials: string | null;
  first: string | null;
  deletions: string[];
  /** The name is a title and a name (王先生, Mr. Berg): the name is then likely a family name. */
  titled: boolean;
}

const FORMS_KEPT = 100_000;
const formsCache = new Map<string, NameForms>();

/** The forms of a name, computed once per name (the same names come back on every recomputation). */
export function nameForms(name: string): NameForms {
  let f = formsCache.get(name);
  if (!f) {
    const key = normaliseName(name);
    f = { key, script: scriptOf(key), sound: soundKeys(name), initials: initials(name), first: firstName(name), deletions: deletionNeighbours(key), titled: isTitled(name) };
    if (formsCache.size >= FORMS_KEPT) formsCache.clear();
    formsCache.set(name, f);
  }
  return f;
}
