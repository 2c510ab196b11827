/**
 * Levenshtein's bound L(n, s) in decimal.js: the high-precision twin of levenshtein.ts, reached by
 * a different route to the interval index.
 *
 * @remarks Same formulas as levenshtein.ts (Levenshtein 1983; Boyvalenkov et al. 2016 eq. 1.7-1.9),
 * but the interval is located with Gegenbauer polynomials only, not the Jacobi recurrences:
 *  - sign P_k^{(alpha+1, alpha)}(s) = sign(P_k(s) - P_{k+1}(s)) for s < 1, by the
 *    Christoffel-Darboux formula (Szego Thm 3.2.2: the kernel sum_{i<=k} r_i P_i(s) P_i(1) is a
 *    positive multiple of (P_{k+1}(s) - P_k(s)) / (s - 1) and of P_k^{(alpha+1, alpha)}(s));
 *  - sign P_k^{(alpha+1, alpha+1)}(s) = sign P'_{k+1}(s) (DLMF 18.9.15).
 * The binomials come from the decimal ln Gamma (hp/lgamma.ts).
 */
import { Decimal } from 'decimal.js';
import { UsageError } from '../../errors.js';
import { lnGammaHp } from './lgamma.js';

/** Default working precision (significant digits) of the decimal Levenshtein bound. */
export const HP_LEVENSHTEIN_DIGITS = 40;

/** Largest degree walked before giving up (null). */
export const HP_LEVENSHTEIN_MAX_DEGREE = 200_000;

/**
 * ln L(n, s) in decimal.js (s converted exactly from a double, or given as a Decimal); null if the
 * interval degree exceeds {@link HP_LEVENSHTEIN_MAX_DEGREE}.
 * @remarks See the module remarks.
 */
export function logLevenshteinHp(
  n: number,
  s: Decimal | number,
  digits: number = HP_LEVENSHTEIN_DIGITS,
): Decimal | null {
  if (!Number.isInteger(n) || n < 2)
    throw new UsageError(`logLevenshteinHp: n must be an integer >= 2, got ${n}`);
  const D = Decimal.clone({ precision: digits + 10 });
  const sd = typeof s === 'number' ? new D(s.toPrecision(100)) : new D(s);
  if (sd.lt(-1) || sd.gte(1))
    throw new UsageError(`logLevenshteinHp: s must be in [-1, 1), got ${sd.toString()}`);
  // Gegenbauer P_i and P'_i, i = 0, 1, 2, ...
  const p: Decimal[] = [new D(1), sd];
  const dp: Decimal[] = [new D(0), new D(1)];
  const step = (i: number): void => {
    // (i + n - 2) P_{i+1} = (2i + n - 2) s P_i - i P_{i-1}; differentiate for P'
    const c = new D(2 * i + n - 2);
    const den = new D(i + n - 2);
    p[i + 1] = c
      .times(sd)
      .times(p[i]!)
      .minus(p[i - 1]!.times(i))
      .div(den);
    dp[i + 1] = c
      .times(p[i]!.plus(sd.times(dp[i]!)))
      .minus(dp[i - 1]!.times(i))
      .div(den);
  };
  step(1);
  let kb = 0;
  for (let k = 1; k <= HP_LEVENSHTEIN_MAX_DEGREE; k++) {
    step(k + 1); // now P_{k+2}, P'_{k+2} known
    if (kb === 0 && dp[k + 1]!.lte(0)) kb = k;
    if (p[k]!.minus(p[k + 1]!).lte(0)) {
      const nD = new D(n);
      if (kb === k) {
        // L_{2k-1}
        const bracket = new D(2 * k + n - 3)
          .div(n - 1)
          .minus(p[k - 1]!.minus(p[k]!).div(new D(1).minus(sd).times(p[k]!)));
        return logBinomialHp(new D(k + n - 3), new D(k - 1), D).plus(bracket.ln());
      }
      // kb = k - 1: L_{2j}, j = k - 1
      const j = k - 1;
      const bracket = new D(2 * j + n - 1).div(nD.minus(1)).minus(
        new D(1)
          .plus(sd)
          .times(p[j]!.minus(p[j + 1]!))
          .div(new D(1).minus(sd).times(p[j]!.plus(p[j + 1]!))),
      );
      return logBinomialHp(new D(j + n - 2), new D(j), D).plus(bracket.ln());
    }
  }
  return null;
}

function logBinomialHp(nn: Decimal, k: Decimal, D: typeof Decimal): Decimal {
  if (k.isZero() || k.eq(nn)) return new D(0);
  return lnGammaHp(nn.plus(1), D)
    .minus(lnGammaHp(k.plus(1), D))
    .minus(lnGammaHp(nn.minus(k).plus(1), D));
}
