import { describe, expect, it } from 'vitest';
import { hpContext } from '../../../../src/numeric/hp/decimal.js';
import { lnHp, log1pHp, NATIVE_LN_DIGITS } from '../../../../src/numeric/hp/log.js';
import { softplus } from '../../../../src/numeric/hp/softplus.js';

const P = 1100;

describe('decimal ln and log1p beyond decimal.js 1025-digit ln(10)', () => {
  it(`lnHp(exp(x)) = x to ${P - 5} digits at ${P} digits (exp has no precision cap)`, () => {
    const D = hpContext(P);
    for (const x of ['0.3', '-7.25', '123.5']) {
      const y = lnHp(D, new D(x).exp());
      expect(
        y
          .minus(x)
          .abs()
          .lte(new D(10).pow(-(P - 5)).times(new D(x).abs())),
        x,
      ).toBe(true);
    }
  });
  it('lnHp(10) equals 3 ln 1.28 + 7 ln 1.25 (arguments whose built-in ln needs no stored ln 10)', () => {
    const D = hpContext(P);
    const want = new D('1.28').ln().times(3).plus(new D('1.25').ln().times(7));
    expect(
      lnHp(D, new D(10))
        .minus(want)
        .abs()
        .lte(new D(10).pow(-(P - 3))),
    ).toBe(true);
  });
  it('uses the built-in ln up to NATIVE_LN_DIGITS', () => {
    const D = hpContext(NATIVE_LN_DIGITS);
    expect(lnHp(D, new D(2)).eq(new D(2).ln())).toBe(true);
  });
  it('log1pHp(y) for tiny y keeps full relative precision (against ln(1 + y) at 200 digits)', () => {
    const D = hpContext(50);
    const W = hpContext(200);
    for (const y of ['1e-30', '-3e-12', '0.004', '0.5']) {
      const want = new W(y).plus(1).ln();
      const got = log1pHp(D, new D(y));
      expect(new W(got).minus(want).abs().div(want.abs()).lte('1e-49'), y).toBe(true);
    }
  });
  it('softplus at 1020 digits does not hit decimal.js precision limit, and softplus(z) - softplus(-z) = z', () => {
    const D = hpContext(1020);
    for (const z of ['-3', '0.5', '40']) {
      const diff = softplus(D, new D(z))
        .minus(softplus(D, new D(z).neg()))
        .minus(z)
        .abs();
      expect(diff.lte(new D(10).pow(-1015)), z).toBe(true);
    }
  });
});
