/**
 * The decimal.js twin of the forward row's three log10 bounds, and the agreement (in significant
 * digits) between the float64 and decimal columns.
 *
 * @remarks rho is formed in decimal from the exact binary values of m and b_rel; the lower bounds
 * use the hypergeometric series of hp/cap-area.ts (not the float continued fraction); the upper
 * bound repeats levenshtein.ts's choice (exact for rho <= 0, else min(Levenshtein, cap packing))
 * with hp/levenshtein.ts (Gegenbauer sign route) and the decimal cap area at the half angle.
 */
import { Decimal } from 'decimal.js';
import { feasibility } from '../constellation.js';
import type { BoundsRow } from '../table.js';
import { HP_CAP_DIGITS, logCapAreaCosHp } from './cap-area.js';
import { logLevenshteinHp } from './levenshtein.js';

/** Decimal values of the three log10 columns (null where the float row has null). */
export interface BoundsRowHp {
  readonly log10NLower: Decimal | null;
  readonly log10NLowerPaper: Decimal | null;
  readonly log10NUpper: Decimal | null;
}

/**
 * The decimal log10NLower, log10NLowerPaper and log10NUpper for (d, m, b_rel), `digits` significant digits.
 * @remarks See the module remarks; rows outside the feasible region get the decimal d-free bound.
 */
export function forwardRowHp(
  d: number,
  m: number,
  bRel: number,
  digits: number = HP_CAP_DIGITS,
): BoundsRowHp {
  const D = Decimal.clone({ precision: digits + 10 });
  const md = new D(m.toPrecision(100));
  const bd = new D(bRel.toPrecision(100));
  const f = feasibility(m, bRel);
  const ln10 = new D(10).ln();
  if (!f.feasible) {
    if (f.finiteBound === null || f.finiteBound <= 0)
      return { log10NLower: null, log10NLowerPaper: null, log10NUpper: null };
    const bound = md.times(4).div(md.times(3).minus(1).minus(bd));
    return { log10NLower: null, log10NLowerPaper: null, log10NUpper: bound.log(10) };
  }
  if (m === 0) return { log10NLower: null, log10NLowerPaper: null, log10NUpper: null };
  const onePlusB = bd.plus(1);
  const r = onePlusB.minus(md.times(3)).div(onePlusB.plus(md));
  const lower = (n: number) => logCapAreaCosHp(n, r, digits).neg().div(ln10);
  let upper: Decimal;
  if (r.isZero()) upper = new D(2 * d).log(10);
  else {
    const lev = logLevenshteinHp(d, r, digits);
    const half = r.plus(1).div(2).sqrt();
    const pack = logCapAreaCosHp(d, half, digits).neg();
    upper = (lev?.lte(pack) ? lev : pack).div(ln10);
  }
  return {
    log10NLower: lower(d - 1),
    log10NLowerPaper: d >= 3 ? lower(d - 2) : null,
    log10NUpper: upper,
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
