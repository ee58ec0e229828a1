// The smallest metadata: keys need a number's possible lengths, not its type (what 'max' adds; it took the data
// worker's start ~10% longer to compile). Both give the same E.164 key for every input the unit tests compare.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { ownTexts, ownedText } from '../util/owned-text';

/**
 * Phone numbers as keys. Two keys exist for different jobs:
 * - `numberKey` is region-independent (last 10 digits) and feeds deterministic ids, so an id never
 *   changes when the user changes the default region;
 * - `normalizeNumber` is the E.164 form (region-dependent) that association and output use; short codes
 *   and alphanumeric senders fall back to a raw key.
 */

const NUMBER_KEY_DIGITS = 10;

/** An ISO 3166 alpha-2 code libphonenumber knows ('CN', 'US'; not 'ZZ'). */
export function isRegion(value: unknown): value is CountryCode {
  return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
}

/** Keys by raw number: ids and party keys both ask, for every event, about the same few hundred numbers. */
const numberKeys = new Map<string, string>();

export function numberKey(raw: string | null): string {
  if (!raw) return '';
  let key = numberKeys.get(raw);
  if (key === undefined) {
    key = computeNumberKey(raw);
    if (numberKeys.size >= 50_000) numberKeys.clear();
    // Copies: a cache outlives the file text its keys were cut from (util/owned-text.ts).
    numberKeys.set(ownedText(raw), (key = ownedText(key)));
  }
  return key;
}

function computeNumberKey(raw: string): string {
  const trimmed = raw.trim();
  if (/[a-z]/i.test(trimmed.replace(/^tel:/i, ''))) return trimmed.toLowerCase();
  const digits = trimmed.replace(/\D/g, '');
  return digits.length > NUMBER_KEY_DIGITS ? digits.slice(-NUMBER_KEY_DIGITS) : digits;
}

export type NormalizedNumber =
  /** A number of a possible length for its country: comparable across sources. */
  | { kind: 'e164'; key: string }
  /** Short codes, alphanumeric senders, numbers it cannot validate: matched by their raw form. */
  | { kind: 'raw'; key: string };

const cache = new Map<string, NormalizedNumber | null>();

export function normalizeNumber(raw: string | null, region: string): NormalizedNumber | null {
  if (!raw) return null;
  const cacheKey = region + '|' + raw;
  let hit = cache.get(cacheKey);
  if (hit === undefined) {
    hit = computeNormalized(raw, region);
    if (cache.size > 200_000) cache.clear();
    cache.set(ownedText(cacheKey), hit && ownTexts(hit));
  }
  return hit;
}

function computeNormalized(raw: string, region: string): NormalizedNumber | null {
  const cleaned = raw
    .replace(/^tel:/i, '')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim();
  if (!cleaned || /^-?\d$/.test(cleaned) || /^-\d+$/.test(cleaned)) return null; // SBR's "-1", "-2": hidden
  if (!/[a-z]/i.test(cleaned)) {
    const candidate = cleaned.startsWith('00') ? '+' + cleaned.slice(2) : cleaned;
    const parsed = parsePhoneNumberFromString(candidate, region.toUpperCase() as CountryCode);
    // Possible (right length) rather than valid: fictional and newly allocated ranges still match across sources.
    if (parsed && parsed.isPossible()) return { kind: 'e164', key: parsed.number };
  }
  const key = /[a-z]/i.test(cleaned) ? cleaned.toLowerCase() : cleaned.replace(/[^\d+#*]/g, '');
  return key ? { kind: 'raw', key } : null;
}

/** E.164 when the number is one, else null (what the CLI's `number` field shows). */
export function e164(raw: string | null, region: string): string | null {
  const n = normalizeNumber(raw, region);
  return n?.kind === 'e164' ? n.key : null;
}

/** Does this text look like a phone number (as WhatsApp shows unsaved authors)? */
export function looksLikePhoneNumber(text: string): boolean {
  const t = text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return /^\+?[\d\s().-]{6,}$/.test(t) && t.replace(/\D/g, '').length >= 6;
}
