import type { Metrics, Stat } from './types.js';

/** Arithmetic mean (NaN for an empty list). */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample standard deviation (K - 1 denominator, two-pass); NaN for fewer than two values.
 * @example sampleSd([1, 2, 3]) === 1
 */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Mean, sample sd, min, max and count of a list. */
export function stat(xs: readonly number[]): Stat {
  return { mean: mean(xs), sd: sampleSd(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Per-metric statistics over the seeds' metrics (keys of the first run). */
export function statsOf(runs: readonly Metrics[]): Record<string, Stat> {
  const out: Record<string, Stat> = {};
  const first = runs[0];
  if (first === undefined) return out;
  for (const key of Object.keys(first)) out[key] = stat(runs.map((r) => r[key] ?? Number.NaN));
  return out;
}
