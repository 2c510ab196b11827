import { describe, expect, it } from 'vitest';
import { code } from '../../constructions/codes.js';
import { construction2, construction2Predicted } from '../../constructions/construction-2.js';
import { margins } from '../../src/geometry/margins.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { randomOrthogonal, rotateRows } from '../../src/numeric/float/vectors.js';
import {
  CODES,
  type Construction2Case,
  claim,
  construction2Domain,
  construction2Params,
  construction2Tolerance,
  measureConstruction2,
  overKPredicted,
} from '../../theorems/construction-2.js';

/** The (m*, b*) of every ordered pair of the case's rotated modalities, built as the measure builds them. */
function pairMargins(c: Construction2Case) {
  const [family, p] = CODES[c.code]!;
  const mods = construction2(code(family, p).x, c.k, c.delta);
  const q = randomOrthogonal(mods[0]!.cols, new Rng(c.seed));
  const rot = mods.map((m) => rotateRows(m, q));
  const out: { a: number; b: number; m: number; bias: number }[] = [];
  for (let a = 0; a < c.k; a++)
    for (let b = 0; b < c.k; b++) {
      if (a === b) continue;
      const mg = margins(rot[a]!, rot[b]!);
      out.push({ a, b, m: mg.mStar, bias: mg.bStar });
    }
  return { cols: mods[0]!.cols, pairs: out };
}

describe('the declared domain boundary', () => {
  it('k = 6 (the largest) at delta = 0.05 (the smallest), both at once', () => {
    const on = construction2Domain.boundaries![0]!.on;
    expect(construction2Params.k.max).toBe(6);
    const c = { code: 0, k: 6, delta: 0.05, seed: 1 };
    expect(on(c)).toBe(true);
    expect(on({ ...c, k: 5 })).toBe(false);
    expect(on({ ...c, delta: 0.5 })).toBe(false);
    expect(on({ ...c, k: 2, delta: 1 })).toBe(false);
  });
});

describe('measureConstruction2: the worst ordered pair', () => {
  it('reports the largest error over the k (k - 1) pairs, not the last pair', () => {
    const c: Construction2Case = { code: 1, k: 6, delta: 0.3, seed: 9 };
    const { cols, pairs } = pairMargins(c);
    const want = construction2Predicted(code('simplex', 10).rho, 6, 0.3);
    const errs = pairs.map((x) => Math.max(Math.abs(x.m - want.m), Math.abs(x.bias - want.b)));
    const worst = Math.max(...errs);
    // the errors are rounding, pair by pair: the last one is not the largest here
    expect(errs[errs.length - 1]).toBeLessThan(worst);
    const r = measureConstruction2(c, construction2Predicted);
    expect(r.slack).toBe(construction2Tolerance(cols) - worst);
    const first = pairs[errs.indexOf(worst)]!;
    expect(r.detail.worstPair).toEqual([first.a, first.b]);
    expect(r.detail.measured).toEqual({ m: first.m, b: first.bias });
  });

  it('a prediction met exactly by every pair (k = 2): error 0, the pair (0, 1), nothing measured', () => {
    const c: Construction2Case = { code: 2, k: 2, delta: 0.7, seed: 3 };
    const { cols, pairs } = pairMargins(c);
    // (U0, U1) and (U1, U0) have the same diagonal and the same off-diagonal set of dot products
    expect(pairs[1]!.m).toBe(pairs[0]!.m);
    expect(pairs[1]!.bias).toBe(pairs[0]!.bias);
    const exact = () => ({ m: pairs[0]!.m, b: pairs[0]!.bias });
    const r = measureConstruction2(c, exact);
    expect(r.slack).toBe(construction2Tolerance(cols));
    expect(r.detail.difference).toBe(0);
    expect(r.detail.worstPair).toEqual([0, 1]);
    expect(r.detail.measured).toEqual({ m: Number.NaN, b: Number.NaN });
  });
});

describe("the twin's prediction and the pinned example", () => {
  it('overKPredicted: b = delta^2 (1 + rho_c)/2 - (1 - delta^2)/k', () => {
    // rho 0.5, k 3, delta 0.8: m = 0.64 * 0.5 / 2 = 0.16, b = 0.64 * 1.5 / 2 - 0.36 / 3 = 0.36
    const p = overKPredicted(0.5, 3, 0.8);
    expect(p.m).toBeCloseTo(0.16, 15);
    expect(p.b).toBeCloseTo(0.36, 15);
    // rho 0, k 4, delta 0.6: (0.18, 0.18 - 0.16)
    const q = overKPredicted(0, 4, 0.6);
    expect(q.m).toBeCloseTo(0.18, 15);
    expect(q.b).toBeCloseTo(0.02, 15);
  });

  it('the claim runs its pinned example first (no random runs: only the example)', async () => {
    const o = await claim.check({ seed: 5, globalSeed: 42, runs: 0 });
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(1);
    expect(o.evidence?.at).toEqual({ code: 0, k: 3, delta: 0.8, seed: 1 });
  });
});
