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

/*
 * Each check comes in two forms: by key (`text(o, 'name', …)`) and by value (`textValue(o.name, 'name', …)`).
 * A hot path (checkEvent, once per imported event) reads its fields by name: `o[key]` with the key a variable
 * is a megamorphic keyed load, and made checking an event ~4× slower.
 */

export function textValue(v: unknown, key: string, max: number): string {
  if (typeof v !== 'string') throw new FieldProblem(`${key} is not text`);
  if (v.length > max) throw new FieldProblem(`${key} is longer than ${max} characters`);
  return v;
}

export function text(o: Fields, key: string, max: number): string {
  return textValue(o[key], key, max);
}

/** A non-empty string in a list (`what` names it: 'numbers[3]'). */
export function textItem(value: unknown, what: string, max: number): string {
  if (typeof value !== 'string' || !value) throw new FieldProblem(`${what} is not text`);
  if (value.length > max) throw new FieldProblem(`${what} is longer than ${max} characters`);
  return value;
}

export function nullableTextValue(v: unknown, key: string, max: number): string | null {
  return v === null || v === undefined ? null : textValue(v, key, max);
}

export function nullableText(o: Fields, key: string, max: number): string | null {
  return nullableTextValue(o[key], key, max);
}

export function integerValue(v: unknown, key: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FieldProblem(`${key} is not a whole number`);
  if (v < min || v > max) throw new FieldProblem(`${key} ${v} is outside ${min}…${max}`);
  return v;
}

export function integer(o: Fields, key: string, min: number, max: number): number {
  return integerValue(o[key], key, min, max);
}

export function flagValue(v: unknown, key: string): boolean {
  if (typeof v !== 'boolean') throw new FieldProblem(`${key} is not true or false`);
  return v;
}

export function flag(o: Fields, key: string): boolean {
  return flagValue(o[key], key);
}

export function oneOfValue<T extends string>(v: unknown, key: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new FieldProblem(`${key} is not one of ${allowed.join(', ')}`);
  return v as T;
}

export function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T {
  return oneOfValue(o[key], key, allowed);
}

export function listValue<T>(v: unknown, key: string, max: number, item: (value: unknown, index: number) => T): T[] {
  if (!Array.isArray(v)) throw new FieldProblem(`${key} is not a list`);
  if (v.length > max) throw new FieldProblem(`${key} has more than ${max} entries`);
  return v.map(item);
}

export function list<T>(o: Fields, key: string, max: number, item: (value: unknown, index: number) => T): T[] {
  return listValue(o[key], key, max, item);
}

/** Names, handles, numbers, file names. */
export const SHORT = 1_000;
/** Message bodies, transcripts. */
export const LONG = 1_000_000;
/** Lamport clocks: far beyond any real count of edits, far below where doubles stop counting exactly. */
export const MAX_CLOCK = 2 ** 40;
/** Device ids are random hex or base-36 strings. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{1,64}$/;
