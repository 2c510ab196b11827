import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  cancellationDigits,
  HP_MAX_GUARD_DIGITS,
  jacobiSeries,
  logLevenshteinHp,
  logLevenshteinHpAt,
} from '../../../src/bounds/hp/levenshtein.js';
import { levenshteinIndex } from '../../../src/bounds/levenshtein.js';
import { biggestTermDecimal } from './decimal-oracles.js';

/**
 * The guard-digit machinery of the decimal Levenshtein route, against routes that share none of it:
 * the Chebyshev closed forms T_k(x) = cos(k arccos x) = P_k^{(-1/2,-1/2)}(x) / P_k^{(-1/2,-1/2)}(1)
 * and U_k(x) / (k + 1) = sin((k + 1) theta) / ((k + 1) sin theta) = P_k^{(1/2,1/2)}(x) / P_k^{(1/2,1/2)}(1)
 * (DLMF 18.7.3-4) in 200-digit decimal, also next to a zero where the series cancels all its digits;
 * the largest series term summed term by term in 60-digit decimal; Levenshtein's closed forms.
 */
const D = Decimal.clone({ precision: 200 });
const PI = D.acos(-1);

/** |got - want| <= tol |want|, printing both on failure. */
function relClose(got: Decimal, want: Decimal, tol: Decimal.Value, what: string): void {
  const err = new D(got).minus(want).abs();
  expect(err.lte(want.abs().times(tol)), `${what}: got ${got.toString()}, want ${want.toString()}`).toBe(
    true,
  );
}

describe('cancellationDigits: log10 of the largest term, from float term ratios', () => {
  it.each([
    [40, 3, 2, 0.9],
    [200, 575.5, 574.5, 0.25],
    [12, 0.5, 1.5, 0.3],
    [7, 1, 0, 0.05],
  ])('k = %i, a = %f, b = %f, z = %f: equals the decimal largest term', (k, a, b, z) => {
    const want = biggestTermDecimal(k, a, b, z);
    // the float sum of k logs carries at most ~k ulps of relative error
    expect(Math.abs(cancellationDigits(k, a, b, z) - want)).toBeLessThan(1e-9 * k + 1e-12);
  });
  it('is 0 when every term falls from the first (all ratios below 1)', () => {
    // first ratio 3 * 5 * 0.01 / (2 * 1) = 0.075
    expect(biggestTermDecimal(3, 1, 0, 0.01)).toBe(0);
    expect(cancellationDigits(3, 1, 0, 0.01)).toBe(0);
  });
});

describe('jacobiSeries: the normalised Jacobi value to `need` significant digits', () => {
  const need = 50;
  /** Relative tolerance for `need` digits after k rounded terms. */
  const tolFor = (k: number) => new D(10).pow(2 - need).times(k);
  it('T_k and U_k / (k + 1) at generic points (k = 5, 40; 1 - x = 0.3, 1.7)', () => {
    for (const k of [5, 40])
      for (const w of ['0.3', '1.7']) {
        const wd = new D(w);
        const theta = D.acos(new D(1).minus(wd));
        relClose(jacobiSeries(k, -0.5, -0.5, wd, need), theta.times(k).cos(), tolFor(k), `T_${k}`);
        const u = theta
          .times(k + 1)
          .sin()
          .div(theta.sin().times(k + 1));
        relClose(jacobiSeries(k, 0.5, 0.5, wd, need), u, tolFor(k), `U_${k}`);
      }
  });
  it('next to a zero of T_k (value ~1e-46, about 46 digits cancelled beyond the estimate): still `need` digits', () => {
    for (const k of [5, 40]) {
      // 1 - cos(pi / 2k), rounded to 45 digits: T_k there is of order 1e-46
      const w = new D(1).minus(PI.div(2 * k).cos()).toSignificantDigits(45);
      const want = D.acos(new D(1).minus(w)).times(k).cos();
      expect(want.abs().lt('1e-44')).toBe(true);
      relClose(jacobiSeries(k, -0.5, -0.5, w, need), want, tolFor(k), `T_${k} near its zero`);
    }
  });
  it('next to a zero where the series also cancels 27 digits (T_40, 1 - x = 1.678800745532941741394): both losses counted', () => {
    // the largest term is 10^27.4 and the value 10^-20.1: 48 digits lost in all
    const w = new D('1.678800745532941741394');
    expect(cancellationDigits(40, -0.5, -0.5, w.toNumber() / 2)).toBeGreaterThan(27);
    const want = D.acos(new D(1).minus(w)).times(40).cos();
    expect(want.abs().lt('1e-20')).toBe(true);
    relClose(jacobiSeries(40, -0.5, -0.5, w, need), want, tolFor(40), 'T_40 near its zero at x = -0.68');
  });
  it('a first sum one digit short of `need` by its own count is summed again with 20 more (T_40, 1 - x = 1 - cos(pi/80) to 10 digits)', () => {
    // the first sum carries need + 10 + 1 = 61 digits and its value ~2e-11 loses 12 of them: 49 < 50,
    // so it is redone at need + 12 + 20 digits (about 77 correct here; accepted at once, 56)
    const w = new D(1).minus(PI.div(80).cos()).toSignificantDigits(10);
    const want = D.acos(new D(1).minus(w)).times(40).cos();
    expect(cancellationDigits(40, -0.5, -0.5, w.toNumber() / 2)).toBeLessThan(1);
    expect(want.abs().gt('1e-11') && want.abs().lt('1e-10')).toBe(true);
    relClose(jacobiSeries(40, -0.5, -0.5, w, need), want, '1e-70', 'T_40 summed again');
  });
  it('at a zero to every digit (x = 0 for odd k) the value is 0', () => {
    expect(jacobiSeries(3, -0.5, -0.5, new D(1), need).isZero()).toBe(true);
  });
});

