import { describe, expect, it } from 'vitest';
import { ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import type { DecimalCtor } from '../../src/numeric/hp/decimal.js';
import {
  MAX_N_SOLVER,
  MIN_AGREEING_DIGITS,
  measure,
  SOLVER_C1_TOL,
  SOLVER_MIN_ETA,
  type ThresholdForms,
} from '../../theorems/ccem-thresholds.js';

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
