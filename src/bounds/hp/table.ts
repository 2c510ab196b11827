/**
 * The decimal.js twin of the forward row's three log10 bounds, and the agreement (in significant
 * digits) between the float64 and decimal columns.
 *
 * @remarks rho and 1 - rho = 4m / (1 + b + m) are formed in decimal from the exact rationals of the
 * decimal inputs (rational.ts), so rho within 1e-300 of 1 keeps its digits. The lower bounds use the
 * hypergeometric series of hp/cap-area.ts (not the float continued fraction). The upper bound is
 * the same bound as the float column: the exact code size for rho <= 0, else min(Levenshtein, cap
 * packing), with Levenshtein's bound evaluated at the float walk's interval index by the decimal
 * hypergeometric route (hp/levenshtein.ts, which checks the index by the signs at rho) and skipped,
 * as in the float column, when that degree exceeds the float cap.
 */
import { Decimal } from 'decimal.js';
import { feasibility, type RhoExact, rhoExactOf, rhoPartsOf } from '../constellation.js';
import { exactCodeSizeExact, levenshteinIndex } from '../levenshtein.js';
import { type ExactInput, exactOf, sign, toDecimal } from '../rational.js';
import type { BoundsRow } from '../table.js';
import { HP_CAP_DIGITS, logCapAreaCosHp } from './cap-area.js';
import { logLevenshteinHpAt } from './levenshtein.js';

/** Decimal values of the three log10 columns (null where the float row has null). */
export interface BoundsRowHp {
  readonly log10NLower: Decimal | null;
  readonly log10NLowerPaper: Decimal | null;
  readonly log10NUpper: Decimal | null;
}

/**
 * ln of the lower bound on A(n, rho) in decimal: the exact size for rho <= 0, else
 * max(1 / Omega_n(arccos rho), 2n) (the cross-polytope is a rho-code for every rho >= 0).
 */
export function logLowerHp(n: number, r: RhoExact, digits: number): Decimal {
  const D = Decimal.clone({ precision: digits + 10 });
  const exact = n >= 2 ? exactCodeSizeExact(n, r.rho) : null;
  if (exact !== null) return new D(exact.toString()).ln();
  const cap = logCapAreaCosHp(n, toDecimal(r.rho, D), digits, toDecimal(r.oneMinus, D)).neg();
  const cross = new D(2 * n).ln();
  return cap.gte(cross) ? cap : cross;
}

/**
 * ln of the upper bound on A(n, rho) in decimal, the same bound as the float column: exact code
 * size for rho <= 0; else min(Levenshtein at the float index, cap packing), packing alone where
 * the float walk's degree cap was hit; null when the decimal route cannot confirm the index.
 */
export function logUpperHp(n: number, r: RhoExact, digits: number): Decimal | null {
  const D = Decimal.clone({ precision: digits + 10 });
  const exact = exactCodeSizeExact(n, r.rho);
  if (exact !== null) return new D(exact.toString()).ln();
  const oneMinus = toDecimal(r.oneMinus, D);
  // half angle: 1 - cos(theta/2) = (w/2) / (1 + sqrt(1 - w/2)), w = 1 - rho
  const halfW = oneMinus.div(2);
  const halfOneMinus = halfW.div(new D(1).plus(new D(1).minus(halfW).sqrt()));
  const pack = logCapAreaCosHp(n, new D(1).minus(halfOneMinus), digits, halfOneMinus).neg();
  const p = rhoPartsOf(r);
  const pt = levenshteinIndex(n, p.rho, p.oneMinus);
  if (pt === null) return pack;
  const lev = logLevenshteinHpAt(n, oneMinus, pt.m, digits);
  if (lev === null) return null;
  return lev.lte(pack) ? lev : pack;
}

/**
 * The decimal log10NLower, log10NLowerPaper and log10NUpper for (d, m, b_rel), `digits` significant digits.
 * @remarks See the module remarks; rows outside the feasible region get the decimal d-free bound.
 */
export function forwardRowHp(
  d: number,
  m: ExactInput,
  bRel: ExactInput | 'best',
  digits: number = HP_CAP_DIGITS,
): BoundsRowHp {
  const D = Decimal.clone({ precision: digits + 10 });
  const ln10 = new D(10).ln();
  const f = feasibility(m, bRel);
  if (!f.feasible) {
    if (f.finiteBoundExact === null || f.finiteBoundExact.p <= 0n)
      return { log10NLower: null, log10NLowerPaper: null, log10NUpper: null };
    return {
      log10NLower: null,
      log10NLowerPaper: null,
      log10NUpper: toDecimal(f.finiteBoundExact, D).log(10),
    };
  }
  if (sign(exactOf(m)) === 0) return { log10NLower: null, log10NLowerPaper: null, log10NUpper: null };
  const r = rhoExactOf(m, bRel);
  const lower = (n: number) => logLowerHp(n, r, digits).div(ln10);
  const upper = logUpperHp(d, r, digits);
  return {
    log10NLower: lower(d - 1),
    log10NLowerPaper: d >= 3 ? lower(d - 2) : null,
    log10NUpper: upper === null ? null : upper.div(ln10),
  };
}

/**
 * Significant digits on which a float value agrees with a decimal reference:
 * -log10(|float - ref| / |ref|), capped at 17 (exact agreement) and floored at 0.
 * @example agreementDigits(1.5, new Decimal(1.5)) === 17
 */
export function agreementDigits(float: number, ref: Decimal): number {
  const D = Decimal.clone({ precision: 40 });
  const r = new D(ref);
  const diff = new D(float.toPrecision(100)).minus(r).abs();
  if (diff.isZero()) return 17;
  const scale = r.abs().isZero() ? new D(1) : r.abs();
  const digits = -diff.div(scale).log(10).toNumber();
  return Math.max(0, Math.min(17, digits));
}

/**
 * The smallest agreement over the three log10 columns of a float row and its decimal twin; null if
 * the row has no log10 values.
 */
export function rowAgreement(row: BoundsRow, hp: BoundsRowHp): number | null {
  let worst: number | null = null;
  const pairs: [number | null, Decimal | null][] = [
    [row.log10NLower, hp.log10NLower],
    [row.log10NLowerPaper, hp.log10NLowerPaper],
    [row.log10NUpper, hp.log10NUpper],
  ];
  for (const [f, h] of pairs) {
    if (f === null || h === null) continue;
    const a = agreementDigits(f, h);
    worst = worst === null ? a : Math.min(worst, a);
  }
  return worst;
}
