import { describe, expect, it } from 'vitest';
import { logCapAreaHalfAngleSplit } from '../../../src/bounds/cap-area.js';
import { logLevenshteinHp } from '../../../src/bounds/hp/levenshtein.js';
import {
  exactCodeSize,
  exactCodeSizeExact,
  LEVENSHTEIN_MAX_DEGREE,
  levenshteinIndex,
  logBestUpper,
  logBestUpperSplit,
  logLevenshtein,
  logPackingBound,
} from '../../../src/bounds/levenshtein.js';
import { rat } from '../../../src/bounds/rational.js';
import { UsageError } from '../../../src/errors.js';

describe('float Levenshtein walk: rescaling, degree cap, argument checks', () => {
  it('deep walks rescale their recurrences: (5000, 1/2) at I_809 and (200000, 0.1) at I_1045 agree with the decimal route', () => {
    // the normalised Jacobi values fall below 1e-300 long before the crossing degree here
    for (const [n, s, m] of [
      [5000, 0.5, 809],
      [200000, 0.1, 1045],
    ] as const) {
      expect(levenshteinIndex(n, s)?.m).toBe(m);
      const h = logLevenshteinHp(n, s, 20)!.toNumber();
      expect(Math.abs(logLevenshtein(n, s)! - h)).toBeLessThanOrEqual(1e-13 * h);
    }
  });
  it('the walk stops at maxDegree: n = 8, 1 - s = 0.001 crosses at degree 153 (I_305)', () => {
    expect(levenshteinIndex(8, 0.999, 0.001, 153)?.m).toBe(305);
    expect(levenshteinIndex(8, 0.999, 0.001, 152)).toBeNull();
    expect(levenshteinIndex(8, 0.999)?.m).toBe(305);
  });
  it('the skip estimate keeps a walk that ends at once: n = 10^8, s = -1/2 is I_1, L_1 = (s - 1)/s = 3', () => {
    // the estimate j_{a,1} / sqrt(2 (1 - s)) ~ 2.9e7 is below 2 maxDegree = 4e7 here (a = (n - 1)/2)
    expect(levenshteinIndex(1e8, -0.5)?.m).toBe(1);
    expect(logLevenshtein(1e8, -0.5)).toBe(Math.log(3));
  });
  it('beyond the degree cap the best bound is cap packing, with the reason', () => {
    const b = logBestUpperSplit(8, 1, 1e-20, 2);
    expect(b.kind).toBe('packing');
    expect(b.levenshteinIndex).toBeNull();
    expect(b.value).toBe(-logCapAreaHalfAngleSplit(8, 1e-20, 2));
    expect(b.note).toBe(
      `cap packing: Levenshtein's degree exceeds ${LEVENSHTEIN_MAX_DEGREE} at 1 - rho = 1.00e-20`,
    );
    expect(logLevenshtein(8, 1, 1e-20)).toBeNull();
  });
  it("packing below Levenshtein on the circle (n = 2, 1 - s = 3e-9/7) is the bound, with the walk's index", () => {
    // on S^1 cap packing gives 2 pi / theta and Levenshtein's bound meets it only at the regular
    // polygons' angles; between them Levenshtein's is the larger (here by ~1e-13 in ln, ~170 ulps)
    const w = 3e-9 / 7;
    const pack = -logCapAreaHalfAngleSplit(2, w, 2 - w);
    const lev = logLevenshtein(2, 1 - w, w)!;
    expect(lev - pack).toBeGreaterThan(1e-14);
    const b = logBestUpperSplit(2, 1 - w, w, 2 - w);
    expect(b).toEqual({
      value: pack,
      kind: 'packing',
      levenshteinIndex: levenshteinIndex(2, 1 - w, w)!.m,
      note: null,
    });
  });
  it('each entry point refuses bad input in one line that starts with its own name', () => {
    for (const [name, call] of [
      ['logLevenshtein', () => logLevenshtein(1, 0.5)],
      ['exactCodeSize', () => exactCodeSize(3, 1)],
      ['logPackingBound', () => logPackingBound(2.5, 0)],
      ['logBestUpper', () => logBestUpper(3, -2)],
      ['logBestUpperSplit', () => logBestUpperSplit(3, 0.5, 0, 2)],
    ] as const) {
      expect(call).toThrow(UsageError);
      expect(call).toThrow(
        new RegExp(`^${name}: (n must be an integer >= 2|s must be in \\[-1, 1\\)), got `),
      );
    }
  });
  it('Levenshtein below packing reports its interval index: E8 at s = 1/2 ends I_6', () => {
    const b = logBestUpperSplit(8, 0.5, 0.5, 1.5);
    expect(b).toMatchObject({ kind: 'levenshtein', levenshteinIndex: 6, note: null });
    expect(Math.abs(b.value - Math.log(240))).toBeLessThan(1e-12);
    expect(b.value).toBeLessThan(logPackingBound(8, 0.5));
    expect(logBestUpper(3, 0.5)).toEqual({ value: logLevenshtein(3, 0.5), kind: 'levenshtein' });
  });
  it('exactCodeSizeExact: Rankin floor(1 - 1/s), n + 1 on [-1/n, 0), 2n at 0, null above; s = -1 is 2', () => {
    expect(exactCodeSizeExact(5, rat(-1n))).toBe(2n);
    expect(exactCodeSizeExact(5, rat(-2n, 5n))).toBe(3n);
    expect(exactCodeSizeExact(5, rat(-1n, 5n))).toBe(6n);
    expect(exactCodeSizeExact(5, rat(-1n, 6n))).toBe(6n);
    expect(exactCodeSizeExact(5, rat(0n))).toBe(10n);
    expect(exactCodeSizeExact(5, rat(1n, 6n))).toBeNull();
    expect(exactCodeSize(5, -1)).toBe(2);
    expect(exactCodeSize(100, -1 / 93)).toBe(94);
  });
  it('bad n or s is a usage error in every entry point', () => {
    for (const f of [
      () => logLevenshtein(1, 0.5),
      () => logLevenshtein(2.5, 0.5),
      () => logLevenshtein(3, 1),
      () => logLevenshtein(3, -1.5),
      () => logLevenshtein(3, Number.NaN),
      () => logLevenshtein(3, 0.5, 0),
      () => logLevenshtein(3, 0.5, 2.5),
      () => exactCodeSize(1, 0),
      () => logPackingBound(3, 1),
      () => logBestUpper(3, 1.5),
      () => logBestUpperSplit(3, 0.5, 0, 2),
      () => exactCodeSizeExact(1, rat(0n)),
      () => exactCodeSizeExact(2.5, rat(0n)),
      () => exactCodeSizeExact(3, rat(-3n, 2n)),
      () => exactCodeSizeExact(3, rat(1n)),
    ])
      expect(f).toThrow(UsageError);
    // the ends are accepted: s = -1 and 1 - s = 2
    expect(logLevenshtein(3, -1, 2)).toBeCloseTo(Math.log(2), 14);
  });
});
