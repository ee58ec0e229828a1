/**
 * Field checks for records that come from outside (a file, another copy, a peer). Each returns the value
 * in its clean form or throws a FieldProblem saying which field is wrong and why; the record checks turn
 * that into a per-record diagnostic.
 */
export class FieldProblem extends Error {}

export type Fields = Record<string, unknown>;

export function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FieldProblem(`${what} is not an object`);
  return value as Fields;
}

export function text(o: Fields, key: string, max: number): string {
  const v = o[key];
  if (typeof v !== 'string') throw new FieldProblem(`${key} is not text`);
  if (v.length > max) throw new FieldProblem(`${key} is longer than ${max} characters`);
  return v;
}

/** A non-empty string in a list (`what` names it: 'numbers[3]'). */
export function textItem(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || !value) throw new FieldProblem(`${what} is not text`);
  if (value.length > max) throw new FieldProblem(`${what} is longer than ${max} characters`);
  return value;
}

export function nullableText(o: Fields, key: string, max: number): string | null {
  return o[key] === null || o[key] === undefined ? null : text(o, key, max);
}

export function integer(o: Fields, key: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FieldProblem(`${key} is not a whole number`);
  if (v < min || v > max) throw new FieldProblem(`${key} ${v} is outside ${min}…${max}`);
  return v;
}

export function flag(o: Fields, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new FieldProblem(`${key} is not true or false`);
  return v;
}

export function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new FieldProblem(`${key} is not one of ${allowed.join(', ')}`);
  return v as T;
}

export function list<T>(o: Fields, key: string, max: number, item: (value: unknown, index: number) => T): T[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new FieldProblem(`${key} is not a list`);
  if (v.length > max) throw new FieldProblem(`${key} has more than ${max} entries`);
  return v.map(item);
}

/** Names, handles, numbers, file names. */
export const SHORT = 1_000;
/** Message bodies, transcripts. */
export const LONG = 1_000_000;
/** Lamport clocks: far beyond any real count of edits, far below where doubles stop counting exactly. */
export const MAX_CLOCK = 2 ** 40;
/** Device ids are random hex or base-36 strings. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;
