import { describe, expect, it, vi } from 'vitest';
import type { Matrix } from '../../src/numeric/float/vectors.js';
import {
  type InfoCase,
  infoNceOnCcem,
  measureInfoNce,
  REL_GAP_TOL,
  STRUCTURE_TOL,
} from '../../theorems/infonce-etf.js';

// The solver replaced by a stand-in that returns a chosen final state, so that the gap and the
// structure terms of the slack can each be made the binding one with a closed-form value.
const next: { lossValue: number; u: Matrix; v: Matrix }[] = [];
const calls: unknown[] = [];
vi.mock('../../src/solver/index.js', () => ({
  solveSync: (options: unknown) => {
    calls.push(options);
    const r = next.shift();
    if (r === undefined) throw new Error('no stand-in result queued');
    return r;
  },
}));

const zeros = (): Matrix => ({ rows: 4, cols: 4, data: new Float64Array(16) });
const c: InfoCase = { n: 4, d: 4, tau: 1, x: 1, seed: 9 };
const etf = infoNceOnCcem(4, 1, 1);

describe('measureInfoNce with a stand-in solver (N = d = 4, tau = 1, x = 1)', () => {
  it('calls the solver with the InfoNCE protocol: t = 1/tau fixed, 1500 Adam steps, 3000 polish', () => {
    calls.length = 0;
    next.push({ lossValue: etf, u: zeros(), v: zeros() });
    measureInfoNce({ ...c, tau: 0.5 }, 1, true);
    expect(calls).toEqual([
      {
        n: 4,
        d: 4,
        loss: 'infonce',
        t0: 2,
        trainT: false,
        steps: 1500,
        polish: 3000,
        polishGradTol: 1e-13,
        seed: 9,
        threads: 1,
      },
    ]);
  });

  it('a loss 3e-9 above the ETF value: relGap = (L - L_ETF)/L_ETF, slack 1e-9 + relTol - relGap', () => {
    const loss = etf * (1 + 3e-9);
    next.push({ lossValue: loss, u: zeros(), v: zeros() });
    const r = measureInfoNce(c, 1, true);
    const relGap = (loss - etf) / etf;
    expect(r.detail.relGap).toBe(relGap);
    expect(relGap).toBeCloseTo(3e-9, 15);
    expect(r.detail.structure).toBe(0);
    expect(r.slack).toBe(REL_GAP_TOL + r.detail.relTolerance - relGap);
    expect(r.slack).toBeCloseTo(-2e-9, 13);
  });

  it('a loss below the ETF value by more than the rounding bound: slack relGap + relTol < 0', () => {
    const loss = etf * (1 - 1e-12);
    next.push({ lossValue: loss, u: zeros(), v: zeros() });
    const r = measureInfoNce(c, 1, true);
    expect(r.slack).toBe((loss - etf) / etf + r.detail.relTolerance);
    expect(r.slack).toBeLessThan(-9e-13);
  });

  it('U_i - V_i = a e1 for every i with sum (U_i + V_i) = 0: only max |U - V| = a sees it (a = 2e-5)', () => {
    const a = 2e-5;
    const u = zeros();
    const v = zeros();
    u.data[0] = 2 * a;
    for (let i = 0; i < 4; i++) v.data[i * 4] = u.data[i * 4]! - a;
    next.push({ lossValue: etf, u, v });
    const r = measureInfoNce(c, 1, true);
    expect(r.detail.structure).toBe(a);
    expect(r.slack).toBe(STRUCTURE_TOL - a);
  });

  it('the structure of the stand-in sum and spread terms: sum (U_i + V_i) = 3e-5 e1 binds', () => {
    const u = zeros();
    const v = zeros();
    u.data[0] = 1.5e-5;
    v.data[0] = 1.5e-5;
    next.push({ lossValue: etf, u, v });
    const r = measureInfoNce(c, 1, true);
    expect(r.detail.structure).toBe(3e-5);
    expect(r.slack).toBe(STRUCTURE_TOL - 3e-5);
  });
});
