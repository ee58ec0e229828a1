import { LANGUAGES, type Preferences, type Stamp } from '../model/preferences';
import { checkMapping, headerKey, type CsvPreset } from '../formats/mapped-csv/mapping';
import { isRegion } from '../model/phone-number';
import { isValidTimeZone } from '../util/zoned-time';
import { DEVICE_ID, flag, FieldProblem, integer, list, MAX_CLOCK, object, oneOf, SHORT, text, textItem, type Fields } from './fields';

const MAX_NAMES = 100;

/** One check per preference, so a record, a patch and a stored document are checked the same way. */
const checks: { [K in keyof Preferences]: (o: Fields) => Preferences[K] } = {
  region: (o) => {
    const region = text(o, 'region', 2);
    if (!isRegion(region)) throw new FieldProblem(`region ${region} is not a country code`);
    return region;
  },
  timeZone: (o) => {
    const zone = text(o, 'timeZone', 100);
    if (!isValidTimeZone(zone)) throw new FieldProblem(`timeZone ${zone} is not a time zone`);
    return zone;
  },
  me: (o) => list(o, 'me', MAX_NAMES, (v, i) => textItem(v, `me[${i}]`, SHORT)),
  language: (o) => oneOf(o, 'language', LANGUAGES),
  labelWriteback: (o) => flag(o, 'labelWriteback')
};
const KEYS = Object.keys(checks) as (keyof Preferences)[];

function pick<K extends keyof Preferences>(patch: Partial<Preferences>, key: K, o: Fields): void {
  patch[key] = checks[key](o);
}

/** Complete preferences: a copy that adopted half a record could no longer read chat exports. */
export function checkPreferences(value: unknown): Preferences {
  return checkSomePreferences(value, KEYS, 'preferences');
}

/** The given preferences, each required and valid (`what` names the record). */
export function checkSomePreferences<K extends keyof Preferences>(value: unknown, keys: readonly K[], what: string): Pick<Preferences, K> {
  const o = object(value, what);
  const out: Partial<Preferences> = {};
  for (const key of keys) pick(out, key, o);
  return out as Pick<Preferences, K>;
}

/** A change from the Settings page: only known preferences, each valid. */
export function checkPreferencesPatch(value: unknown): Partial<Preferences> {
  const o = object(value, 'preferences');
  const unknown = Object.keys(o).find((k) => !(KEYS as string[]).includes(k));
  if (unknown !== undefined) throw new FieldProblem(`${unknown.slice(0, 40)} is not a preference`);
  const out: Partial<Preferences> = {};
  for (const key of KEYS) if (o[key] !== undefined) pick(out, key, o);
  return out;
}

/** Stored preferences, each field kept if valid and else the default: they can always be used and edited. */
export function repairPreferences(value: unknown, defaults: Preferences): Preferences {
  const o = typeof value === 'object' && value !== null ? (value as Fields) : {};
  const out = { ...defaults };
  for (const key of KEYS) {
    try {
      pick(out, key, o);
    } catch (err) {
      if (!(err instanceof FieldProblem)) throw err;
    }
  }
  return out;
}

/** The stamp of a change another copy made. */
export function checkStamp(o: Fields): Stamp {
  const device = text(o, 'device', 64);
  if (!DEVICE_ID.test(device)) throw new FieldProblem('device is not a device id');
  return { clock: integer(o, 'clock', 0, MAX_CLOCK), device };
}

/** A column-mapping preset (saved or from another copy); its key is recomputed from its header, never taken as given. */
export function checkCsvPreset(value: unknown): CsvPreset {
  const o = object(value, 'csvPreset');
  const mapping = checkMapping(o.mapping);
  return { key: headerKey(mapping.header), mapping, ...checkStamp(o) };
}

/** Stored presets, each kept if valid (one a bug left unreadable is dropped, the others still apply). */
export function repairCsvPresets(value: unknown): CsvPreset[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    try {
      return [checkCsvPreset(v)];
    } catch (err) {
      if (err instanceof FieldProblem) return [];
      throw err;
    }
  });
}
