import { UsageError } from '../errors.js';
import type { LogitParameters } from '../documents/parameters.js';

/** A decimal literal: optional sign, digits with an optional point, optional exponent. */
const DECIMAL_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a number flag strictly: the whole string must be a finite decimal number
 * (`1e-300`, `-10`, `.5`); hex (`0x10`), separators (`1_0`), surrounding blanks, `NaN`,
 * `Infinity`, overflow (`1e400`) and the empty string are refused.
 */
export function parseNumber(flag: string, value: string): number {
  const x = strictDecimal(value);
  if (x === undefined) throw new UsageError(`${flag} must be a finite number, got '${value}'`);
  return x;
}

function strictDecimal(text: string): number | undefined {
  const x = DECIMAL_RE.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(x) ? x : undefined;
}

/** Parses an integer flag in [min, max]. */
export function parseInteger(flag: string, value: string, min: number, max: number): number {
  const x = parseNumber(flag, value);
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new UsageError(`${flag} must be an integer in [${min}, ${max}], got '${value}'`);
  }
  return x;
}

/** Parses a seed: an integer in the signed 32-bit range. */
export function parseSeed(value: string): number {
  return parseInteger('--seed', value, -(2 ** 31), 2 ** 31 - 1);
}

/** Parses one of a fixed set of words. */
export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
}

/** Commander's collector for a repeatable flag (`--claim a --claim b`, or `--claim a,b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').filter((s) => s !== '')];
}

/** Default cap on the number of values one list flag may expand to. */
export const MAX_LIST_VALUES = 1_000_000;

/** One value of a list flag: the user's text (exact decimal) and its double. */
export interface ListValue {
  readonly text: string;
  readonly x: number;
}

/**
 * Parses a list flag `a,b,c` whose items are numbers or ranges `start:stop:count` (count evenly
 * spaced values, both ends included), keeping each single item's text for exact decimal use. With
 * `integer`, every value must be an integer (range points within 1e-9 relative of one are rounded).
 * The number of values is checked against `max` before anything is expanded.
 */
export function parseListValues(
  flag: string,
  text: string,
  integer: boolean,
  max = MAX_LIST_VALUES,
): ListValue[] {
  const items = text.split(',');
  if (items.some((s) => s === '')) throw new UsageError(`${flag} has an empty item in '${text}'`);
  let total = 0;
  const parsed = items.map((item) => {
    const parts = item.split(':');
    if (parts.length === 1) {
      total += 1;
      return { start: parseNumber(flag, item), stop: 0, count: 1, text: item };
    }
    if (parts.length !== 3) throw new UsageError(`${flag} range must be start:stop:count, got '${item}'`);
    const [start, stop, count] = ['start', 'stop', 'count'].map((what, i) => {
      const x = strictDecimal(parts[i]!);
      if (x === undefined) throw new UsageError(`${flag} range ${what} must be a number, got '${parts[i]}'`);
      return x;
    }) as [number, number, number];
    if (!Number.isInteger(count) || count < 1) {
      throw new UsageError(`${flag} range count must be an integer >= 1, got '${parts[2]}'`);
    }
    total += count;
    if (total > max) throw new UsageError(`${flag} has more than ${max} values`);
    return { start, stop, count, text: null };
  });
  if (total > max) throw new UsageError(`${flag} has more than ${max} values`);
  const out: ListValue[] = [];
  for (const { start, stop, count, text: itemText } of parsed) {
    for (let i = 0; i < count; i++) {
      const x = count === 1 ? start : start + ((stop - start) * i) / (count - 1);
      const v = integer ? Math.round(x) : x;
      if (integer && Math.abs(v - x) > 1e-9 * Math.max(1, Math.abs(x))) {
        throw new UsageError(`${flag} values must be integers, got ${x} from '${text}'`);
      }
      out.push({ text: itemText !== null && v === x ? itemText : String(v), x: v });
    }
  }
  return out;
}

/** {@link parseListValues} as plain numbers. */
export function parseList(flag: string, text: string, integer: boolean, max = MAX_LIST_VALUES): number[] {
  return parseListValues(flag, text, integer, max).map((v) => v.x);
}

/**
 * The (t, b) flags as numbers: `--t/--b`, or `--logit-scale/--logit-bias` (SigLIP's convention,
 * converted by `canonicalParameters` in src/documents/parameters.ts); mixing the two is refused;
 * neither gives the SigLIP init t = b = 10.
 */
export function parseTemperatureBias(
  where: string,
  o: { t?: string; b?: string; logitScale?: string; logitBias?: string },
): LogitParameters {
  const canonical = o.t !== undefined || o.b !== undefined;
  const siglip = o.logitScale !== undefined || o.logitBias !== undefined;
  if (canonical && siglip) {
    throw new UsageError(`${where}: give --t/--b or --logit-scale/--logit-bias, not both`);
  }
  if (siglip) {
    const logitScale = parseNumber('--logit-scale', o.logitScale ?? String(Math.log(10)));
    const logitBias = parseNumber('--logit-bias', o.logitBias ?? '-10');
    return { from: 'siglip', logitScale, logitBias };
  }
  const t = parseNumber('--t', o.t ?? '10');
  const b = parseNumber('--b', o.b ?? '10');
  if (!(t > 0)) throw new UsageError(`${where}: --t must be > 0, got ${t}`);
  return { t, b, from: canonical ? 'canonical' : 'default' };
}

/**
 * Refuses (t, b) whose logits t G - b (|G| <= 1) could make a float64 loss sum over `terms` pairs
 * overflow: each softplus term is at most |z| + ln 2 <= t + |b| + 1, so the sum stays finite when
 * terms * (t + |b| + 1) is below the largest double.
 */
export function requireFiniteLogits(where: string, t: number, b: number, terms: number): void {
  const bound = Math.max(1, terms) * (t + Math.abs(b) + 1);
  if (!(bound < Number.MAX_VALUE)) {
    throw new UsageError(
      terms <= 1
        ? `${where}: logits t G - b overflow float64 at t = ${t}, b = ${b} (need t + |b| + 1 < 1.8e308)`
        : `${where}: the loss sum overflows float64 at t = ${t}, b = ${b} (${terms} pairs; need pairs * (t + |b| + 1) < 1.8e308)`,
    );
  }
}

/**
 * Refuses a job whose estimated work exceeds `--max-work` (seconds): one line with the estimate,
 * the cap and the flag. Estimates come from fixed cost models, so a refusal never depends on load.
 */
export function requireWork(where: string, seconds: number, maxWork: string, what: string): void {
  const max = parseNumber('--max-work', maxWork);
  if (!(seconds <= max)) {
    const shown =
      seconds < 90
        ? `${seconds.toFixed(0)} s`
        : seconds < 5400
          ? `${(seconds / 60).toFixed(1)} min`
          : `${(seconds / 3600).toFixed(1)} h`;
    throw new UsageError(
      `${where}: ${what} needs about ${shown} of work, more than --max-work ${max} s; raise --max-work to run it`,
    );
  }
}
