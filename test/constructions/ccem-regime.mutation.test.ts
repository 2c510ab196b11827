import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  ccemRegimeCertified,
  decisionErrorBound,
  logDerivativeRatioHp,
} from '../../constructions/ccem-regime.js';
import { hpContext } from '../../src/numeric/hp/decimal.js';

const R = hpContext(100);
/** x to 45 significant digits, rounded up or down: within 1e-44 of x, inside 40 digits' error bound. */
const digits45 = (x: Decimal, up: boolean) =>
  x.toSignificantDigits(45, up ? Decimal.ROUND_UP : Decimal.ROUND_DOWN).toFixed();

describe('ccemRegimeCertified next to a regime edge: 40 digits cannot decide, 80 do', () => {
  it('N = 8, t = b = T_ETF(8) = (7/8) ln 5 to 45 digits: ETF just above, interior just below', () => {
    // at t = b, ETF iff ln 3 + ln 2 <= softplus(8t/7) iff t >= (7/8) ln 5 (docs/theory.md §1)
    const tEtf = new R(5).ln().times(7).div(8);
    const above = digits45(tEtf, true);
    const below = digits45(tEtf, false);
    expect(ccemRegimeCertified(8, above, above)).toEqual({ regime: 'etf', digits: 80 });
    expect(ccemRegimeCertified(8, below, below)).toEqual({ regime: 'interior', digits: 80 });
  });

  it('N = 8, b = 1, t = ln 3 - 1 to 45 digits: antipodal just below t + b = ln 3, interior just above', () => {
    // antipodal iff t + b <= ln((N-2)/2); at t = 0.0986, b = 1 the ETF test is clear (f'(1) > 0)
    const t = new R(3).ln().minus(1);
    expect(ccemRegimeCertified(8, digits45(t, false), '1')).toEqual({ regime: 'antipodal', digits: 80 });
    expect(ccemRegimeCertified(8, digits45(t, true), '1')).toEqual({ regime: 'interior', digits: 80 });
  });

  it('away from the edges 40 digits decide: t = b = 10 (ETF), t = b = 0.1 (antipodal), t = 2, b = 1 (interior)', () => {
    expect(ccemRegimeCertified(8, '10', '10')).toEqual({ regime: 'etf', digits: 40 });
    expect(ccemRegimeCertified(8, '0.1', '0.1')).toEqual({ regime: 'antipodal', digits: 40 });
    expect(ccemRegimeCertified(8, '2', '1')).toEqual({ regime: 'interior', digits: 40 });
  });

  it('N = 4 is exact at every digit of the input: ETF iff t <= 3b, antipodal iff t + b <= 0', () => {
    const long = (lead: string) => `${lead}.${'0'.repeat(58)}1`;
    // t = 3b exactly with 60-digit b (3b needs all its digits): f'(1) = 0, the ETF side
    expect(ccemRegimeCertified(4, `3.${'0'.repeat(58)}3`, long('1'))).toEqual({ regime: 'etf', digits: 0 });
    expect(ccemRegimeCertified(4, long('3'), '1')).toEqual({ regime: 'interior', digits: 0 });
    expect(ccemRegimeCertified(4, '3', long('1'))).toEqual({ regime: 'etf', digits: 0 });
    // b = 1 - 1e-60: 3b = 3 - 3e-60 < t = 3 (3b kept to b's 60 digits, not t's one)
    expect(ccemRegimeCertified(4, '3', `0.${'9'.repeat(60)}`)).toEqual({ regime: 'interior', digits: 0 });
    // t + b = 1e-59 > 0: interior; t + b = 0 is antipodal
    expect(ccemRegimeCertified(4, long('1'), '-1')).toEqual({ regime: 'interior', digits: 0 });
    expect(ccemRegimeCertified(4, '1', '-1')).toEqual({ regime: 'antipodal', digits: 0 });
  });
});

describe('the log-space sign of f and its error bound', () => {
  it('logDerivativeRatioHp = ln((N-2)/2) + ln sigma(a) - ln sigma(b)', () => {
    const D = hpContext(50);
    const sigma = (z: number) => new D(1).div(new D(1).plus(new D(-z).exp()));
    const L = new D(3).ln();
    for (const [a, b] of [
      [-2.5, 0.75],
      [3, -4],
    ] as const) {
      const expected = L.plus(sigma(a).div(sigma(b)).ln());
      const got = logDerivativeRatioHp(D, L, new D(a), new D(b));
      expect(got.minus(expected).abs().toNumber()).toBeLessThan(1e-45);
    }
  });

  it('decisionErrorBound = 200 u (|t| + |b| + |L| + 2) with u = 5e-p: 8e-37 at p = 40, t = -3, b = 2, L = -1', () => {
    const D = hpContext(40);
    const bound = decisionErrorBound(D, new D(-3), new D(2), new D(-1));
    expect(bound.eq(new D('8e-37'))).toBe(true);
  });
});
