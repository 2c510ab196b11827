/**
 * The `ccem` document: the LCS24 optimum of the double-constant embedding model (CCEM) at
 * (N, t, b), in float64 or as decimal strings of D significant digits, one row per sweep point.
 * @remarks LCS24 (CCEM optimum and the t = b regime thresholds); docs/theory.md §1.
 */
import { Decimal } from 'decimal.js';
import { type CcemOptimum, ccemOptimum, ccemRegimeFloat, ccemThresholds } from '../../constructions/ccem.js';
import { ccemRegimeCertified } from '../../constructions/ccem-regime.js';
import { ccemOptimumHp, ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import { exactDecimalString, hpContext } from '../numeric/hp/decimal.js';
import { UsageError } from '../errors.js';
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
 * Offset y = 1 -+ c1 of an interior optimum below which the float64 root loses digits: near a
 * regime edge y is about (distance of t from the edge) times a constant, so the rounding of t, b
 * and of the logits (about 2^-53 t each) moves it by ~3e-16 absolute, and 1 -+ c1 and delta lose
 * their relative accuracy (at N = 8 one ulp below T_ETF the float root gave 1 - c1 = 0 for an
 * interior optimum with 1 - c1 = 1.7e-16).
 */
export const NEAR_EDGE_OFFSET = 2 ** -10;

/** Digits of the decimal route of {@link floatOptimumAtDecimals} (its values are rounded to doubles). */
const NEAR_EDGE_DIGITS = 30;

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
 * Whether the float64 optimum at the doubles of (t, b) is near a regime edge: the float regime test
 * is not clear of its error bound (the decimal and its double may lie on different sides), or an
 * interior optimum has 1 -+ c1 < {@link NEAR_EDGE_OFFSET}.
 */
export function nearRegimeEdge(
  n: number,
  t: number,
  b: number,
  o: CcemOptimum = ccemOptimum(n, t, b),
): boolean {
  return (
    ccemRegimeFloat(n, t, b) === null ||
    (o.regime === 'interior' && Math.min(o.oneMinusC1, 2 - o.oneMinusC1) < NEAR_EDGE_OFFSET)
  );
}

/**
 * The float64 optimum for the decimals the user typed: the float route on their doubles, except
 * near a regime edge ({@link nearRegimeEdge}), where the decimal route on the typed text decides
 * the regime and gives the values, each rounded once to a double. Without it, t = 1.4082581733798378
 * at N = 8 (below T_ETF as a decimal, above it as a double) printed the ETF regime.
 */
export function floatOptimumAtDecimals(
  n: number,
  t: DecimalValue,
  b: DecimalValue,
  o: CcemOptimum = ccemOptimum(n, t.x, b.x),
): CcemOptimum {
  if (!nearRegimeEdge(n, t.x, b.x, o)) return o;
  if (n === 4) return n4AtDecimals(t.text.trim(), b.text.trim(), o);
  const h = ccemOptimumHp(n, t.text.trim(), b.text.trim(), NEAR_EDGE_DIGITS);
  return {
    regime: h.regime,
    c1: h.c1.toNumber(),
    oneMinusC1: h.oneMinusC1.toNumber(),
    c2: h.c2.toNumber(),
    delta: h.delta.toNumber(),
    loss: h.loss.toNumber(),
    log10Loss: h.log10Loss.toNumber(),
  };
}

/**
 * N = 4 at the typed decimals: the regime decided exactly (ETF iff t <= 3b, antipodal iff
 * t + b <= 0) and the closed form c1* = (1 + 3b/t)/2, 1 - c1* = (t - 3b)/(2t), c2 = (c1 - 2)/3 in
 * decimal arithmetic, each rounded once; the loss, well conditioned, from the float route.
 */
function n4AtDecimals(t: string, b: string, o: CcemOptimum): CcemOptimum {
  const regime = ccemRegimeCertified(4, t, b).regime;
  const D = hpContext(40);
  const tx = new D(t);
  const bx = new D(b);
  const oneMinus =
    regime === 'etf' ? new D(0) : regime === 'antipodal' ? new D(2) : tx.minus(bx.times(3)).div(tx.times(2));
  const c1 = new D(1).minus(oneMinus);
  const onePlus = new D(2).minus(oneMinus);
  return {
    regime,
    c1: c1.toNumber(),
    oneMinusC1: oneMinus.toNumber(),
    c2: c1.minus(2).div(3).toNumber(),
    delta: onePlus.isZero() ? Number.POSITIVE_INFINITY : oneMinus.div(onePlus).sqrt().toNumber(),
    loss: o.loss,
    log10Loss: o.log10Loss,
  };
}

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
  return readableDecimal(ccemOptimumHp(n, exactDecimalString(t), exactDecimalString(b), 20).loss, 6);
}

/** Whether {@link ccemFloatLoss} takes the decimal route (the float loss underflows past its log's digits). */
function lossNeedsDecimal(t: number, b: number, loss: number, log10Loss: number): boolean {
  return !(
    (loss >= 2.2250738585072014e-308 && loss <= Number.MAX_VALUE) ||
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
