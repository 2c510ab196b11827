import { describe, expect, it } from 'vitest';
import { bestBRel, ccemIsConstellation, feasibility, rhoParts } from '../../../src/bounds/constellation.js';
import { capAreaExact, lowerReaches, upperAllows } from '../../../src/bounds/decide.js';
import { forwardRowHp } from '../../../src/bounds/hp/table.js';
import { exactCodeSize, levenshteinIndex, logBestUpper } from '../../../src/bounds/levenshtein.js';
import { rat, ratString } from '../../../src/bounds/rational.js';

import { dimensionForN, forwardRow, marginFor } from '../../../src/bounds/table.js';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { ccemAttained, fitsVerdict } from '../../../src/documents/plan.js';

// Expected values below come from closed forms worked by hand (each comment gives the route).

describe('Thm 3.4 finite bound N <= 4m/(3m - 1 - b_rel), decided on the decimal inputs', () => {
  it('is exactly 16 at (0.4, 0.1) and 4/3 at (1e-300, -1)', () => {
    // 1.6 / (1.2 - 1.1) = 16; 4e-300 / (3e-300 - 0) = 4/3
    expect(ratString(feasibility(0.4, 0.1).finiteBoundExact!)).toBe('16');
    expect(feasibility(0.4, 0.1).finiteBound).toBe(16);
    expect(ratString(feasibility(1e-300, -1).finiteBoundExact!)).toBe('4/3');
    expect(feasibility(1e-300, -1).finiteBound).toBe(4 / 3);
    // (0.5, 0.2): 2 / (1.5 - 1.2) = 20/3; (0.4, 0.2) lies on 3m = 1 + b (feasible, no finite bound)
    expect(feasibility(0.4, 0.2).finiteBoundExact).toBeNull();
    expect(ratString(feasibility(0.5, 0.2).finiteBoundExact!)).toBe('20/3');
  });

  it('m + b_rel > 1 is infeasible with bound 0: (0.6, 0.5); the edge m + b_rel = 1 with 3m <= 1 + b is feasible', () => {
    expect(feasibility(0.6, 0.5).feasible).toBe(false);
    expect(feasibility(0.6, 0.5).reason).toBe('margin-plus-bias-above-one');
    expect(feasibility(0.3, 0.7).feasible).toBe(true); // 1.0 <= 1 and 0.9 <= 1.7 (doubles sum to 0.99999...)
    expect(feasibility(0.1, 0.9).feasible).toBe(true);
  });

  it('bestBRel(m) = min(1, 1 - m), clipped at -1', () => {
    expect(bestBRel(0)).toBe(1);
    expect(bestBRel(0.25)).toBe(0.75);
    expect(bestBRel(1)).toBe(0);
  });

  it('CCEM with N = 16, delta^2 = 1/3 is a (0.4, 0.1)-constellation (c1 = 1/2, c2 = -3/10); N = 17 is not', () => {
    expect(ccemIsConstellation(16, 0.4, 0.1)).toBe(true);
    expect(ccemIsConstellation(17, 0.4, 0.1)).toBe(false);
  });

  it('bounds --N 16 --m 0.4 --b-rel 0.1: N = 16 fits (CCEM, d = 16), N = 17 is impossible', () => {
    const row = dimensionForN(16, 0.4, 0.1);
    expect(row.dSufficient).toBe(16);
    expect(row.reason).not.toMatch(/impossible/);
    expect(dimensionForN(17, 0.4, 0.1).reason).toMatch(/N = 17 is impossible for every d/);
    // 4m/(3m-1-b) = 4/3 for every d; rho = -3 < -1, so in R^d a single point: N <= 1 exactly
    const tiny = forwardRow(768, 1e-300, -1);
    expect(tiny.log10NUpper).toBe(0);
    expect(tiny.reason).toMatch(/= 4\/3 for every d/);
  });

  it('3m > 1 + b_rel in R^d: at most min(4m/(3m-1-b_rel), d + 1) pairs (the U_i + V_i code has negative inner products)', () => {
    // (0.4, 0.1): rho = -1/15, so A(d, rho) = d + 1 for d <= 15 and 16 beyond
    expect(forwardRow(3, 0.4, 0.1).log10NUpper).toBe(Math.log10(4));
    expect(forwardRow(15, 0.4, 0.1).log10NUpper).toBe(Math.log10(16));
    expect(forwardRow(16, 0.4, 0.1).log10NUpper).toBe(Math.log10(16));
    expect(forwardRow(100, 0.4, 0.1).log10NUpper).toBe(Math.log10(16));
    expect(dimensionForN(16, 0.4, 0.1).dNecessary).toBe(15);
    expect(dimensionForN(5, 0.4, 0.1).dNecessary).toBe(4);
  });
});

