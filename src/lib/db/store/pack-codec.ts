/**
 * The text of a pack: a party's events share most of their fields (channel, handle, name, phone, the file
 * they came from…), so each field whose value is the same in every event of the pack is written once, the
 * others as one row per event. A pack read for a single event of the global timeline costs its bytes
 * (IndexedDB reads ran at ~25 MB/s here, bench/README.md "Packs, read"): this keeps a pack about a third of
 * the size of its events' JSON. Plain-object fields (the source reference) are split one level down, so that
 * their shared parts (format, file) are written once too.
 *
 * Decoding gives back each event as JSON would (a field is present exactly where it was), and reads the
 * earlier text of a pack, a JSON array of the events.
 */

/** A field, or a field of a plain-object field. */
type Path = string | [string, string];

interface Packed {
  /** The fields, in the order first seen. */
  f: Path[];
  /** Values shared by every event, by field number. */
  c: Record<number, unknown>;
  /** One row per event: the values of the other fields, in field order. */
  r: unknown[][];
  /** [row, field] where an event lacks a field that is not shared (its row holds null there). */
  a?: [number, number][];
}

type Row = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field of the event's own (never one of Object.prototype's, as `constructor` would be). */
const own = (o: unknown, key: string): unknown => (isPlainObject(o) && Object.hasOwn(o, key) ? o[key] : undefined);
const valueAt = (e: Row, p: Path): unknown => (typeof p === 'string' ? own(e, p) : own(own(e, p[0]), p[1]));

/** Sets a field as JSON.parse would, `__proto__` included (a plain assignment would set the prototype). */
function setField(o: Row, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

/** Whether every event holds the same value at p (as JSON would write it). */
function sharedAt(rows: readonly Row[], p: Path): boolean {
  const first = valueAt(rows[0], p);
  if (first === undefined) return false;
  const text = typeof first === 'object' ? JSON.stringify(first) : null;
  for (let n = 1; n < rows.length; n++) {
    const v = valueAt(rows[n], p);
    if (text === null ? v !== first : typeof v !== 'object' || JSON.stringify(v) !== text) return false;
  }
  return true;
}

/** The fields of the events in the order first seen, plain-object fields as their fields. */
function pathsOf(rows: readonly Row[]): Path[] {
  const split = new Map<string, boolean>();
  for (const e of rows) {
    for (const key of Object.keys(e)) {
      const value = e[key];
      if (value === undefined) continue;
      const plain = isPlainObject(value) && Object.keys(value).length > 0 && !Object.values(value).includes(undefined);
      split.set(key, (split.get(key) ?? true) && plain);
    }
  }
  const paths: Path[] = [];
  const seen = new Set<string>();
  const add = (name: string, p: Path) => {
    if (!seen.has(name)) seen.add(name), paths.push(p);
  };
  for (const e of rows) {
    for (const key of Object.keys(e)) {
      if (e[key] === undefined) continue;
      if (!split.get(key)) add(JSON.stringify(key), key);
      else for (const sub of Object.keys(e[key] as Row)) add(JSON.stringify([key, sub]), [key, sub]);
    }
  }
  return paths;
}

export function encodePack(events: readonly object[]): string {
  const rows = events as readonly Row[];
  const paths = pathsOf(rows);
  const shared: Record<number, unknown> = {};
  const varying: number[] = [];
  paths.forEach((p, i) => (rows.length && sharedAt(rows, p) ? (shared[i] = valueAt(rows[0], p)) : varying.push(i)));
  const absent: [number, number][] = [];
  const packed: Packed = {
    f: paths,
    c: shared,
    r: rows.map((e, n) =>
      varying.map((i) => {
        const v = valueAt(e, paths[i]);
        if (v !== undefined) return v;
        absent.push([n, i]);
        return null;
      })
    )
  };
  if (absent.length) packed.a = absent;
  return JSON.stringify(packed);
}

export function decodePack<T>(text: string): T[] {
  if (text.startsWith('[')) return JSON.parse(text) as T[];
  const { f: paths, c: shared, r: rows, a: absent = [] } = JSON.parse(text) as Packed;
  const lacking = new Set(absent.map(([row, field]) => row * paths.length + field));
  /** Each field's column in a row, or -1 when shared; a shared object is copied into each event (events are mutable). */
  const column: number[] = [];
  let columns = 0;
  paths.forEach((_, i) => column.push(i in shared ? -1 : columns++));
  const sharedText = new Map(Object.entries(shared).flatMap(([i, v]) => (typeof v === 'object' && v !== null ? [[Number(i), JSON.stringify(v)]] : [])));
  return rows.map((row, n) => {
    const e: Row = {};
    for (let i = 0; i < paths.length; i++) {
      if (column[i] < 0 ? false : lacking.size > 0 && lacking.has(n * paths.length + i)) continue;
      const copied = sharedText.get(i);
      const value = column[i] >= 0 ? row[column[i]] : copied !== undefined ? JSON.parse(copied) : shared[i];
      const p = paths[i];
      if (typeof p === 'string') setField(e, p, value);
      else {
        if (!Object.hasOwn(e, p[0])) setField(e, p[0], {});
        setField(e[p[0]] as Row, p[1], value);
      }
    }
    return e as T;
  });
}
