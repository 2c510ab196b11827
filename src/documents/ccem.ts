/**
 * The `ccem` document: the LCS24 optimum of the double-constant embedding model (CCEM) at
 * (N, t, b), in float64 or as decimal strings of D significant digits, one row per sweep point.
 * @remarks LCS24 (CCEM optimum and the t = b regime thresholds); docs/theory.md §1.
 */
import { Decimal } from 'decimal.js';
import { type CcemOptimum, ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';
import { ccemOptimumHp, ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';
import { UsageError } from '../errors.js';
import { exponentText, readableLoss, underflowLossDigits } from './loss.js';
import {
  type DecimalValue,
  floatOptimumAtDecimals,
  nearRegimeEdge,
} from '../../constructions/ccem-at-decimals.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

export {
  type DecimalValue,
  floatOptimumAtDecimals,
  NEAR_EDGE_OFFSET,
  nearRegimeEdge,
} from '../../constructions/ccem-at-decimals.js';

/** What `buildCcem` needs: the sweep values (validated) and the precision. */
export interface CcemInput {
  readonly ns: readonly DecimalValue[];
  readonly ts: readonly DecimalValue[];
  /** biases; absent: b = t (the LCS24 diagonal) */
  readonly bs?: readonly DecimalValue[];
  /** significant digits of decimal.js; absent: float64 */
  readonly digits?: number;
}

/** One optimum as printed: numbers (float64) or decimal strings of D significant digits. */
export type CcemRow = Record<string, unknown>;

/** A decimal for people: D significant digits, in exponent form outside 1e-6 .. 1e21. */
export function readableDecimal(v: Decimal, digits: number): string {
  if (!v.isFinite()) return v.toString();
  if (v.isZero()) return '0';
  return v.e < -6 || v.e >= 21 ? v.toExponential(digits - 1) : v.toPrecision(digits);
}

const Exact = Decimal.clone({ precision: 1e9, toExpNeg: -7, toExpPos: 21 });

/** The user's decimal, exactly, in its shortest form (1e-300, not 301 zeros). */
export function exactInput(text: string): string {
  return new Exact(text.trim()).toString();
}

/** The optimum for one (N, t, b), with thresholds when t = b. */
export function ccemRow(
  n: number,
  t: DecimalValue,
  b: DecimalValue,
  digits?: number,
  floatOptimum?: CcemOptimum,
): CcemRow {
  const diagonal = t.x === b.x;
  if (digits === undefined) {
    const o = floatOptimumAtDecimals(n, t, b, floatOptimum);
    return {
      N: n,
      t: t.x,
      b: b.x,
      regime: o.regime,
      c1: o.c1,
      oneMinusC1: o.oneMinusC1,
      c2: o.c2,
      delta: o.delta,
      loss: ccemFloatLoss(n, t.x, b.x, o.loss, o.log10Loss),
      log10Loss: o.log10Loss,
      ...(diagonal ? { thresholds: ccemThresholds(n) } : {}),
    };
  }
  const o = ccemOptimumHp(n, t.text, b.text, digits);
  const s = (d: Decimal) => readableDecimal(d, digits);
  const th = ccemThresholdsHp(hpContext(digits + 10), n);
  return {
    N: n,
    t: exactInput(t.text),
    b: exactInput(b.text),
    regime: o.regime,
    c1: s(o.c1),
    oneMinusC1: s(o.oneMinusC1),
    c2: s(o.c2),
    delta: s(o.delta),
    loss: s(o.loss),
    log10Loss: s(o.log10Loss),
    ...(diagonal ? { thresholds: { etf: s(th.etf), antipodal: s(th.antipodal) } } : {}),
  };
}

/**
 * Budget of the decimal route in one float sweep, in units of one near-edge point (3.8 ms each
 * measured in a sweep of 1000 on one core): a point whose loss underflows past what its log10
 * carries costs {@link LOSS_FALLBACK_UNITS} (5-6 ms each in sweeps of 1000 at t = 1e14..1e15).
 * 20,000 units is some 80 s; a sweep above it is refused up front, before any point runs.
 */
export const MAX_DECIMAL_UNITS = 20_000;

/** Cost units of the decimal loss of a point whose float loss underflows (see {@link MAX_DECIMAL_UNITS}). */
export const LOSS_FALLBACK_UNITS = 2;

/**
 * The per-anchor loss at the CCEM optimum as {@link ccemFloatLoss} prints it (plan, siglip), of the
 * optimum `o` (default: {@link floatOptimumAtDecimals} on the doubles' exact expansions, so that
 * next to a regime edge, where the float route's 1 + c1 ~ 1/t is rounding noise, it is the decimal one).
 */
export function ccemReadableLoss(
  n: number,
  t: number,
  b: number,
  o: CcemOptimum = floatOptimumAtDecimals(
    n,
    { text: exactDecimalString(t), x: t },
    { text: exactDecimalString(b), x: b },
  ),
): number | string {
  return ccemFloatLoss(n, t, b, o.loss, o.log10Loss);
}

/**
 * The float row's loss: the double, or where it underflows the 6-digit value from its log; past
 * |t| + |b| ~ 1e9 that log no longer carries 6 digits, and the decimal route on the same doubles
 * gives them.
 */
function ccemFloatLoss(n: number, t: number, b: number, loss: number, log10Loss: number): number | string {
  const scale = Math.abs(t) + Math.abs(b);
  if (!lossNeedsDecimal(t, b, loss, log10Loss)) return readableLoss(loss, log10Loss, scale);
  const hp = ccemOptimumHp(n, exactDecimalString(t), exactDecimalString(b), 20).loss;
  // below decimal.js's exponent range (about 1e-9e15; plan and siglip take t up to 1.8e308) the
  // decimal underflows to 0 as well: the log is then all there is, not a loss of "0"
  if (hp.isZero() && Number.isFinite(log10Loss)) return `10^${exponentText(log10Loss)}`;
  return readableDecimal(hp, 6);
}

/** Whether {@link ccemFloatLoss} takes the decimal route (the float loss underflows past its log's digits). */
function lossNeedsDecimal(t: number, b: number, loss: number, log10Loss: number): boolean {
  return !(
    (loss >= MIN_NORMAL && loss <= Number.MAX_VALUE) ||
    underflowLossDigits(log10Loss, Math.abs(t) + Math.abs(b)) >= 6
  );
}

/** Builds the rows of a CCEM sweep: N outermost, then t, then b. */
export function buildCcem(input: CcemInput): CcemRow[] {
  const points: [number, DecimalValue, DecimalValue][] = [];
  for (const n of input.ns)
    for (const t of input.ts) for (const b of input.bs ?? [t]) points.push([n.x, t, b]);
  if (input.digits !== undefined) return points.map(([n, t, b]) => ccemRow(n, t, b, input.digits));
  // float64: count the points that need the decimal route before running any of them
  const optima = points.map(([n, t, b]) => ccemOptimum(n, t.x, b.x));
  let near = 0;
  let underflow = 0;
  for (const [i, [n, t, b]] of points.entries()) {
    const o = optima[i]!;
    if (nearRegimeEdge(n, t.x, b.x, o)) near++;
    if (lossNeedsDecimal(t.x, b.x, o.loss, o.log10Loss)) underflow++;
  }
  const units = near + LOSS_FALLBACK_UNITS * underflow;
  if (units > MAX_DECIMAL_UNITS) {
    throw new UsageError(
      `ccem: ${near} points next to a regime edge and ${underflow} with an underflowing loss need the decimal route (${units} units, at most ${MAX_DECIMAL_UNITS} per run, about 80 s): use fewer such points`,
    );
  }
  return points.map(([n, t, b], i) => ccemRow(n, t, b, undefined, optima[i]));
}
