import { describe, expect, it } from 'vitest';
import { logLevenshteinHp } from '../../../src/bounds/hp/levenshtein.js';
import {
  exactCodeSize,
  exactCodeSizeExact,
  levenshteinIndex,
  logBestUpper,
  logBestUpperSplit,
  logLevenshtein,
} from '../../../src/bounds/levenshtein.js';
import { rat } from '../../../src/bounds/rational.js';
import { UsageError } from '../../../src/errors.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

/**
 * Values of the float Levenshtein bound on every kind of interval: the closed forms L_1 = (s - 1)/s
 * and L_2 = 2n (1 - s)/(1 - ns) (Levenshtein 1983), the attained kissing bounds, and the decimal
 * route (hp/levenshtein.ts: Gegenbauer values and Christoffel-Darboux, no Jacobi sign walk) on both
 * sides of the switch to the difference recurrence at 1 - s = 1/2.
 */
function near(got: number | null, want: number, ulps: number): void {
  expect(got).not.toBeNull();
  expect(Math.abs(got! - want)).toBeLessThanOrEqual(ulps * EPS * Math.max(1, Math.abs(want)));
}

describe('Levenshtein bound at its closed forms', () => {
  it('L_1 = (s - 1)/s on [-1, -1/n] (interval I_1)', () => {
    for (const [n, s] of [
      [5, -0.5],
      [5, -1],
      [5, -0.25],
      [30, -0.05],
    ] as const) {
      expect(levenshteinIndex(n, s)?.m).toBe(1);
      near(logLevenshtein(n, s), Math.log((s - 1) / s), 8);
    }
  });
  it('n = 10^4 near s = 1: the walk values fall below 1e-150 and are rescaled; the decimal route agrees', () => {
    // without the rescaling these are Infinity or null (the Jacobi values underflow mid-walk)
    for (const s of [0.7, 0.9]) {
      const want = logLevenshteinHp(10000, s)!.toNumber();
      near(logLevenshtein(10000, s), want, 64);
    }
  });
  it('s = -1/n ends I_1 (the lower index), where L_1 = L_2 = n + 1: ln(n + 1) to the last bit', () => {
    // -1/n is a double for n a power of 2, and the family-(1,0) value u is then exactly 0 there
    for (const n of [4, 8, 16, 64]) {
      expect(levenshteinIndex(n, -1 / n)?.m, `n = ${n}`).toBe(1);
      expect(logLevenshtein(n, -1 / n), `n = ${n}`).toBe(Math.log(n + 1));
    }
  });
  it('L_2 = 2n (1 - s)/(1 - ns) on [-1/n, 0] (interval I_2), 2n at s = 0', () => {
    for (const [n, s] of [
      [5, -0.1],
      [5, -0.15],
      [12, -0.05],
      [3, -0.2],
    ] as const) {
      expect(levenshteinIndex(n, s)?.m).toBe(2);
      near(logLevenshtein(n, s), Math.log((2 * n * (1 - s)) / (1 - n * s)), 8);
    }
    near(logLevenshtein(7, 0), Math.log(14), 8);
    // s = 0 = t_1^{1,1} ends I_2 (an interval end belongs to the lower index, as s = 1/2 for E8)
    expect(levenshteinIndex(7, 0)?.m).toBe(2);
  });
  it('attained and known values at s = 1/2: L(3) = 93/7, L(4) = 26, L(8) = 240 (E8), L(24) = 196560 (Leech)', () => {
    near(logLevenshtein(3, 0.5), Math.log(93 / 7), 16);
    near(logLevenshtein(4, 0.5), Math.log(26), 16);
    near(logLevenshtein(8, 0.5), Math.log(240), 16);
    near(logLevenshtein(24, 0.5), Math.log(196560), 16);
    // Levenshtein (1979): the Leech kissing configuration attains L_11(24, 1/2)
    expect(levenshteinIndex(24, 0.5)?.m).toBe(11);
  });
});

describe('float Levenshtein bound against the decimal route', () => {
  it('odd and even intervals, 1 - s above and below 1/2 and within 1e-5 of 1', () => {
    const seen = new Set<string>();
    for (const n of [3, 8, 24]) {
      for (const s of [0.05, 0.3, 0.45, 0.5, 0.55, 0.62, 0.8, 0.97, 0.999, 1 - 1e-5]) {
        const pt = levenshteinIndex(n, s)!;
        seen.add(`${pt.m % 2}${1 - s < 0.5 ? 'near' : 'far'}`);
        const h = logLevenshteinHp(n, s, 25)!.toNumber();
        const got = logLevenshtein(n, s)!;
        expect(Math.abs(got - h), `n = ${n}, s = ${s}`).toBeLessThanOrEqual(4e-14 * Math.max(1, h));
      }
    }
    // all four combinations of interval parity and recurrence were exercised
    expect([...seen].sort()).toEqual(['0far', '0near', '1far', '1near']);
  });
  it('1 - s given apart from s (here with s passed as 1) is the point the bound is taken at', () => {
    const w = 2 ** -20;
    // 1 - w is exact in binary: the decimal route sees the same point
    const h = logLevenshteinHp(8, 1 - w, 25)!.toNumber();
    const got = logLevenshtein(8, 1, w)!;
    expect(Math.abs(got - h)).toBeLessThanOrEqual(1e-12 * h);
  });
});

describe('exact code sizes and the best bound', () => {
  it('A(n, 0) = 2n, A(n, s) = n + 1 on [-1/n, 0), Rankin floor(1 - 1/s) below, none above 0', () => {
    expect(exactCodeSize(5, 0)).toBe(10);
    expect(exactCodeSize(5, -0.2)).toBe(6);
    expect(exactCodeSize(5, -0.1)).toBe(6);
    expect(exactCodeSize(5, -0.25)).toBe(5);
    expect(exactCodeSize(5, -0.3)).toBe(4);
    expect(exactCodeSize(5, 1e-300)).toBeNull();
    // 1/s for the double nearest -1/186 is -185.99999999999997: the relative slack of 1e-12 |1/s| keeps 187
    expect(exactCodeSize(200, -1 / 186)).toBe(187);
    // exact rationals: s = -2/9 lies in [-1/4, -1/5), so Rankin's floor(1 + 9/2) = 5 (not n + 1 = 6)
    expect(exactCodeSizeExact(5, rat(-2n, 9n))).toBe(5n);
  });
  it('s outside [-1, 1] is refused even when 1 - s is given in range', () => {
    expect(() => logLevenshtein(3, 1.5, 0.5)).toThrow(UsageError);
    expect(() => logLevenshtein(3, -1.5, 1.5)).toThrow(UsageError);
  });
  it('logBestUpper is exact at s <= 0 and Levenshtein above (its index reported)', () => {
    expect(logBestUpper(5, 0)).toEqual({ value: Math.log(10), kind: 'exact' });
    expect(logBestUpper(5, -0.2)).toEqual({ value: Math.log(6), kind: 'exact' });
    const b = logBestUpperSplit(24, 0.5, 0.5, 1.5);
    expect(b.kind).toBe('levenshtein');
    expect(b.levenshteinIndex).toBe(11);
    near(b.value, Math.log(196560), 16);
  });
});
