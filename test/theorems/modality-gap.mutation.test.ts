import { describe, expect, it } from 'vitest';
import { buildConstellation, type ConstellationSpec } from '../../constructions/random-constellation.js';
import { separator } from '../../src/geometry/separator.js';
import { fromRows, type Matrix } from '../../src/numeric/float/vectors.js';
import {
  check,
  type GapCase,
  gapDomain,
  gapSpec,
  gapTolerance,
  measureGap,
} from '../../theorems/modality-gap.js';

const always = () => 0;

/** The evidence of measureGap recounted from the separator's h (plain loops). */
function recount(u: Matrix, v: Matrix) {
  const { h } = separator(u, v);
  const d = u.cols;
  const tol = gapTolerance(d);
  const dot = (m: Matrix, i: number) => {
    let s = 0;
    for (let k = 0; k < d; k++) s += h[k]! * m.data[i * d + k]!;
    return s;
  };
  const us = Array.from({ length: u.rows }, (_, i) => dot(u, i));
  const vs = Array.from({ length: v.rows }, (_, i) => dot(v, i)).filter((x) => x < -tol);
  return { uMin: Math.min(...us), separated: vs.length, vMin: Math.min(...vs.map((x) => -x)), tol };
}

describe('measureGap: the evidence recounted from h, and the hypothesis at its edges', () => {
  const specs: ConstellationSpec[] = [2, 3, 4].flatMap((dim) =>
    [1, 2].map((seed) => ({
      family: 'random' as const,
      p: dim + 3,
      dim,
      form: 'one-coordinate' as const,
      delta: 1,
      phiShare: 0,
      noise: 0,
      seed,
    })),
  );
  specs.push({
    family: 'cross-polytope',
    p: 3,
    dim: 3,
    form: 'one-coordinate',
    delta: 1,
    phiShare: 0,
    noise: 0,
    seed: 1,
  });

  it('separated count, uMin, margin = min(uMin, vMin) and slack as recounted; on the boundary N = d + 2', () => {
    for (const spec of specs) {
      const { u, v } = buildConstellation(gapSpec({ spec, window: 0.5 }));
      const r = measureGap(u, v, always);
      const want = recount(u, v);
      const got = r.detail as unknown as Record<string, number>;
      expect(got.separated).toBe(want.separated);
      expect(got.uMin).toBe(want.uMin);
      expect(got.needed).toBe(u.rows - u.cols);
      expect(got.margin).toBe(Math.min(want.uMin, want.vMin));
      const slack =
        want.uMin <= want.tol
          ? want.uMin - want.tol
          : want.separated < u.rows - u.cols
            ? want.separated - (u.rows - u.cols)
            : Math.min(want.uMin, want.vMin);
      expect(r.slack).toBe(slack);
    }
  });

  it('G_ii = 0 for one pair, or max G_ij = 0, is outside the hypothesis (vacuous)', () => {
    const s = Math.SQRT1_2;
    // G_00 = 0, G_11 = 1/sqrt 2, G_01 = -1, G_10 = -1/sqrt 2
    const u = fromRows([
      [1, 0],
      [-s, -s],
    ]);
    const v = fromRows([
      [0, 1],
      [-1, 0],
    ]);
    expect(measureGap(u, v, always).slack).toBe(Number.POSITIVE_INFINITY);
    // the square (U = V): G_ii = 1, max G_ij = 0
    const x = fromRows([
      [1, 0],
      [0, 1],
      [-1, 0],
      [0, -1],
    ]);
    expect(measureGap(x, x, always).slack).toBe(Number.POSITIVE_INFINITY);
    expect(measureGap(x, x, always).detail).toMatchObject({
      n: 4,
      d: 2,
      minPos: 1,
      maxNeg: 0,
      vacuous: true,
    });
    // inside: U = V = a triangle (G_ij = -1/2)
    const c = Math.sqrt(3) / 2;
    const t = fromRows([
      [1, 0],
      [-0.5, c],
      [-0.5, -c],
    ]);
    expect(measureGap(t, t, always).slack).not.toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the property check', () => {
  it('runs its pinned simplex before the random cases', async () => {
    let total = 0;
    const ctx = { seed: 7, globalSeed: 42, runs: 3, onCase: (_done: number, of: number) => (total = of) };
    await check(ctx, 'modality-gap', (d) => d + 2, false);
    expect(total).toBe(4);
  });
});

describe('the declared boundaries pick exactly their cases', () => {
  const on = (name: string, spec: Partial<ConstellationSpec>) =>
    gapDomain
      .boundaries!.find((b) => b.name.startsWith(name))!
      .on({
        spec: {
          family: 'random',
          p: 9,
          dim: 6,
          form: 'one-coordinate',
          delta: 1,
          phiShare: 0,
          noise: 0,
          seed: 1,
          ...spec,
        },
        window: 0.5,
      } as GapCase);
  it('N = d + 2 (any noise), N = d + 2 exact at dim = 6, the simplex U = V', () => {
    expect(on('N = d + 2 (one', { noise: 0.01, dim: 3, p: 6 })).toBe(true);
    expect(on('N = d + 2 (one', { p: 10 })).toBe(false);
    expect(on('N = d + 2 (one', { form: 'paper' })).toBe(false);
    expect(on('N = d + 2 (one', { family: 'simplex' })).toBe(false);
    expect(on('N = d + 2 exact', {})).toBe(true);
    expect(on('N = d + 2 exact', { noise: 1e-3 })).toBe(false);
    expect(on('N = d + 2 exact', { dim: 5, p: 8 })).toBe(false);
    expect(on('N = d + 2 exact', { p: 10 })).toBe(false);
    expect(on('N = d + 2 exact', { family: 'simplex' })).toBe(false);
    expect(on('simplex U = V', { family: 'simplex', form: 'identity' })).toBe(true);
    expect(on('simplex U = V', { family: 'simplex' })).toBe(false);
    expect(on('simplex U = V', { form: 'identity' })).toBe(false);
  });
  it('a case reports p, window and noise; dim only for random codes, phiShare only for the paper form', () => {
    const base = {
      family: 'random',
      p: 9,
      dim: 6,
      form: 'paper',
      delta: 1,
      phiShare: 0.1,
      noise: 0.02,
      seed: 1,
    } as const;
    expect(gapDomain.values({ spec: base, window: 0.3 })).toEqual({
      p: 9,
      dim: 6,
      window: 0.3,
      phiShare: 0.1,
      noise: 0.02,
    });
    expect(gapDomain.values({ spec: { ...base, family: 'simplex', form: 'identity' }, window: 0.3 })).toEqual(
      {
        p: 9,
        dim: undefined,
        window: 0.3,
        phiShare: undefined,
        noise: 0.02,
      },
    );
  });
});

describe('gapSpec: delta^2 inside the window (1/2, min(1, 1/(1 + rho_c))) of m > |b_rel|', () => {
  it('D_3 roots (rho_c = 1/2): the window ends at 2/3, so window 0.5 gives delta^2 = 7/12; rho_c <= 0 ends at 1', () => {
    const base = { p: 3, dim: 2, form: 'one-coordinate', delta: 1, phiShare: 0, noise: 0, seed: 1 } as const;
    const d2 = (family: 'roots-d' | 'cross-polytope', window: number) =>
      gapSpec({ spec: { ...base, family }, window }).delta ** 2;
    expect(d2('roots-d', 0.5)).toBeCloseTo(7 / 12, 15);
    expect(d2('roots-d', 0.05)).toBeCloseTo(0.5 + 0.05 / 6, 15);
    expect(d2('cross-polytope', 0.5)).toBeCloseTo(0.75, 15);
  });
});

describe('below the hypothesis (N = d + 1): the conclusion fails', () => {
  it('U = V = a triangle (N = 3, d = 2): no h has every <h, U_i> > 0, slack = uMin - tol as recounted', () => {
    const c = Math.sqrt(3) / 2;
    const t = fromRows([
      [1, 0],
      [-0.5, c],
      [-0.5, -c],
    ]);
    const r = measureGap(t, t, always);
    const want = recount(t, t);
    // the three rows sum to 0: min_i <h, U_i> <= 0 for every h
    expect(want.uMin).toBeLessThanOrEqual(0);
    expect(r.slack).toBe(want.uMin - want.tol);
    expect((r.detail as unknown as Record<string, number>).uMin).toBe(want.uMin);
  });
});
