import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claim,
  domain,
  fixedBias,
  fixedCase,
  MAX_ABS_B,
  MAX_T,
  MIN_T,
  type MonotoneCase,
  measure,
  rayCase,
  TOL,
} from '../../theorems/ccem-monotone-delta.js';

// At N = 4 the optimum has a closed form (docs/theory.md §1): f'(x) = 0 where the two sigmoids
// agree, x = (1 + 3b/t)/2, clamped to [-1, 1] (ETF iff b >= t/3, antipodal iff b <= -t).
const c1AtN4 = (t: number, b: number) => Math.min(1, Math.max(-1, (1 + (3 * b) / t) / 2));

describe('ccem-monotone-delta: the measure against the N = 4 closed form', () => {
  it('a ray is flat at N = 4 (c1* = (3 kappa + 1)/2): rise exactly 0, slack exactly TOL', () => {
    // kappa = 0.1 is not a binary fraction: b = kappa t must be formed exactly, or c1* moves
    const r = measure({ kind: 'ray', n: 4, kappa: 0.1, t1: 1, t2: 7 });
    expect(r.slack).toBe(TOL);
    expect(r.detail.drop + 0).toBe(0);
    expect(r.detail.tolerance).toBe(TOL);
    expect(Number(r.detail.c1AtT1)).toBe(c1AtN4(1, 0.1));
    expect(r.detail.c1AtT2).toBe(r.detail.c1AtT1);
    // b1 = kappa t1 and b2 = kappa t2 (the exact product of the doubles, rounded for display)
    expect(Number(r.detail.b1)).toBe(0.1);
    expect(Number(r.detail.b2)).toBe(0.7000000000000001);
  });

  it('b = 1 fixed at N = 4: c1* falls from 1 (t = 2, ETF) to 7/8 (t = 4): slack -1/8 + TOL', () => {
    const r = measure({ kind: 'fixed-b', n: 4, b: 1, t1: 2, t2: 4 });
    expect(c1AtN4(2, 1)).toBe(1);
    expect(c1AtN4(4, 1)).toBe(0.875);
    expect(r.detail).toMatchObject({ c1AtT1: '1', c1AtT2: '0.875', b1: '1', b2: '1', drop: 0.125 });
    expect(r.slack).toBe(-0.125 + TOL);
  });

  it('more rays: flat at N = 4 for kappa = 1 (ETF) and -1/2 (c1* = -1/4); the N = 8 diagonal rises by 2', () => {
    // kappa = 1: b = t >= t/3, ETF at every t; kappa = -1/2: (1 - 3/2)/2 = -1/4 at every t
    expect(measure({ kind: 'ray', n: 4, kappa: 1, t1: 0.5, t2: 9 }).slack).toBe(TOL);
    const neg = measure({ kind: 'ray', n: 4, kappa: -0.5, t1: 0.5, t2: 9 });
    expect(neg.detail.c1AtT1).toBe('-0.25');
    expect(neg.slack).toBe(TOL);
    // at N = 8 the diagonal rises from antipodal (t <= (1/2) ln 3) to ETF (t >= (7/8) ln 5): rise 2
    const up = measure({ kind: 'ray', n: 8, kappa: 1, t1: 0.5, t2: 1.5 });
    expect(up.detail).toMatchObject({ c1AtT1: '-1', c1AtT2: '1', drop: -2 });
    expect(up.slack).toBe(2 + TOL);
  });
});

