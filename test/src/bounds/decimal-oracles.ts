import { Decimal } from 'decimal.js';
import { lnGammaHp } from '../../../src/bounds/hp/lgamma.js';

// Decimal closed forms shared by the decimal-twin tests (test/src/bounds) and the cap-area claim's
// tests (test/theorems): each an independent route to what src/bounds/hp computes.

/** log10 of the largest |term| of 2F1(-k, k + a + b + 1; a + 1; z), every term in 60-digit decimal. */
export function biggestTermDecimal(k: number, a: number, b: number, z: number): number {
  const Dz = Decimal.clone({ precision: 60 });
  const zd = new Dz(z);
  let term = new Dz(1);
  let biggest = new Dz(1);
  for (let j = 0; j < k; j++) {
    term = term
      .times(j - k)
      .times(j + k + a + b + 1)
      .times(zd)
      .div((j + a + 1) * (j + 1));
    if (term.abs().gt(biggest)) biggest = term.abs();
  }
  return biggest.log(10).toNumber();
}

/**
 * Omega_{2m+1}(arccos s) = (1/2) (1 - s sum_{j<m} C(2j, j) ((1 - s^2)/4)^j), from the area element
 * (1 - t^2)^(m-1) dt integrated term by term (m = 1: (1 - s)/2; m = 2: (2 - 3s + s^3)/4).
 */
export function capOddClosedForm(n: number, s: Decimal, D: typeof Decimal): Decimal {
  const m = (n - 1) / 2;
  const q = new D(1).minus(s.times(s)).div(4);
  let term = new D(1); // C(2j, j) q^j
  let sum = new D(0);
  for (let j = 0; j < m; j++) {
    sum = sum.plus(term);
    term = term
      .times(2 * (2 * j + 1))
      .div(j + 1)
      .times(q);
  }
  return new D(1).minus(s.times(sum)).div(2);
}

/** The fixture points x where lnGammaHp at precision P misses mpmath by more than 10^-(P - 5) relative. */
export function lnGammaMisses(
  points: readonly { x: string; lnGamma: string }[],
  precision: number,
): string[] {
  const D = Decimal.clone({ precision });
  return points
    .filter((g) => {
      const ref = new D(g.lnGamma);
      const got = lnGammaHp(new D(g.x), D);
      return !got
        .minus(ref)
        .abs()
        .lte(
          ref
            .abs()
            .plus(1)
            .times(new D(10).pow(5 - precision)),
        );
    })
    .map((g) => g.x);
}