describe('inversions at exact boundaries', () => {
  it('Omega_2(60 deg) = 1/3, Omega_1 = 1/2, Omega_3 = (1 - s)/2, Omega_5 = (2 - 3s + s^3)/4 exactly', () => {
    expect(ratString(capAreaExact(2, rat(1n, 2n))!)).toBe('1/3');
    expect(ratString(capAreaExact(1, rat(1n, 3n))!)).toBe('1/2');
    expect(ratString(capAreaExact(3, rat(1n, 5n))!)).toBe('2/5');
    // (2 - 3/2 + 1/8)/4 = 5/32
    expect(ratString(capAreaExact(5, rat(1n, 2n))!)).toBe('5/32');
    expect(capAreaExact(4, rat(1n, 2n))).toBeNull();
  });

  it('bounds --N 2|3 --m 0.25 --b-rel 0.75: dSufficient 2 and 3 (rho = 1/2)', () => {
    expect(dimensionForN(2, 0.25, 0.75).dSufficient).toBe(2);
    expect(dimensionForN(3, 0.25, 0.75).dSufficient).toBe(3);
    expect(dimensionForN(4, 0.25, 0.75).dSufficient).toBe(3); // 2n = 4 at n = 2 (1/Omega_2(60 deg) = 3)
    expect(dimensionForN(5, 0.25, 0.75).dSufficient).toBe(4); // 2n = 6 at n = 3 (1/Omega_3(60 deg) = 4)
    expect(lowerReaches(2, rhoExactOf(0.25, 0.75), 3).route).toBe('exact');
  });

  it('bounds --N 2 --d 2 --b-rel best: mGuaranteed = 1 exactly (two antipodal pairs, b_rel = 0); N = 4 at d = 3: 0.5 (rho = 0)', () => {
    const r = marginFor(2, 2, 'best');
    expect(r.mGuaranteed).toBe(1);
    expect(r.bRel).toBe(0);
    // d = 3 < N = 4 holds no CCEM: A(2, rho) >= 4 for rho = 1 - 2m >= 0, the branch end m = 1/2
    expect(marginFor(4, 3, 'best')).toMatchObject({ mGuaranteed: 0.5, bRel: 0.5 });
  });

  it('plan --N 3 --d 3 (0.25, 0.75) fits "yes"; (0.4, 0.1) N = 16, d = 16 fits "yes"; (1e-300, -1) N = 3 "no"', () => {
    expect(fitsVerdict(3, 3, 0.25, 0.75)).toBe('yes');
    expect(fitsVerdict(16, 16, 0.4, 0.1)).toBe('yes');
    expect(fitsVerdict(16, 15, 0.4, 0.1)).toBe('unknown (finite regime)');
    expect(fitsVerdict(3, 64, 1e-300, -1)).toBe('no');
    expect(fitsVerdict(17, 64, 0.4, 0.1)).toBe('no');
  });

  it('the upper bound at rho = 0 is 2d exactly: N = 2d allowed, 2d + 1 not', () => {
    // rho(m, b) = 0 at 3m = 1 + b: (0.4, 0.2)
    expect(upperAllows(5, rhoExactOf(0.4, 0.2), 10)).toMatchObject({ value: true, route: 'exact' });
    expect(upperAllows(5, rhoExactOf(0.4, 0.2), 11)).toMatchObject({ value: false, route: 'exact' });
  });
});

describe('attained: the CCEM optimum exists in R^d (docs/theory.md §1)', () => {
  it('antipodal for every d, ETF for d >= N - 1, interior for d >= N', () => {
    expect(ccemAttained('antipodal', 8, 2)).toBe(true);
    expect(ccemAttained('etf', 8, 7)).toBe(true);
    expect(ccemAttained('etf', 8, 6)).toBe(false);
    expect(ccemAttained('interior', 8, 7)).toBe(false);
    expect(ccemAttained('interior', 8, 8)).toBe(true);
  });
});

