import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { rat } from '../../../src/bounds/rational.js';
import { logCapAreaCosHp } from '../../../src/bounds/hp/cap-area.js';
import { logLevenshteinHp, logLevenshteinHpAt } from '../../../src/bounds/hp/levenshtein.js';
import { bernoulli, lnGammaHp, tangentNumbers } from '../../../src/bounds/hp/lgamma.js';
import {
  agreementDigits,
  forwardRowHp,
  logLowerHp,
  logUpperHp,
  rowAgreement,
} from '../../../src/bounds/hp/table.js';
import { forwardRow } from '../../../src/bounds/table.js';
import { UsageError } from '../../../src/errors.js';

/**
 * Fast tests of the decimal twins at small precision (30 digits) and small n, against closed forms
 * computed in decimal.js by another route: Omega_2(theta) = theta/pi, Omega_3 = (1 - s)/2,
 * Omega_5 = (2 - 3s + s^3)/4; L_1 = (s - 1)/s, L_2 = 2n(1 - s)/(1 - ns), L(3, 1/2) = 93/7,
 * L(4, 1/2) = 26 (by hand, test/src/bounds/levenshtein.test.ts); mpmath ln Gamma
 * (scripts/oracles/hp_cap_area.py).
 */
const D = Decimal.clone({ precision: 60 });
const fixture = JSON.parse(readFileSync('test/fixtures/hp/cap-area.json', 'utf8')) as {
  caps: { n: number; s: number; lnOmega: string }[];
  lnGamma: { x: string; lnGamma: string }[];
};

/** |got - want| <= tol * max(|want|, 1e-300 floor avoided: absolute when want = 0). */
function close(got: Decimal | null, want: Decimal.Value, tol: number): void {
  expect(got).not.toBeNull();
  const w = new D(want);
  const err = new D(got!).minus(w).abs();
  const scale = w.isZero() ? new D(1) : w.abs();
  expect(err.lte(scale.times(tol))).toBe(true);
}
/** The exact decimal value of a double. */
const dec = (x: number) => new D(x.toPrecision(100));
const PI = D.acos(-1);

describe('decimal ln Gamma at 30 digits', () => {
  const P = 30;
  const Dp = Decimal.clone({ precision: P });
  it('matches mpmath at 7.25 and 123456.5, ln sqrt(pi) at 1/2 and ln 19! at 20', () => {
    for (const g of fixture.lnGamma) close(lnGammaHp(new Dp(g.x), Dp), g.lnGamma, 1e-27);
    close(lnGammaHp(new Dp(0.5), Dp), PI.sqrt().ln(), 1e-27);
    close(lnGammaHp(new Dp(20), Dp), new D('121645100408832000').ln(), 1e-27);
    // a Decimal that is not an integer nor a half-integer, below the shift point
    close(lnGammaHp(new Dp(3), Dp), new D(2).ln(), 1e-27);
  });
  it('at 100 digits the series needs more than the 40 cached tangent numbers (the cache grows)', () => {
    const Dh = Decimal.clone({ precision: 100 });
    for (const g of fixture.lnGamma) close(lnGammaHp(new Dh(g.x), Dh), g.lnGamma, 1e-96);
  });
  it('refuses x <= 0 and non-finite x', () => {
    for (const x of [0, -1, Number.POSITIVE_INFINITY, Number.NaN])
      expect(() => lnGammaHp(new Dp(x), Dp)).toThrow(RangeError);
  });
  it('tangent numbers 1, 2, 16, 272, 7936, 353792 (OEIS A000182) and B_2..B_12 (DLMF 24.2.1 table)', () => {
    expect(tangentNumbers(6).join()).toBe('1,2,16,272,7936,353792');
    const b = bernoulli(12).map(([p, q]) => `${p}/${q}`);
    expect(b[0]).toBe('1/1');
    expect(b[1]).toBe('1/2');
    expect([b[2], b[4], b[6], b[8], b[10], b[12]]).toEqual([
      '1/6',
      '-1/30',
      '1/42',
      '-1/30',
      '5/66',
      '-691/2730',
    ]);
    expect([b[3], b[5], b[7]]).toEqual(['0/1', '0/1', '0/1']);
  });
});

