import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { logCapAreaCosOracle, logCapAreaWrongParameter } from '../../theorems/cap-area.js';
import { capOddClosedForm } from '../src/bounds/decimal-oracles.js';

/** |got - want| in units of 2^-52 |want|. */
const ulps = (got: number, want: number) => Math.abs(got - want) / (2 ** -52 * Math.abs(want));

describe('the oracle is correctly rounded where it takes the decimal route', () => {
  // ln Omega_{2m+1}(arccos s) from the closed form of the cap on S^{2m} in 600-digit decimals
  const D = Decimal.clone({ precision: 600 });
  const lnCapOdd = (n: number, s: number) =>
    capOddClosedForm(n, new D(s.toPrecision(100)), D)
      .ln()
      .toNumber();
  // s < 0 with a s^2 / ln 10 + 40 <= 55 (a s^2 = 14.5 to 22.5): 30 digits rounded once; the float
  // ln(1 - e^acute) of the series route is 2-5 ulps off at these points (measured)
  it.each([
    [1001, -0.17],
    [1001, -0.2],
    [2001, -0.15],
  ])('n = %s, s = %s: within 1 ulp of the closed form', (n, s) => {
    expect(ulps(logCapAreaCosOracle(n, s), lnCapOdd(n, s))).toBeLessThanOrEqual(1);
  });
});

describe('the must-refute formula on small caps: the acute cap is taken at theta itself', () => {
  // ln Omega_3(theta) = ln sin^2(theta/2), ln Omega_5(theta) = ln(sin^4(theta/2) (2 + cos theta)), 50 digits;
  // through pi - theta the angle would carry the 1.2e-16 by which Math.PI is below pi (1e-11 relative at 1e-5)
  const D = Decimal.clone({ precision: 50 });
  const lnOmega = (n: number, theta: number) => {
    const h = new D(theta).div(2).sin();
    const s2 = h.times(h);
    return (n === 3 ? s2 : s2.times(s2).times(new D(theta).cos().plus(2))).ln().toNumber();
  };
  it.each([
    [2, 1e-8],
    [2, 1e-5],
    [4, 1e-8],
    [4, 1e-5],
  ])('n = %s (the cap of S^n), theta = %s: within 4 ulps of ln Omega_{n+1}(theta)', (n, theta) => {
    expect(ulps(logCapAreaWrongParameter(n, theta), lnOmega(n + 1, theta))).toBeLessThanOrEqual(4);
  });
});