describe('ccem-monotone-delta: the drawn pairs and the declared domain', () => {
  // drawn inside each test: a mutant is active only while a test runs
  const rays = () => fc.sample(rayCase, { seed: 3, numRuns: 500 });
  const fixed = () => fc.sample(fixedCase, { seed: 4, numRuns: 300 });

  it('every pair has MIN_T <= t1 < t2 <= MAX_T; equal draws are moved a decade apart', () => {
    const all = [...rays(), ...fixed()];
    for (const c of all) {
      expect(c.t1, JSON.stringify(c)).toBeLessThan(c.t2);
      expect(c.t1).toBeGreaterThanOrEqual(MIN_T);
      expect(c.t2).toBeLessThanOrEqual(MAX_T);
    }
    const pairs = all.map((c) => [c.t1, c.t2].join(','));
    // both ends of t are corners: a tie at MIN_T moves t2 up, a tie at MAX_T moves t1 down
    expect(pairs).toContain(`${MIN_T},${MIN_T * 10}`);
    expect(pairs).toContain(`${MAX_T / 10},${MAX_T}`);
    // distinct draws are kept as drawn (most pairs are not a decade apart)
    const decade = all.filter((c) => c.t2 === c.t1 * 10 || c.t1 === c.t2 / 10);
    expect(decade.length).toBeLessThan(all.length / 4);
  });

  it('rays: a share on the diagonal, N = 3 only with kappa >= 1/4 (1/4 itself drawn), other N any kappa', () => {
    const drawn = rays();
    const ray = drawn.filter((c): c is Extract<MonotoneCase, { kind: 'ray' }> => c.kind === 'ray');
    expect(ray.length).toBe(drawn.length);
    expect(ray.filter((c) => c.kappa === 1).length).toBeGreaterThan(100);
    const three = ray.filter((c) => c.n === 3);
    expect(three.length).toBeGreaterThan(10);
    for (const c of three) expect(c.kappa).toBeGreaterThanOrEqual(0.25);
    expect(three.some((c) => c.kappa === 0.25)).toBe(true);
    expect(ray.some((c) => c.n > 3 && c.kappa < 0)).toBe(true);
  });

  it('fixed-b pairs carry b within |b| <= 3', () => {
    for (const c of fixed()) {
      expect(c.kind).toBe('fixed-b');
      if (c.kind === 'fixed-b') expect(Math.abs(c.b)).toBeLessThanOrEqual(MAX_ABS_B);
    }
  });

  it('values and boundaries name the ray, the N = 3 edge and the negative fixed b', () => {
    const ray: MonotoneCase = { kind: 'ray', n: 3, kappa: 0.25, t1: 1, t2: 2 };
    const fixedB: MonotoneCase = { kind: 'fixed-b', n: 5, b: -MAX_ABS_B, t1: 1, t2: 2 };
    expect(domain.values(ray)).toEqual({ n: 3, t: [1, 2], kappa: 0.25 });
    expect(domain.values(fixedB)).toEqual({ n: 5, t: [1, 2], b: -3 });
    const [diag, edge, negB] = domain.boundaries!;
    expect(diag!.on({ ...ray, kappa: 1 })).toBe(true);
    expect(diag!.on(ray)).toBe(false);
    expect(diag!.on({ kind: 'fixed-b', n: 3, b: 1, t1: 1, t2: 2 })).toBe(false);
    expect(edge!.on(ray)).toBe(true);
    expect(edge!.on({ ...ray, n: 4 })).toBe(false);
    expect(edge!.on({ ...ray, kappa: 0.5 })).toBe(false);
    expect(negB!.on(fixedB)).toBe(true);
    expect(negB!.on({ ...fixedB, b: MAX_ABS_B })).toBe(false);
    expect(negB!.on({ kind: 'ray', n: 5, kappa: -MAX_ABS_B, t1: 1, t2: 2 })).toBe(false);
  });

  it('the claim draws rays only and the twin fixed b only', async () => {
    const ok = await claim.check({ seed: 2, globalSeed: 2, runs: 6 });
    expect(ok.status).toBe('holds');
    expect(ok.evidence!.at).toHaveProperty('kappa');
    const twin = await fixedBias.check({ seed: 2, globalSeed: 2, runs: 150 });
    expect(twin.status).toBe('refuted');
    expect(twin.counterexample!.input).toHaveProperty('b');
  });
});
