import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { logCapAreaCosHp } from '../../../src/bounds/hp/cap-area.js';
import { tangentNumbers } from '../../../src/bounds/hp/lgamma.js';
import { forwardRowHp, logUpperHp } from '../../../src/bounds/hp/table.js';
import { forwardRow } from '../../../src/bounds/table.js';
import { capOddClosedForm, lnGammaMisses } from './decimal-oracles.js';

/**
 * The decimal cap area and ln Gamma where their switches matter, against routes that share none of
 * their code: the finite closed form of the cap on S^{2m} (below), mpmath ln Gamma at 300 digits
 * (scripts/oracles/hp_cap_area.py), the float64 columns of the bounds table.
 */
const fixture = JSON.parse(readFileSync('test/fixtures/hp/cap-area.json', 'utf8')) as {
  caps: { n: number; s: number; lnOmega: string }[];
  capsDeep: { n: number; s: number; lnOmega: string }[];
  lnGamma: { x: string; lnGamma: string }[];
};

describe('decimal cap area: the series switch and exact inputs', () => {
  it('n = 1001, s = 0.9: series A, where series B would cancel 360 digits against its 195 guard digits', () => {
    const D = Decimal.clone({ precision: 600 });
    const s = new D((0.9).toPrecision(100));
    const want = capOddClosedForm(1001, s, D).ln();
    expect(want.lt(-800)).toBe(true);
    const got = logCapAreaCosHp(1001, 0.9, 40);
    expect(new D(got).minus(want).abs().lte(want.abs().times('1e-38'))).toBe(true);
  });
  it('n = 5 and 7 by the closed form at s = 0.2, -0.6 (series A, B and the obtuse side)', () => {
    const D = Decimal.clone({ precision: 80 });
    for (const n of [5, 7])
      for (const sv of [0.2, -0.6, 0.999]) {
        const s = new D(sv.toPrecision(100));
        const want = capOddClosedForm(n, s, D).ln();
        const got = logCapAreaCosHp(n, sv, 40);
        expect(new D(got).minus(want).abs().lte(want.abs().times('1e-38')), `n = ${n}, s = ${sv}`).toBe(true);
      }
  });
  it('series B keeps 40 digits through 1 - I_y at n = 70000, s = 0.1 (153 digits cancelled; mpmath)', () => {
    const ref = fixture.caps.find((c) => c.n === 70000 && c.s === 0.1)!;
    const D = Decimal.clone({ precision: 60 });
    const want = new D(ref.lnOmega);
    // the fixture has 40 significant digits: 1e-38 relative is 3.6e-36 here
    expect(new D(logCapAreaCosHp(70000, 0.1, 40)).minus(want).abs().lte(want.abs().times('1e-38'))).toBe(
      true,
    );
  });
  it('a Decimal s keeps all its digits (116 here): Omega_3 = (1 - s)/2 at s = 0.3 + 1e-115, 130 digits', () => {
    const D = Decimal.clone({ precision: 200 });
    const s = new D('0.3').plus(new D(10).pow(-115));
    const want = new D(1).minus(s).div(2).ln();
    const got = logCapAreaCosHp(3, s, 130);
    expect(new D(got).minus(want).abs().lte(want.abs().times('1e-128'))).toBe(true);
  });
});

describe('decimal cap area: each side of the series switch keeps the digits its route returns', () => {
  /** |got - want| / |want| against the 60-digit mpmath value of (n, s). */
  const relErr = (n: number, s: number): Decimal => {
    const ref = fixture.capsDeep.find((c) => c.n === n && c.s === s)!;
    const D = Decimal.clone({ precision: 90 });
    const want = new D(ref.lnOmega);
    return new D(logCapAreaCosHp(n, s, 40)).minus(want).div(want).abs();
  };
  it('n = 150000, s = 0.165: series A (4171 terms), where series B would cancel 17 digits beyond its guard', () => {
    // series A gives 4.4e-48 here; series B (a y^2/2 = 56 nats past its a y + 20 nats) 2.2e-42
    expect(relErr(150000, 0.165).lte('1e-45')).toBe(true);
  });
  it('n = 20001, s = 0.15: series B (about 50 digits), not series A (its tail stop at 10^-45: 3.3e-48)', () => {
    // series B gives 2.1e-50 here
    expect(relErr(20001, 0.15).lte('5e-49')).toBe(true);
  });
});

describe('decimal ln Gamma above 140 digits (the Stirling shift grows with the precision)', () => {
  it('matches mpmath at P = 290 (shift to z >= 0.4 (P + 10) = 120, not 60)', () => {
    expect(lnGammaMisses(fixture.lnGamma, 290)).toEqual([]);
  });
  it('tangent numbers T_1..T_8 (OEIS A000182), also after the cache has grown', () => {
    expect(tangentNumbers(8).join()).toBe('1,2,16,272,7936,353792,22368256,1903757312');
    expect(tangentNumbers(1).join()).toBe('1');
  });
});

describe('decimal upper bound where the Levenshtein route gives up', () => {
  it('n = 10^6, m = 0.05, b_rel = 0: null upper column (too many guard digits), lower columns as the float ones', () => {
    expect(logUpperHp(1_000_000, rhoExactOf(0.05, 0), 40)).toBeNull();
    const h = forwardRowHp(1_000_000, 0.05, 0, 40);
    expect(h.log10NUpper).toBeNull();
    const f = forwardRow(1_000_000, 0.05, 0);
    const rel = (x: Decimal | null, y: number | null) => Math.abs(x!.toNumber() - y!) / Math.abs(y!);
    expect(rel(h.log10NLower, f.log10NLower)).toBeLessThan(1e-12);
    expect(rel(h.log10NLowerPaper, f.log10NLowerPaper)).toBeLessThan(1e-12);
  });
});