describe('decimal Levenshtein bound: arguments and index neighbours', () => {
  it('n = 2 is accepted: L_1 = (s - 1)/s = 7/3 at s = -3/4', () => {
    const got = logLevenshteinHp(2, -0.75, 30)!;
    relClose(got, new D(7).div(3).ln(), '1e-28', 'L(2, -3/4)');
  });
  it('a Decimal s is taken with all its digits (here 116, more than a double string of 100)', () => {
    const s = new D('-0.5').plus(new D(10).pow(-115));
    // L_1 = (s - 1)/s = 1 - 1/s on I_1
    const want = new D(1).minus(new D(1).div(s)).ln();
    const got = logLevenshteinHp(5, s, 130)!;
    relClose(got, want, '1e-125', 'L(5, -1/2 + 1e-115)');
    expect(got.minus(new D(3).ln()).abs().gt('1e-120')).toBe(true);
  });
  it('an index one off either way is corrected by its neighbour: L(4, 1/2) = 26 (I_5), L(3, 1/2) = 93/7', () => {
    const half = new D(0.5);
    for (const m of [4, 5, 6]) {
      relClose(logLevenshteinHpAt(4, half, m, 30)!, new D(26).ln(), '1e-28', `n = 4, m = ${m}`);
      relClose(logLevenshteinHpAt(3, half, m, 30)!, new D(93).div(7).ln(), '1e-28', `n = 3, m = ${m}`);
    }
  });
  it('an index two off is refused by the signs of the two families (null)', () => {
    const half = new D(0.5);
    expect(logLevenshteinHpAt(4, half, 3, 30)).toBeNull();
    expect(logLevenshteinHpAt(4, half, 7, 30)).toBeNull();
  });
  it('a non-integer or zero index is a usage error', () => {
    expect(() => logLevenshteinHpAt(3, new D(0.5), 2.5, 30)).toThrow(/m must be an integer/);
  });
  it('at degree 2708 the series carry log10 k guard digits more: n = 3, s = 0.999999 (I_5416) against the walk at 90 digits', () => {
    // the Gegenbauer walk (another algorithm) at 90 digits; the series route returns about 50
    // digits here (7e-51) and would keep only 42 without the log10 k guard digits (5e-43)
    const want = logLevenshteinHp(3, 0.999999, 90)!;
    const w = new D(1).minus(new D((0.999999).toPrecision(100)));
    relClose(logLevenshteinHpAt(3, w, 5416, 40)!, want, '1e-48', 'L(3, 0.999999)');
  });
  it('the walk takes degree 20000 and stops there: n = 3 at I_39999 (a value) and I_40000 (null)', () => {
    // the float walk places s = 0.9999999816490174 in I_39999 (degree 20000) and 0.99999998165 in
    // I_40000 (degree 20001); the value against the hypergeometric series at the same index
    expect(levenshteinIndex(3, 0.9999999816490174)?.m).toBe(39999);
    expect(levenshteinIndex(3, 0.99999998165)?.m).toBe(40000);
    const w = new D(1).minus(new D((0.9999999816490174).toPrecision(100)));
    const want = logLevenshteinHpAt(3, w, 39999, 60)!;
    relClose(logLevenshteinHp(3, 0.9999999816490174, 40)!, want, '1e-40', 'L(3, s) at degree 20000');
    expect(logLevenshteinHp(3, 0.99999998165, 40)).toBeNull();
  });
  it('beyond the guard-digit cap the route gives up at once: n = 10^6, 1 - s = 0.1, I_m at m = 703759', () => {
    const k = Math.ceil(703759 / 2);
    const alpha = (1_000_000 - 3) / 2;
    expect(cancellationDigits(k + 1, alpha + 1, alpha, 0.05)).toBeGreaterThan(HP_MAX_GUARD_DIGITS);
    expect(logLevenshteinHpAt(1_000_000, new D('0.1'), 703759, 40)).toBeNull();
  });
});
