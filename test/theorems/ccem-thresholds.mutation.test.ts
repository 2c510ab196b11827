import { describe, expect, it } from 'vitest';
import { ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import type { CheckOutcome } from '../../src/claims/types.js';
import { type DecimalCtor, hpContext } from '../../src/numeric/hp/decimal.js';
import {
  MAX_N_SOLVER,
  MIN_AGREEING_DIGITS,
  measure,
  SOLVER_C1_TOL,
  SOLVER_MIN_ETA,
  SYMBOLIC_REL_TOL,
  type ThresholdForms,
  thresholdSlack,
  withSymbolic,
  wrongConstant,
  wrongForms,
  domain,
  MAX_N,
  MIN_ETA,
} from '../../theorems/ccem-thresholds.js';
import { Decimal } from 'decimal.js';

// The claim's slack is min(digits(etf) - 30, digits(anti) - 30, regime, 1e-6 - solver error): the
// solver term caps it at 1e-6, so a digit term is seen only within 1e-6 of its bound. These pin
// each term where it binds.
const exact: ThresholdForms = (D, n) => ccemThresholdsHp(D, n);
/** The claim's form with one threshold moved by the relative amount 10^-digits. */
const moved =
  (which: 'etf' | 'antipodal', digits: string): ThresholdForms =>
  (D: DecimalCtor, n: number) => {
    const f = ccemThresholdsHp(D, n);
    const by = new D(1).plus(new D(10).pow(new D(digits).neg()));
    return { ...f, [which]: f[which].times(by) };
  };

describe('ccem-thresholds: each term of the slack where it binds', () => {
  it('a threshold off by 10^-(30 + 5e-7) agrees to 30.0000005 digits: slack 5e-7 (holds, sharply)', () => {
    const r = measure(moved('etf', '30.0000005'), { n: 1000, eta: 0.1, seed: 1 });
    // the moved threshold is rounded to 40 digits, so the 1e-30 difference carries 1e-10 of itself
    expect(r.detail.agreeingDigits.etf - MIN_AGREEING_DIGITS).toBeCloseTo(5e-7, 9);
    expect(r.slack).toBeCloseTo(5e-7, 9);
  });

  it('off by 10^-29.5 (the antipodal one): 29.5 digits, slack -0.5 (refuted)', () => {
    const r = measure(moved('antipodal', '29.5'), { n: 1000, eta: 0.1, seed: 1 });
    expect(r.slack).toBeCloseTo(-0.5, 9);
  });

  it('the solver term: compared for N <= 10 and eta >= 0.02 (both ends included), else 0', () => {
    const inside = measure(exact, { n: MAX_N_SOLVER, eta: SOLVER_MIN_ETA, seed: 3 });
    expect(inside.detail.solverC1Error).toBeGreaterThan(0);
    expect(inside.detail.solverC1Error).toBeLessThan(1e-9);
    expect(inside.slack).toBe(SOLVER_C1_TOL - inside.detail.solverC1Error);
    for (const c of [
      { n: MAX_N_SOLVER + 1, eta: 0.1, seed: 1 },
      { n: 5, eta: SOLVER_MIN_ETA / 2, seed: 1 },
    ]) {
      const r = measure(exact, c);
      expect(r.detail.solverC1Error, JSON.stringify(c)).toBe(0);
      expect(r.slack).toBe(SOLVER_C1_TOL);
    }
    expect(measure(exact, { n: 5, eta: 0.1, seed: 1 }).detail.regimeMissesAtT).toEqual([]);
  });
});

describe('ccem-thresholds: the symbolic cross-check joined to the numeric verdict', () => {
  const numeric: CheckOutcome = {
    status: 'holds',
    cases: 8,
    evidence: { metric: 'm', worstSlack: 1e-7, at: { n: 5 }, details: { agreeingDigits: 31 } },
    counterexample: null,
    issues: [],
  };
  const ok = { status: 'ok' as const, maxRelError: 3e-15 };

  it('within 1e-12: the numeric verdict, its details kept, the symbolic status and error added', () => {
    expect(withSymbolic(numeric, ok, 17)).toEqual({
      ...numeric,
      evidence: {
        ...numeric.evidence,
        details: { agreeingDigits: 31, symbolic: { status: 'ok', maxRelError: 3e-15 } },
      },
    });
    // exactly at the tolerance still holds; no evidence stays no evidence
    expect(withSymbolic(numeric, { ...ok, maxRelError: SYMBOLIC_REL_TOL }, 1).status).toBe('holds');
    expect(withSymbolic({ ...numeric, evidence: null }, ok, 1)).toEqual({ ...numeric, evidence: null });
    const bare = withSymbolic({ ...numeric, evidence: { metric: 'm', worstSlack: 0, at: 1 } }, ok, 1);
    expect(bare.evidence!.details).toEqual({ symbolic: { status: 'ok', maxRelError: 3e-15 } });
  });

  it('above 1e-12 (or NaN, no check ran) it is refuted with a replay of the derivation at the seed', () => {
    for (const e of [SYMBOLIC_REL_TOL * (1 + 2 ** -52), Number.NaN]) {
      const r = withSymbolic(numeric, { ...ok, maxRelError: e }, 17);
      expect(r.status).toBe('refuted');
      expect(r.issues).toEqual(['tolerance_exceeded']);
      expect(r.counterexample).toMatchObject({
        input: 'symbolic derivation',
        shrinks: 0,
        replay: 'sigcheck explain ccem-thresholds --derive --seed 17',
      });
      expect(r.evidence!.details!.symbolic).toEqual({ status: 'ok', maxRelError: e });
      expect(r.cases).toBe(8);
    }
  });

  it('a derivation that did not finish is an error: symbolic_timeout, or exception with its message', () => {
    const late = withSymbolic(numeric, { status: 'symbolic_timeout', maxRelError: Number.NaN }, 1);
    expect(late).toMatchObject({
      status: 'error',
      issues: ['symbolic_timeout'],
      message: 'symbolic_timeout',
    });
    expect(late.evidence!.details!.symbolic).toEqual({ status: 'symbolic_timeout', maxRelError: Number.NaN });
    const bad = withSymbolic(numeric, { status: 'error', maxRelError: 0, message: 'no root' }, 1);
    expect(bad).toMatchObject({ status: 'error', issues: ['exception'], message: 'no root', cases: 8 });
  });
});

// Independent route: the closed forms in 50-digit decimals (docs/theory.md §1)
const D50 = Decimal.clone({ precision: 50 });
const tEtf = (n: number) => new D50(n - 1).div(n).times(new D50(n - 3).ln());
const tAnti = (n: number) => new D50(n - 2).div(2).ln().div(2);
const relDiff = (a: string, b: Decimal) => new D50(a).minus(b).div(b).abs().toNumber();

describe('ccem-thresholds: the slack law, the regime probes and the reported figures', () => {
  it('thresholdSlack = min(digits - 30 (each), regime ? 1 : -1, 1e-6 - solver error), each term binding', () => {
    expect(thresholdSlack(40, 40, 0, 0)).toBe(SOLVER_C1_TOL);
    expect(thresholdSlack(30.25, 40, 0, 0)).toBe(SOLVER_C1_TOL);
    expect(thresholdSlack(29.5, 40, 0, 0)).toBe(-0.5);
    expect(thresholdSlack(40, 29.75, 0, 0)).toBe(-0.25);
    expect(thresholdSlack(40, 40, 1, 0)).toBe(-1);
    expect(thresholdSlack(40, 40, 4, 0)).toBe(-1);
    expect(thresholdSlack(40, 40, 0, 3e-6)).toBeCloseTo(-2e-6, 20);
    expect(thresholdSlack(30.0000005, 40, 0, 0)).toBeCloseTo(5e-7, 12);
  });

  it("an ETF threshold 20% high misses the regime at exactly one probe, T' (1 - eta), inside the ETF regime", () => {
    // N = 1000: T_ETF = (999/1000) ln 997 = 6.90, T_ANTI = (1/2) ln 499 = 3.11; T' = 1.2 T_ETF, eta = 0.1:
    // T' (1 + eta) is ETF as claimed, T' (1 - eta) = 1.08 T_ETF is ETF but claimed interior
    const high: ThresholdForms = (D, n) => {
      const f = ccemThresholdsHp(D, n);
      return { ...f, etf: f.etf.times('1.2') };
    };
    const r = measure(high, { n: 1000, eta: 0.1, seed: 1 });
    const want = tEtf(1000).times('1.2').toNumber() * 0.9;
    expect(r.detail.regimeMissesAtT).toHaveLength(1);
    expect(r.detail.regimeMissesAtT[0]).toBeCloseTo(want, 12);
    // the digit term binds first: |T_ETF - T'| / T' = 1/6, so log10(6) - 30
    expect(r.slack).toBeCloseTo(Math.log10(6) - MIN_AGREEING_DIGITS, 9);
  });

  it('reports the closed and the located thresholds (N = 1000): 40-digit closed forms, located to 30+ digits', () => {
    const r = measure(exact, { n: 1000, eta: 0.1, seed: 1 });
    expect(relDiff(r.detail.closed.etf, tEtf(1000))).toBeLessThan(1e-38);
    expect(relDiff(r.detail.closed.antipodal, tAnti(1000))).toBeLessThan(1e-38);
    expect(relDiff(r.detail.located.etf, tEtf(1000))).toBeLessThan(1e-30);
    expect(relDiff(r.detail.located.antipodal, tAnti(1000))).toBeLessThan(1e-30);
    expect(r.detail.agreeingDigits.etf).toBeGreaterThan(MIN_AGREEING_DIGITS);
    expect(r.detail.agreeingDigits.antipodal).toBeGreaterThan(MIN_AGREEING_DIGITS);
  });

  it("the twin's forms: T_ETF = (N/(N-1)) ln(N-3) = (8/7) ln 5 at N = 8, T_ANTI = (1/2) ln 3", () => {
    const f = wrongForms(hpContext(40), 8);
    expect(relDiff(f.etf.toString(), new D50(8).div(7).times(new D50(5).ln()))).toBeLessThan(1e-38);
    expect(relDiff(f.antipodal.toString(), tAnti(8))).toBeLessThan(1e-38);
  });

  it('the boundary is N = 10^6 with eta = 1e-9; the check runs its two pinned cases first', async () => {
    const [edge] = domain.boundaries!;
    expect(edge!.on({ n: MAX_N, eta: MIN_ETA, seed: 0 })).toBe(true);
    expect(edge!.on({ n: MAX_N, eta: 0.1, seed: 0 })).toBe(false);
    expect(edge!.on({ n: 5, eta: MIN_ETA, seed: 0 })).toBe(false);
    let total = 0;
    const v = await wrongConstant.check({
      seed: 1,
      globalSeed: 1,
      runs: 1,
      onCase: (_d, of) => (total = of),
    });
    expect(total).toBe(3);
    expect(v.status).toBe('refuted');
  });
});