describe('decimal cap area at 30 digits (closed forms)', () => {
  it('Omega_3 = (1 - s)/2 by series A (s = 1/2), series B (s = 0.01) and the obtuse side (s = -1/2)', () => {
    for (const s of [0.5, 0.01, -0.5, 0.999])
      close(logCapAreaCosHp(3, s, 30), new D(1).minus(dec(s)).div(2).ln(), 1e-28);
  });
  it('Omega_5 = (2 - 3s + s^3)/4 and Omega_2 = arccos(s)/pi', () => {
    for (const s of [0.01, 0.3, -0.3]) {
      const sd = dec(s);
      close(logCapAreaCosHp(5, s, 30), new D(2).minus(sd.times(3)).plus(sd.pow(3)).div(4).ln(), 1e-28);
      close(logCapAreaCosHp(2, s, 30), D.acos(sd).div(PI).ln(), 1e-28);
    }
  });
  it('the ends: s = -1 gives 0, s = 0 the half sphere, n = 1 the two points of S^0', () => {
    expect(logCapAreaCosHp(3, -1, 30).isZero()).toBe(true);
    // the whole sphere: ln 1 = +0 (a float caller dividing by it gets +Infinity, not -Infinity)
    expect(Object.is(logCapAreaCosHp(3, -1, 30).toNumber(), 0)).toBe(true);
    close(logCapAreaCosHp(7, 0, 30), new D(2).ln().neg(), 1e-28);
    close(logCapAreaCosHp(1, 0.3, 30), new D(2).ln().neg(), 1e-28);
  });
  it('1 - s carried exactly: s = 1 - 10^-40 and s = -1 + 10^-50 (ln(1 - u) = -u for tiny u)', () => {
    close(logCapAreaCosHp(3, 1, 30, new D('1e-40')), new D('5e-41').ln(), 1e-28);
    const w = new D(2).minus('1e-50');
    close(logCapAreaCosHp(3, new D(1).minus(w), 30, w), new D('-5e-51'), 1e-28);
    // u = 5e-21 is not negligible at 30 digits: ln(1 - u) = -u - u^2/2
    const w2 = new D(2).minus('1e-20');
    close(logCapAreaCosHp(3, new D(1).minus(w2), 30, w2), new D('-5e-21').minus(new D('1.25e-41')), 1e-28);
  });
  it('series B with guard digits: n = 1000, s = 0.3 cancels ~20 digits in 1 - I_y, still 40 digits (mpmath)', () => {
    const ref = fixture.caps.find((c) => c.n === 1000)!;
    close(logCapAreaCosHp(ref.n, ref.s, 40), ref.lnOmega, 1e-38);
  });
  it('bad n or s is a usage error', () => {
    for (const f of [
      () => logCapAreaCosHp(0, 0.5, 30),
      () => logCapAreaCosHp(2.5, 0.5, 30),
      () => logCapAreaCosHp(3, 1, 30),
      () => logCapAreaCosHp(3, -1.5, 30),
    ])
      expect(f).toThrow(UsageError);
  });
});

