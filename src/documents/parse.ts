/**
 * Shape checks for the JSON documents sigcheck reads back: each failure is a UsageError naming
 * the input and the key path.
 */
import { UsageError } from '../errors.js';
import { describeValue } from '../io/limits.js';

/** A parsed JSON object. */
export type Obj = Record<string, unknown>;

export function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A short description of a value for messages. */
export function show(x: unknown): string {
  return describeValue(x);
}

export function obj(x: unknown, where: string): Obj {
  if (!isObj(x)) throw new UsageError(`${where} must be an object, got ${show(x)}`);
  return x;
}

/** A number; the strings `Infinity`, `-Infinity`, `NaN` (how sigcheck writes non-finite values) are accepted. */
export function num(o: Obj, key: string, where: string): number {
  const v = o[key];
  if (typeof v === 'number') return v;
  if (v === 'Infinity' || v === '-Infinity' || v === 'NaN') return Number(v);
  throw new UsageError(`${where}.${key} must be a number, got ${show(v)}`);
}

export function finiteNum(o: Obj, key: string, where: string): number {
  const x = num(o, key, where);
  if (!Number.isFinite(x))
    throw new UsageError(`${where}.${key} must be a finite number, got ${show(o[key])}`);
  return x;
}

export function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new UsageError(`${where}.${key} must be a string, got ${show(v)}`);
  return v;
}

export function oneOf<T extends string>(o: Obj, key: string, where: string, choices: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw new UsageError(`${where}.${key} must be one of ${choices.join(', ')}, got ${show(v)}`);
  }
  return v as T;
}

export function optStr(o: Obj, key: string, where: string): { [k: string]: string } {
  return o[key] === undefined ? {} : { [key]: str(o, key, where) };
}
