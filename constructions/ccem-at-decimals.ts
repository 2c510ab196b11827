/**
 * The CCEM optimum for the decimals a user typed: the float64 route on their doubles, except next to
 * a regime edge, where the decimal route on the typed text decides the regime and gives the values
 * (each rounded once to a double). Used by the ccem, plan and siglip answers alike.
 */
import { ccemOptimum, ccemRegimeFloat, type CcemOptimum } from './ccem.js';
import { ccemRegimeCertified } from './ccem-regime.js';
import { ccemOptimumHp } from './hp/ccem.js';
import { hpContext } from '../src/numeric/hp/decimal.js';

/** A number as the user wrote it (exact decimal text) and its double. */
export interface DecimalValue {
  readonly text: string;
  readonly x: number;
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
export const NEAR_EDGE_DIGITS = 30;

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