describe('decimal Levenshtein bound at 30 digits', () => {
  it('L_1 = (s - 1)/s on [-1, -1/n], L_2 = 2n(1 - s)/(1 - ns) on [-1/n, 0]', () => {
    const s1 = dec(-0.5);
    close(logLevenshteinHp(5, -0.5, 30), s1.minus(1).div(s1).ln(), 1e-27);
    const s2 = dec(-0.1);
    close(
      logLevenshteinHp(5, -0.1, 30),
      new D(10)
        .times(new D(1).minus(s2))
        .div(new D(1).minus(s2.times(5)))
        .ln(),
      1e-27,
    );
    close(logLevenshteinHp(6, 0, 30), new D(12).ln(), 1e-27);
  });
  it('L(3, 1/2) = 93/7 and L(4, 1/2) = 26 (I_5), L(8, 1/2) = 240 (E8), by the walk and at a given index', () => {
    close(logLevenshteinHp(3, 0.5, 30), new D(93).div(7).ln(), 1e-27);
    close(logLevenshteinHp(4, 0.5, 30), new D(26).ln(), 1e-27);
    close(logLevenshteinHp(8, 0.5, 30), new D(240).ln(), 1e-27);
    close(logLevenshteinHpAt(3, new D(0.5), 5, 30), new D(93).div(7).ln(), 1e-27);
    close(logLevenshteinHpAt(4, new D(0.5), 5, 30), new D(26).ln(), 1e-27);
    // the neighbouring indices are tried at an interval end: I_6 of E8 ends at 1/2
    close(logLevenshteinHpAt(8, new D(0.5), 6, 30), new D(240).ln(), 1e-27);
    close(logLevenshteinHpAt(8, new D(0.5), 7, 30), new D(240).ln(), 1e-27);
  });
  it('an index the signs contradict gives null; a degree beyond the cap gives null', () => {
    expect(logLevenshteinHpAt(3, new D(0.5), 1, 30)).toBeNull();
    expect(logLevenshteinHpAt(3, new D(0.5), 9, 30)).toBeNull();
    expect(logLevenshteinHp(3, 1, 30, new D('1e-20'))).toBeNull();
  });
  it('bad n, s or index is a usage error', () => {
    for (const f of [
      () => logLevenshteinHp(1, 0.5, 30),
      () => logLevenshteinHp(2.5, 0.5, 30),
      () => logLevenshteinHp(3, 1, 30),
      () => logLevenshteinHp(3, -1.5, 30),
      () => logLevenshteinHpAt(1, new D(0.5), 5, 30),
      () => logLevenshteinHpAt(3, new D(0.5), 2.5, 30),
      () => logLevenshteinHpAt(3, new D(1.5), 5, 30),
      () => logLevenshteinHpAt(3, new D(0), 5, 30),
    ])
      expect(f).toThrow(UsageError);
  });
});

