import { describe, expect, it } from 'vitest';
import { ccemLossDerivative } from '../../constructions/ccem.js';
import { fromRows } from '../../src/numeric/float/vectors.js';
import fc from 'fast-check';
import { sigmoidLoss } from '../../src/loss/sigmoid.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../src/numeric/float/vectors.js';
import {
  belowDomain,
  ccemStructure,
  claim,
  dBelowN,
  lossRoundingTol,
  MAX_N,
  measure,
  optimalityDomain,
  optimalitySlack,
  REL_GAP_TOL,
  STRUCTURE_TOL,
  structureTol,
} from '../../theorems/ccem-optimality.js';

describe('ccem-optimality: its structure measure and tolerance against independent values', () => {
  it('ccemStructure on a hand-made configuration: |sum (U_i + V_i)| = 2, max |D_i - D_1| = 2 sqrt 2', () => {
    // U + V rows (1, 1), (1, 1), (-2, 0) sum to (0, 2); D_i = U_i - V_i = (1, -1), (-1, 1), (0, 0)
    const u = fromRows([
      [1, 0],
      [0, 1],
      [-1, 0],
    ]);
    const v = fromRows([
      [0, 1],
      [1, 0],
      [-1, 0],
    ]);
    const s = ccemStructure(u, v);
    expect(s.sumNorm).toBe(2);
    expect(s.diffSpread).toBe(2 * Math.SQRT2);
    // U = V: every D_i is 0, and the sum is 2 sum U_i = (0, 2)
    expect(ccemStructure(u, u)).toEqual({ sumNorm: 2, diffSpread: 0 });
  });

  it('structureTol = max(1e-5, 10 sqrt(2 gap / (N f"(x)))), f" by central differences of f\'', () => {
    for (const [n, t, b, x] of [
      [5, 2, 1, 0.3],
      [8, 10, 10, 0.9],
      [20, 0.5, -0.2, -0.4],
    ] as const) {
      const h = 1e-5;
      const fpp = (ccemLossDerivative(n, t, b, x + h) - ccemLossDerivative(n, t, b, x - h)) / (2 * h);
      const gap = 1e-6;
      const want = 10 * Math.sqrt((2 * gap) / (n * fpp));
      expect(want).toBeGreaterThan(STRUCTURE_TOL);
      // the difference quotient is good to ~1e-9 relative here (h^2 f''' and 1e-16 / h)
      expect(Math.abs(structureTol(n, t, b, x, gap) / want - 1), `N = ${n}`).toBeLessThan(1e-6);
      expect(structureTol(n, t, b, x, 0)).toBe(STRUCTURE_TOL);
    }
  });
});

const U = 2 ** -53;
const sp = (z: number) => Math.log1p(Math.exp(z));

