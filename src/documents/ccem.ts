/**
 * The `ccem` document: the LCS24 optimum of the double-constant embedding model (CCEM) at
 * (N, t, b), in float64 or as decimal strings of D significant digits, one row per sweep point.
 * @remarks LCS24 (CCEM optimum and the t = b regime thresholds); docs/theory.md §1.
 */
import { Decimal } from 'decimal.js';
import { ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';
import { ccemOptimumHp, ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';
import { readableLoss, underflowLossDigits } from './loss.js';

/** A number as the user wrote it (exact decimal text) and its double. */
export interface DecimalValue {
  readonly text: string;
  readonly x: number;
}

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
export function ccemRow(n: number, t: DecimalValue, b: DecimalValue, digits?: number): CcemRow {
  const diagonal = t.x === b.x;
  if (digits === undefined) {
    const o = ccemOptimum(n, t.x, b.x);
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

/** The per-anchor loss at the CCEM optimum as {@link ccemFloatLoss} prints it (plan, siglip). */
export function ccemReadableLoss(n: number, t: number, b: number): number | string {
  const o = ccemOptimum(n, t, b);
  return ccemFloatLoss(n, t, b, o.loss, o.log10Loss);
}

/**
 * The float row's loss: the double, or where it underflows the 6-digit value from its log; past
 * |t| + |b| ~ 1e9 that log no longer carries 6 digits, and the decimal route on the same doubles
 * gives them.
 */
function ccemFloatLoss(n: number, t: number, b: number, loss: number, log10Loss: number): number | string {
  const scale = Math.abs(t) + Math.abs(b);
  if (
    (loss >= 2.2250738585072014e-308 && loss <= Number.MAX_VALUE) ||
    underflowLossDigits(log10Loss, scale) >= 6
  )
    return readableLoss(loss, log10Loss, scale);
  return readableDecimal(ccemOptimumHp(n, exactDecimalString(t), exactDecimalString(b), 20).loss, 6);
}

/** Builds the rows of a CCEM sweep: N outermost, then t, then b. */
export function buildCcem(input: CcemInput): CcemRow[] {
  const rows: CcemRow[] = [];
  for (const n of input.ns)
    for (const t of input.ts) for (const b of input.bs ?? [t]) rows.push(ccemRow(n.x, t, b, input.digits));
  return rows;
}
