import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { logCapAreaCosSplit } from '../../../src/bounds/cap-area.js';
import { rhoPartsOf } from '../../../src/bounds/constellation.js';
import { capAreaExact, FLOAT_LOG_MARGIN, lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { add, type Rational, rat, ratString } from '../../../src/bounds/rational.js';

// Cap areas worked by hand: Omega_n(arccos s) = int_s^1 (1 - u^2)^k du / int_{-1}^1 (1 - u^2)^k du,
// k = (n - 3)/2: Omega_3 = (1 - s)/2, Omega_5 = (2 - 3s + s^3)/4, Omega_7 = (8 - 15s + 10s^3 - 3s^5)/16.
const str = (r: Rational | null): string | null => (r === null ? null : ratString(r));
/** rho as an exact rational with its 1 - rho. */
const rhoOf = (p: bigint, q: bigint) => ({ rho: rat(p, q), oneMinus: rat(q - p, q) });

describe('capAreaExact: the closed forms and where none exists', () => {
  it('odd n: Omega_3, Omega_5, Omega_7 at s = 1/3 and s = -1/2', () => {
    expect(str(capAreaExact(3, rat(1n, 3n)))).toBe('1/3');
    // (2 - 1 + 1/27)/4 = 7/27
    expect(str(capAreaExact(5, rat(1n, 3n)))).toBe('7/27');
    // (8 - 5 + 10/27 - 1/81)/16 = 17/81
    expect(str(capAreaExact(7, rat(1n, 3n)))).toBe('17/81');
    // Omega_7(-1/2) = (8 + 7.5 - 1.25 + 3/32)/16 = 459/512
    expect(str(capAreaExact(7, rat(-1n, 2n)))).toBe('459/512');
  });

  it('n = 1, s = 0 (any n), and n = 2 at s = +-1/2 only', () => {
    expect(str(capAreaExact(1, rat(9n, 10n)))).toBe('1/2');
    expect(str(capAreaExact(4, rat(0n)))).toBe('1/2');
    expect(str(capAreaExact(100, rat(0n)))).toBe('1/2');
    expect(str(capAreaExact(2, rat(1n, 2n)))).toBe('1/3');
    expect(str(capAreaExact(2, rat(-1n, 2n)))).toBe('2/3');
    expect(capAreaExact(2, rat(1n, 4n))).toBeNull();
    expect(capAreaExact(4, rat(1n, 2n))).toBeNull();
  });

  it('s = +-1 is no cap (null); odd n up to 61 only, where Omega(s) + Omega(-s) = 1', () => {
    expect(capAreaExact(3, rat(1n))).toBeNull();
    expect(capAreaExact(3, rat(-1n))).toBeNull();
    expect(capAreaExact(3, rat(-3n, 2n))).toBeNull();
    expect(capAreaExact(63, rat(1n, 2n))).toBeNull();
    for (const n of [59, 61]) {
      const a = capAreaExact(n, rat(1n, 2n));
      const b = capAreaExact(n, rat(-1n, 2n));
      expect(a, `n = ${n}`).not.toBeNull();
      expect(ratString(add(a!, b!)), `n = ${n}`).toBe('1');
    }
  });
});

describe('lowerReaches and upperAllows decide exactly at the closed forms', () => {
  it('1/Omega_3(arccos 3/4) = 2/(1 - 3/4) = 8 reaches N = 8 exactly, not 9 (the cross-polytope gives 6)', () => {
    expect(lowerReaches(3, rhoOf(3n, 4n), 8)).toEqual({ value: true, route: 'exact', digits: null });
    expect(lowerReaches(3, rhoOf(3n, 4n), 9).value).toBe(false);
    expect(lowerReaches(3, rhoOf(3n, 4n), 7.5)).toEqual({ value: true, route: 'float', digits: null });
    // far from the bound the float value decides
    expect(lowerReaches(3, rhoOf(3n, 4n), 100)).toEqual({ value: false, route: 'float', digits: null });
  });

  it('rho > 0: the cross-polytope (2n points) reaches N <= 2n exactly where 1/Omega_n gives less', () => {
    // 1/Omega_3(60 deg) = 4, 1/Omega_2(60 deg) = 3: the cross-polytope's 6 and 4 decide
    expect(lowerReaches(3, rhoOf(1n, 2n), 6)).toEqual({ value: true, route: 'exact', digits: null });
    expect(lowerReaches(3, rhoOf(1n, 2n), 7).value).toBe(false);
    expect(lowerReaches(2, rhoOf(1n, 2n), 4)).toEqual({ value: true, route: 'exact', digits: null });
    expect(lowerReaches(2, rhoOf(1n, 2n), 5).value).toBe(false);
    // just above rho = 0 the half-sphere gives 1/Omega = 2 + o(1): the bound stays 2n, as at rho = 0
    expect(lowerReaches(100, rhoOf(1n, 10n ** 12n), 200).value).toBe(true);
    expect(lowerReaches(100, rhoOf(1n, 10n ** 12n), 201).value).toBe(false);
  });

  it('Rankin: A(n, 0) = 2n, A(n, rho) = n + 1 for -1/n <= rho < 0, exactly', () => {
    expect(upperAllows(3, rhoOf(0n, 1n), 6)).toEqual({ value: true, route: 'exact', digits: null });
    expect(upperAllows(3, rhoOf(0n, 1n), 7).value).toBe(false);
    // the lower bound at rho = 0 is the exact code size too: 2n = 4 at n = 2 (the cap area gives 2)
    expect(lowerReaches(2, rhoOf(0n, 1n), 4)).toEqual({ value: true, route: 'exact', digits: null });
    expect(lowerReaches(2, rhoOf(0n, 1n), 5)).toEqual({ value: false, route: 'exact', digits: null });
    expect(upperAllows(3, rhoOf(-1n, 4n), 4).value).toBe(true);
    expect(upperAllows(3, rhoOf(-1n, 4n), 5).value).toBe(false);
    expect(upperAllows(3, rhoExactOf(0.4, 0.1), 4).value).toBe(true); // rho = -1/15
  });

  it('L(4, 1/2) = 26 = N exactly: no exact route, undecided at 80 digits', () => {
    expect(upperAllows(4, rhoOf(1n, 2n), 26)).toEqual({ value: null, route: 'undecided', digits: 80 });
  });

  it('L(3, 1/2) = 93/7 ~ 13.3 allows 13, not 14, and far away the float route decides', () => {
    expect(upperAllows(3, rhoOf(1n, 2n), 13).value).toBe(true);
    expect(upperAllows(3, rhoOf(1n, 2n), 14).value).toBe(false);
    expect(upperAllows(3, rhoOf(1n, 2n), 1000)).toEqual({ value: false, route: 'float', digits: null });
  });
});

describe('the float margin: a comparison within FLOAT_LOG_MARGIN (1 + ln N) goes to the decimal twin', () => {
  it('n = 4 (no closed form), rho = 9/13: N at 0.85 and 1.15 margins below and above 1/Omega', () => {
    const r = rhoExactOf(0.1, 0.2);
    const p = rhoPartsOf(r);
    const fl = -logCapAreaCosSplit(4, p.oneMinus, p.onePlus, p.lnOneMinus);
    // the margin is relative to 1 + ln N (ln N ~ 2.33 here), not to ln N alone: 0.85 of it is
    // inside, and outside a margin of 2.33/3.33 = 0.7 of it
    const margin = FLOAT_LOG_MARGIN * (1 + fl);
    const at = (k: number) => lowerReaches(4, r, Math.exp(fl + k * margin));
    expect(at(-0.85)).toEqual({ value: true, route: 'decimal', digits: 40 });
    expect(at(0.85)).toEqual({ value: false, route: 'decimal', digits: 40 });
    expect(at(-1.15)).toEqual({ value: true, route: 'float', digits: null });
    expect(at(1.15)).toEqual({ value: false, route: 'float', digits: null });
    // 1e-12 apart: float64 cannot tell, 40 digits can
    expect(lowerReaches(4, r, Math.exp(fl) * (1 - 1e-12))).toEqual({
      value: true,
      route: 'decimal',
      digits: 40,
    });
  });
});
