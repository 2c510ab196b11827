/**
 * Shared pieces of the BBNP25 experiments: the protocol, seeded solver calls, and the closed forms
 * the tables put beside the measurements.
 */
import { deriveSeed } from '../numeric/float/rng.js';
import { type SolveOptions, type SolveResult, solveSync } from '../solver/index.js';
import type { Metrics, Param, Step } from './types.js';

/** BBNP25 section 3 protocol: N = 100, d = 10, t0 = 10, Adam lr 1e-2, 10^4 steps, mean normalisation. */
export const BBNP25 = { n: 100, d: 10, t0: 10, lr: 1e-2, steps: 10_000 } as const;

/**
 * The solver kernel of every experiment: plain JS, so the output does not depend on whether
 * build/kernel.wasm is present (wasm and JS sum in different orders and differ in the last bits).
 */
export const KERNEL = 'js' as const;

/**
 * Default seeds of an experiment whose published numbers are one draw each: a one-draw number is
 * judged against the spread over our draws, and stuck-pair counts and the adapter's final t vary by
 * draw enough that two or three draws understate that spread.
 */
export const ONE_DRAW_SEEDS = 6;

/** The Adam step budget of the BBNP25 experiments: 10^4, or `quick` steps for CI. */
export function bbnpSteps(quick: boolean, quickSteps = 500): number {
  return quick ? quickSteps : BBNP25.steps;
}

/** The protocol record echoed in BBNP25 outputs (the step is the document's `step`). */
export function bbnpProtocol(quick: boolean, extra: Record<string, Param> = {}): Record<string, Param> {
  return {
    N: BBNP25.n,
    d: BBNP25.d,
    t0: BBNP25.t0,
    optimizer: 'Adam lr 1e-2, PyTorch defaults; U, V renormalised after each step',
    normalization: 'mean (BBNP25 code)',
    steps: bbnpSteps(quick),
    ...extra,
  };
}

/**
 * One in-thread solver run of the BBNP25 protocol (single start, mean normalisation, plain JS
 * kernel, the given vector update). Options override the protocol.
 */
export function solveBbnp(
  seed: number,
  quick: boolean,
  step: Step,
  options: Partial<SolveOptions>,
): SolveResult {
  return solveSync({
    optimizer: step,
    n: BBNP25.n,
    d: BBNP25.d,
    t0: BBNP25.t0,
    lr: BBNP25.lr,
    steps: bbnpSteps(quick),
    normalization: 'mean',
    seed,
    starts: 1,
    threads: 1,
    kernel: KERNEL,
    ...options,
  });
}

/** The headline measures of a solver result. */
export function measuresOf(r: SolveResult): Metrics {
  return { t: r.t, bRel: r.bRel, b: r.b, margin: r.mStar, bStar: r.bStar, loss: r.lossValue, xi: r.xi };
}

/**
 * rho(m, b) = (1 + b - 3m) / (1 + b + m) (BBNP25's alpha, docs/theory.md §2), without range checks so
 * a measured (m*, b*) with m* <= 0 still gets a value (NaN when the denominator vanishes).
 */
export function rhoOf(m: number, b: number): number {
  const den = 1 + b + m;
  return den === 0 ? Number.NaN : (1 + b - 3 * m) / den;
}

/**
 * The largest margin allowed at b_rel by the necessary conditions of BBNP25 Thm 3.4 (exact form):
 * m <= 1 - b and (3 - 4/N) m <= 1 + b.
 */
export function thm34MaxMargin(bRel: number, n: number): number {
  return Math.max(0, Math.min(1 - bRel, (1 + bRel) / (3 - 4 / n)));
}

/**
 * The Thm 3.1 certificate (docs/theory.md §2, derived): a sum-normalised loss L < ln 2 certifies an
 * (eta/t, b/t)-constellation with eta = ln(1/(e^L - 1)); returns eta/t, or NaN when L >= ln 2.
 */
export function certifiedMargin(lossSum: number, t: number): number {
  if (!(lossSum < Math.LN2)) return Number.NaN;
  return -Math.log(Math.expm1(lossSum)) / t;
}

/** Seed of seed-index k: deriveSeed(base, `${id}:seed:${k}`), shared by every group (paired runs). */
export function seedOf(base: number, id: string, k: number): number {
  return deriveSeed(base, `${id}:seed:${k}`);
}

/** Our cells of a row: `key` (mean over seeds, NaN-free or null) and `key_sd` for each metric. */
export function oursCells(
  stats: Readonly<Record<string, { mean: number; sd: number }>>,
  keys: readonly string[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of keys) {
    const s = stats[k];
    out[k] = s === undefined || Number.isNaN(s.mean) ? null : s.mean;
    out[`${k}_sd`] = s === undefined || Number.isNaN(s.sd) ? null : s.sd;
  }
  return out;
}