describe('decimal forward row', () => {
  const ln10 = new D(10).ln();
  it("d = 4, b_rel = 'best', m = 0.1 (rho = 4/5): lower 1/Omega_3 = 10, paper pi/arccos(4/5), upper as the float", () => {
    const h = forwardRowHp(4, 0.1, 'best', 30);
    close(h.log10NLower, 1, 1e-28);
    close(h.log10NLowerPaper, PI.div(D.acos(new D(0.8))).log(10), 1e-28);
    const f = forwardRow(4, 0.1, 'best');
    expect(Math.abs(h.log10NUpper!.toNumber() - f.log10NUpper!)).toBeLessThan(1e-13);
    expect(rowAgreement(f, h)).toBeGreaterThan(13);
  });
  it('rho = 1/2 at (0.25, 0.75): upper L(4, 1/2) = 26 below the packing bound; d = 2 has no paper bound', () => {
    close(forwardRowHp(4, 0.25, 0.75, 30).log10NUpper, new D(26).log(10), 1e-27);
    close(forwardRowHp(3, 0.25, 0.75, 30).log10NUpper, new D(93).div(7).log(10), 1e-27);
    close(forwardRowHp(3, 0.25, 0.75, 30).log10NLowerPaper, new D(2).log(10), 1e-28);
    const two = forwardRowHp(2, 0.25, 0.75, 30);
    expect(two.log10NLowerPaper).toBeNull();
    close(two.log10NLower, new D(2).log(10), 1e-28);
  });
  it('just inside 3m = 1 + b_rel (rho ~ 1e-7): the cross-polytope 2n, where 1/Omega_n is about 2', () => {
    const h = forwardRowHp(768, 0.2499999, -0.25, 30);
    close(h.log10NLower, new D(1534).log(10), 1e-28);
    close(h.log10NLowerPaper, new D(1532).log(10), 1e-28);
    close(logLowerHp(767, rhoExactOf(0.2499999, -0.25), 30), new D(1534).ln(), 1e-28);
    // far inside, rho = 1/2 at n = 767, the covering bound is the larger one
    expect(logLowerHp(767, rhoExactOf(0.25, 0.75), 30).gt(new D(1534).ln())).toBe(true);
  });
  it('rho = 0 at (0.25, -0.25): A(n, 0) = 2n exactly in both bounds', () => {
    const h = forwardRowHp(5, 0.25, -0.25, 30);
    close(h.log10NLower, new D(8).log(10), 1e-28);
    close(h.log10NLowerPaper, new D(6).log(10), 1e-28);
    close(h.log10NUpper, new D(10).log(10), 1e-28);
    const r = rhoExactOf(0.25, -0.25);
    close(logLowerHp(4, r, 30), new D(8).ln(), 1e-28);
    close(logUpperHp(4, r, 30), new D(8).ln(), 1e-28);
    close(logLowerHp(2, r, 30), new D(4).ln(), 1e-28);
    // n = 1: the cap of S^0 (no exact code size in R^1 here): 1/Omega_1 = 2
    close(logLowerHp(1, rhoExactOf(0.1, 0.2), 30), new D(2).ln(), 1e-28);
  });
  it('rho = -2/5 at (0.7, 0.3): both bounds are the exact size 3 (a triangle; four points need rho >= -1/3)', () => {
    // A(n, s) = floor(1 - 1/s) = 3 for s < -1/n (n = 3) and n + 1 = 3 on [-1/n, 0) (n = 2); the cap
    // routes would give max(1/Omega, 2n) = 2n and min(L_1 = 1 - 1/s = 7/2, packing) here
    const r = rhoExactOf(0.7, 0.3);
    expect([r.rho.p, r.rho.q]).toEqual([-2n, 5n]);
    for (const n of [2, 3]) {
      close(logLowerHp(n, r, 30), new D(3).ln(), 1e-28);
      close(logUpperHp(n, r, 30), new D(3).ln(), 1e-28);
    }
  });
  it('beyond the float degree cap the upper bound is cap packing: n = 3, 1 - rho = 1e-20, Omega_3(theta/2) = (1 - cos(theta/2))/2', () => {
    const w = new D('1e-20');
    const r = { rho: rat(10n ** 20n - 1n, 10n ** 20n), oneMinus: rat(1n, 10n ** 20n) };
    // cos(theta/2) = sqrt((1 + rho)/2) = sqrt(1 - w/2); 60 digits keep 40 after the cancellation
    const omega = new D(1).minus(new D(1).minus(w.div(2)).sqrt()).div(2);
    close(logUpperHp(3, r, 30), omega.ln().neg(), 1e-28);
  });
  it('outside the region: 4m/(3m - 1 - b) = 16 at (0.4, 0.1); nothing for m + b > 1 or m = 0', () => {
    const h = forwardRowHp(20, 0.4, 0.1, 30);
    close(h.log10NUpper, new D(16).log(10), 1e-28);
    expect(h.log10NLower).toBeNull();
    expect(h.log10NLowerPaper).toBeNull();
    expect(forwardRowHp(5, 0.6, 0.5, 30)).toEqual({
      log10NLower: null,
      log10NLowerPaper: null,
      log10NUpper: null,
    });
    expect(forwardRowHp(5, 0, 0.5, 30)).toEqual({
      log10NLower: null,
      log10NLowerPaper: null,
      log10NUpper: null,
    });
    expect(ln10.gt(2)).toBe(true);
  });
  it('agreementDigits: 17 when equal, -log10 of the relative error, floored at 0; absolute against 0', () => {
    expect(agreementDigits(1.5, new Decimal(1.5))).toBe(17);
    expect(agreementDigits(1, new Decimal('1.001'))).toBeCloseTo(-Math.log10(0.001 / 1.001), 12);
    expect(agreementDigits(1e-5, new Decimal(0))).toBeCloseTo(5, 12);
    expect(agreementDigits(10, new Decimal(1))).toBe(0);
    expect(agreementDigits(1 + 2 ** -52, new Decimal(1))).toBe(Math.min(17, 52 * Math.log10(2)));
  });
  it('rowAgreement is the worst column, null without columns', () => {
    const f = forwardRow(5, 0.6, 0.5);
    expect(rowAgreement(f, forwardRowHp(5, 0.6, 0.5, 30))).toBeNull();
    const row = forwardRow(4, 0.1, 'best');
    const hp = {
      log10NLower: new Decimal(row.log10NLower!).times(1.001),
      log10NLowerPaper: new Decimal(row.log10NLowerPaper!),
      log10NUpper: new Decimal(row.log10NUpper!).times(1.01),
    };
    expect(rowAgreement(row, hp)).toBeCloseTo(-Math.log10(0.01 / 1.01), 10);
    expect(rowAgreement(row, { ...hp, log10NUpper: null })).toBeCloseTo(-Math.log10(0.001 / 1.001), 10);
  });
});