describe('ccem-optimality: the measure of one solver case, every figure against its definition', () => {
  it('N = 5, t = 0.2, b = 4 (ETF): f* = sp(3.8) + 4 sp(-4.05), the five slack terms and the tolerances', () => {
    const c = { n: 5, d: 5, t: 0.2, b: 4, seed: 1 };
    const m = measure(c);
    const x = m.detail;
    // ETF: c1* = 1, c2(1) = -1/(N-1), f(1) = sp(b - t) + (N-1) sp(-t/(N-1) - b)
    expect(x.regime).toBe('etf');
    expect(x.c1Star).toBe(1);
    expect(x.fStar).toBeCloseTo(sp(3.8) + 4 * sp(-0.05 - 4), 14);
    // roundTol = 2 (d max(1, t) + N^2) N u = 2 (5 + 25) 5 u
    expect(x.tolerances.rounding).toBe(300 * U);
    expect(x.tolerances.rounding).toBe(lossRoundingTol(5, 5, 0.2));
    expect(x.tolerances.relGap).toBe(REL_GAP_TOL);
    expect(x.relGap).toBe((x.solverLoss - x.fStar) / x.fStar);
    const rng = new Rng(c.seed ^ 0x5eed);
    const ru = randomUnitRows(5, 5, rng);
    const rv = randomUnitRows(5, 5, rng);
    const lr = sigmoidLoss(ru, rv, { t: 0.2, b: 4, normalization: 'per-anchor' }).loss;
    expect(x.randomGap).toBe((lr - x.fStar) / x.fStar);
    expect(x.randomGap).toBeGreaterThan(0);
    // the structure tolerance from the positive part of the gap plus rounding (above its floor here)
    const sTol = structureTol(5, 0.2, 4, 1, 5 * x.fStar * (Math.max(0, x.relGap) + x.tolerances.rounding));
    expect(x.tolerances.structure).toBe(sTol);
    expect(sTol).toBeGreaterThan(STRUCTURE_TOL);
    expect(x.sumNorm).toBeLessThan(sTol);
    expect(x.diffSpread).toBeLessThan(sTol);
    const r = x.tolerances.rounding;
    expect(m.slack).toBe(
      Math.min(x.relGap + r, x.randomGap + r, REL_GAP_TOL - x.relGap, sTol - x.sumNorm, sTol - x.diffSpread),
    );
    expect(x.gradNorm).toBeLessThan(1e-6);
  });

  it('optimalitySlack: each of the five terms where it binds', () => {
    const ok = { sumNorm: 0, diffSpread: 0 };
    // below the bound beyond rounding (solver, then random configuration)
    expect(optimalitySlack(-3e-14, 0.5, 1e-14, 1e-5, ok)).toBeCloseTo(-2e-14, 28);
    expect(optimalitySlack(0, -3e-14, 1e-14, 1e-5, ok)).toBeCloseTo(-2e-14, 28);
    // above the bound by more than 1e-9
    expect(optimalitySlack(3e-9, 0.5, 1e-14, 1e-5, ok)).toBeCloseTo(-2e-9, 22);
    // off the CCEM structure: the sum, then the spread of U_i - V_i
    expect(optimalitySlack(0, 0.5, 1e-14, 1e-5, { sumNorm: 3e-5, diffSpread: 0 })).toBeCloseTo(-2e-5, 19);
    expect(optimalitySlack(0, 0.5, 1e-14, 1e-5, { sumNorm: 0, diffSpread: 4e-5 })).toBeCloseTo(-3e-5, 19);
    // all well: the rounding allowance binds
    expect(optimalitySlack(0, 0.5, 1e-14, 1e-5, ok)).toBe(1e-14);
  });

  it('at t = 1e-15 every configuration has the loss of any other to rounding: the random term binds', () => {
    // L/N = sp(b) + (N-1) sp(-b) + O(t) for every configuration: the solver's and the random
    // configuration's relative gaps are both within rounding of 0, and the slack is their + roundTol
    const m = measure({ n: 3, d: 3, t: 1e-15, b: 0.5, seed: 1 });
    const x = m.detail;
    const r = x.tolerances.rounding;
    expect(r).toBe(2 * (3 + 9) * 3 * U);
    expect(Math.abs(x.randomGap)).toBeLessThan(r);
    expect(Math.abs(x.relGap)).toBeLessThan(r);
    expect(m.slack).toBe(Math.min(x.relGap + r, x.randomGap + r));
  });

  it('the twin (d < N, interior t = b) is refuted through its relative gap alone, with the figures', async () => {
    const v = await dBelowN.check({ seed: 2, globalSeed: 2, runs: 2 });
    expect(v.status).toBe('refuted');
    const d = v.evidence!.details as { relGap: number; regime: string };
    expect(d.regime).toBe('interior');
    expect(d.relGap).toBeGreaterThan(REL_GAP_TOL);
    expect(v.evidence!.worstSlack).toBe(REL_GAP_TOL - d.relGap);
  });

  it('the claim runs its three pinned cases first', async () => {
    let total = 0;
    const v = await claim.check({ seed: 4, globalSeed: 4, runs: 1, onCase: (_d, of) => (total = of) });
    expect(total).toBe(4);
    expect(v.status).toBe('holds');
  });
});

describe('ccem-optimality: the drawn cases', () => {
  it("the twin's t = b lies a share u of the way from T_ANTI(N) to T_ETF(N), with d = N - 1 or N - 2", () => {
    for (const c of fc.sample(belowDomain.arbitrary, { seed: 6, numRuns: 200 })) {
      // closed forms: T_ETF = ((N-1)/N) ln(N-3), T_ANTI = (1/2) ln((N-2)/2)
      const te = ((c.n - 1) / c.n) * Math.log(c.n - 3);
      const ta = Math.log((c.n - 2) / 2) / 2;
      expect(c.n).toBeGreaterThanOrEqual(5);
      expect(c.n).toBeLessThanOrEqual(MAX_N);
      expect([c.n - 2, c.n - 1]).toContain(c.d);
      expect(c.b).toBe(c.t);
      expect(c.u).toBeGreaterThanOrEqual(0.2);
      expect(c.u).toBeLessThanOrEqual(0.8);
      expect(Math.abs((c.t - ta) / (te - ta) - c.u), JSON.stringify(c)).toBeLessThan(1e-12);
    }
  });

  it('the boundaries name b = t and d = N', () => {
    const [diag, full] = optimalityDomain.boundaries!;
    const c = { n: 5, d: 5, t: 1, b: 1, seed: 0 };
    expect(diag!.on(c)).toBe(true);
    expect(diag!.on({ ...c, b: -1 })).toBe(false);
    expect(full!.on(c)).toBe(true);
    expect(full!.on({ ...c, d: 6 })).toBe(false);
  });
});