describe('tiny margins: 1 - rho = 4m / (1 + b + m) carried, never rho rounded', () => {
  it('1 - rho is exact to the double at m = 1e-300, and the lower bound at d = 8, m = 1e-17 is 49.0969...', () => {
    expect(rhoParts(1e-300, 0).oneMinus).toBe(4e-300);
    // Omega_7 ~ sin^6 / (6 B(3, 1/2)) for small theta, sin^2 = (1 - s)(1 + s) = 8e-17 (1 - 2e-17),
    // B(3, 1/2) = 16/15: -log10 Omega = -3 log10(8e-17) + log10(6 * 16/15) = 49.096910013008...
    const expected = -3 * Math.log10(8e-17) + Math.log10(6.4);
    const row = forwardRow(8, 1e-17, 0);
    expect(Math.abs(row.log10NLower! - expected)).toBeLessThan(1e-13 * expected);
    expect(row.reason).toBeNull();
  });

  it('m = 1e-300: rows and --hp columns are finite and agree; the upper bound says why it is not Levenshtein', () => {
    for (const d of [2, 8, 1152]) {
      const row = forwardRow(d, 1e-300, 0);
      expect(row.upperKind).toBe('packing');
      expect(row.upperNote).toMatch(/degree exceeds/);
      const hp = forwardRowHp(d, 1e-300, 0, 30);
      const up = Number(hp.log10NUpper!.toString());
      expect(Math.abs(up - row.log10NUpper!)).toBeLessThan(1e-12 * up);
    }
  });

  it('d = 8, m = 1e-12: the upper bound is Levenshtein 41.3482... (below the packing 41.7835)', () => {
    const row = forwardRow(8, 1e-12, 0);
    expect(row.upperKind).toBe('levenshtein');
    const hp = forwardRowHp(8, 1e-12, 0, 30);
    expect(Math.abs(Number(hp.log10NUpper!.toString()) - row.log10NUpper!)).toBeLessThan(1e-12 * 41.35);
    expect(row.log10NUpper!).toBeLessThan(41.35);
    expect(row.log10NUpper!).toBeGreaterThan(41.34);
  });

  it('no internal assertion at the corners: N = 1e15, d = 2, best; N = 1e9, d = 768, m = 5e-324', () => {
    // circle: A(2, cos theta) = floor(2 pi / theta), theta ~ 2 sqrt(m) on b = 1 - m: m <= pi^2 / N^2
    const r = marginFor(1e15, 2, 'best');
    expect(Math.abs(r.mMax! - Math.PI ** 2 / 1e30)).toBeLessThan((1e-6 * Math.PI ** 2) / 1e30);
    expect(r.mGuaranteed).toBe(0);
    expect(fitsVerdict(1e9, 768, 5e-324, 0)).toBe('yes');
  });
});

describe('Levenshtein interval ends and exact codes', () => {
  it('the interval ends belong to the lower interval: s = -1/n in I_1, s = 0 in I_2; logBestUpper(5, -0.4) = ln 3', () => {
    // Q_1^{(1,0)}(s) = 1 - n(1 - s)/(n + 1) vanishes at s = -1/n; Q_1^{(1,1)}(s) = s at s = 0
    // (both exact in doubles at n = 4: w = 5/4)
    expect(levenshteinIndex(4, -0.25)?.m).toBe(1);
    expect(levenshteinIndex(4, -0.2499)?.m).toBe(2);
    expect(levenshteinIndex(10, 0)?.m).toBe(2);
    expect(levenshteinIndex(10, 1e-9)?.m).toBe(3);
    expect(logBestUpper(5, -0.4)).toEqual({ value: Math.log(3), kind: 'exact' });
    expect(exactCodeSize(100, -1 / 93)).toBe(94);
    // 1 - 1/fl(-1/186) = 186.99999999999997 in doubles: the tolerance scales with |1/s|
    expect(exactCodeSize(200, -1 / 186)).toBe(187);
    expect(exactCodeSize(100, -1 / 3)).toBe(4);
  });
});

describe('equality cases the decimal route cannot separate are reported, not guessed', () => {
  it('Levenshtein is attained at E8: A(8, 1/2) = 240 = L(8, 1/2); the comparison N = 240 at d = 8 is undecided at 80 digits', () => {
    const v = upperAllows(8, rhoExactOf(0.25, 0.75), 240);
    expect(v).toEqual({ value: null, route: 'undecided', digits: 80 });
    expect(upperAllows(8, rhoExactOf(0.25, 0.75), 241).value).toBe(false);
  });
});

describe('the boundary 3m = 1 + b_rel (rho = 0 exactly): A(n, 0) = 2n, the cross-polytope', () => {
  // (0.4, 0.2), (0.5, 0.5), (0.25, -0.25): 3m = 1 + b_rel exactly on the decimal inputs, so rho = 0
  // and the sandwich gives A(d - 1, 0) = 2(d - 1) <= N_max <= A(d, 0) = 2d.
  it.each([
    [0.4, 0.2],
    [0.5, 0.5],
    [0.25, -0.25],
  ])(
    '(m, b_rel) = (%f, %f): dSufficient = smallest d with 2(d - 1) >= N, dNecessary = with 2d >= N',
    (m, b) => {
      for (const N of [3, 5, 6, 7, 1000, 999_999]) {
        const row = dimensionForN(N, m, b);
        expect(row.dSufficient).toBe(Math.max(2, Math.ceil(N / 2) + 1));
        expect(row.dNecessary).toBe(Math.max(2, Math.ceil(N / 2)));
      }
    },
  );

  it('the forward row and its decimal twin give log10 2(d - 1) and log10 2d', () => {
    for (const d of [3, 4, 1152]) {
      const row = forwardRow(d, 0.4, 0.2);
      expect(row.log10NLower).toBe(Math.log10(2 * (d - 1)));
      expect(row.log10NUpper).toBeCloseTo(Math.log10(2 * d), 15);
      const hp = forwardRowHp(d, 0.4, 0.2);
      expect(Math.abs(hp.log10NLower!.toNumber() - Math.log10(2 * (d - 1)))).toBeLessThan(1e-15);
    }
    expect(lowerReaches(4, rhoExactOf(0.4, 0.2), 8).value).toBe(true);
    expect(lowerReaches(4, rhoExactOf(0.4, 0.2), 9).value).toBe(false);
  });
});
