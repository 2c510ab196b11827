import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { margins } from '../../src/geometry/margins.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../src/numeric/float/vectors.js';
import { ADAPTER_BIAS } from '../../src/symbolic/relative-bias.js';
import {
  type AdapterCase,
  adapter,
  adapterBias,
  adapterTolerance,
  checkAdapter,
  domain,
  flippedAdapterBias,
  measureAdapter,
} from '../../theorems/relative-bias-equivalence.js';

const U = 2 ** -53;
const D40 = Decimal.clone({ precision: 40 });

/** L_RB(U, V; t, r), sum normalisation, from its definition in 40-digit decimals: z_ij = t G_ij - t r. */
function lossRbDecimal(u: Matrix, v: Matrix, t: number, r: number): Decimal {
  const n = u.rows;
  const d = u.cols;
  const softplus = (z: Decimal) => z.exp().plus(1).ln();
  let sum = new D40(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = new D40(0);
      for (let k = 0; k < d; k++) g = g.plus(new D40(u.data[i * d + k]!).times(v.data[j * d + k]!));
      const z = g.minus(r).times(t);
      sum = sum.plus(softplus(i === j ? z.neg() : z));
    }
  }
  return sum;
}

/** The case's U and V, drawn as measureAdapter draws them. */
function drawn(c: AdapterCase): { u: Matrix; v: Matrix } {
  const rng = new Rng(c.seed);
  const u = randomUnitRows(c.n, c.d, rng);
  return { u, v: randomUnitRows(c.n, c.d, rng) };
}

describe('the adapter and its bias, from Obs. 1', () => {
  it('U~_i = (delta U_i, +w), V~_i = (delta V_i, -w), w = sqrt(1 - delta^2): delta 0.6 gives w 0.8', () => {
    const x = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, -1]) };
    expect(Array.from(adapter(x, 0.6, 1).data)).toEqual([0.6, 0, 0.8, 0, -0.6, 0.8]);
    const y = adapter(x, 0.6, -1);
    expect(y.rows).toBe(2);
    expect(y.cols).toBe(3);
    expect(Array.from(y.data)).toEqual([0.6, 0, -0.8, 0, -0.6, -0.8]);
  });

  it('adapterBias (r + 1 - delta^2)/delta^2 and the twin (r - 1 + delta^2)/delta^2 at r = 0.3, delta = 0.5', () => {
    // delta^2 = 1/4: (0.3 + 0.75) * 4 = 4.2 and (0.3 - 0.75) * 4 = -1.8
    expect(adapterBias(0.3, 0.5)).toBeCloseTo(4.2, 14);
    expect(flippedAdapterBias(0.3, 0.5)).toBeCloseTo(-1.8, 14);
    expect(adapterBias(-1, 1)).toBe(-1);
    expect(flippedAdapterBias(-1, 1)).toBe(-1);
  });

  it('adapterTolerance = 4 N^2 (t (2d + 6 + 6 (|r| + 1)) + 2 |L|) u at points where each term is an integer', () => {
    // N = 3, d = 4, t = 2, r = -0.5, L = 1.5: 4 * 9 * (2 * (8 + 6 + 9) + 3) = 36 * 49 = 1764
    expect(adapterTolerance(3, 4, 2, -0.5, 1.5)).toBe(1764 * U);
    // r = 0.5 gives the same (|r|), t = 0 leaves 4 N^2 * 2 |L|; |L| for a negative argument
    expect(adapterTolerance(3, 4, 2, 0.5, 1.5)).toBe(1764 * U);
    expect(adapterTolerance(2, 7, 0, 0, -3)).toBe(96 * U);
    // N = 1, d = 1, t = 1, r = 0, L = 0: 4 * (2 + 6 + 6) = 56
    expect(adapterTolerance(1, 1, 1, 0, 0)).toBe(56 * U);
  });
});

describe('measureAdapter: both sides of the identity and the locked-U fact', () => {
  it('N = 3, d = 2: each side equals L_RB from its definition (40 digits); slack = tol - |left - right|', () => {
    const c: AdapterCase = { n: 3, d: 2, t: 7, r: 0.25, delta: 0.6, seed: 11 };
    const r = measureAdapter(c, adapterBias);
    const { u, v } = drawn(c);
    const left = lossRbDecimal(adapter(u, 0.6, 1), adapter(v, 0.6, -1), 7, 0.25);
    const right = lossRbDecimal(u, v, 7 * 0.36, (0.25 + 0.64) / 0.36);
    const d = r.detail as Record<string, number>;
    expect(Math.abs(d.left! - left.toNumber())).toBeLessThan(1e-13);
    expect(Math.abs(d.right! - right.toNumber())).toBeLessThan(1e-13);
    // the adapter's entries are rounded doubles: the two sides agree to rounding, not exactly
    expect(left.minus(right).abs().toNumber()).toBeLessThan(1e-14);
    expect(d.difference).toBe(Math.abs(d.left! - d.right!));
    expect(d.difference).toBeLessThan(1e-13);
    // the adapter has d + 1 = 3 columns: 4 * 9 * (7 * (6 + 6 + 7.5) + 2 L) u
    expect(d.tolerance).toBe(36 * (7 * 19.5 + 2 * d.left!) * U);
    expect(r.slack).toBe(d.tolerance! - d.difference!);
    expect(r.slack).toBeGreaterThan(0);
    expect(d.lockedMStar).toBe(margins(u, u).mStar);
  });

  it('a tiny positive m*(U, U) (4.7e-13 < tol) still passes: the locked check needs only m* > 0', () => {
    // seed 1820: the two closest of 12 random unit vectors in R^2 give m* = 4.66e-13
    for (const t of [1e-2, 1e4]) {
      const c: AdapterCase = { n: 12, d: 2, t, r: -1, delta: 0.01, seed: 1820 };
      const r = measureAdapter(c, adapterBias);
      const d = r.detail as Record<string, number>;
      expect(d.lockedMStar).toBeGreaterThan(0);
      expect(d.lockedMStar).toBeLessThan(1e-12);
      expect(d.tolerance! - d.difference!).toBeGreaterThan(1e-12);
      expect(r.slack).toBe(d.tolerance! - d.difference!);
    }
  });

  it('d = 1: the U_i are +-1 and repeat (m*(U, U) = 0), which the claim excuses', () => {
    const c: AdapterCase = { n: 4, d: 1, t: 3, r: 0.5, delta: 0.3, seed: 5 };
    const { u } = drawn(c);
    expect(Array.from(u.data)).toEqual([-1, -1, -1, 1]);
    const r = measureAdapter(c, adapterBias);
    const d = r.detail as Record<string, number>;
    expect(d.lockedMStar).toBe(0);
    expect(r.slack).toBe(d.tolerance! - d.difference!);
    expect(r.slack).toBeGreaterThan(0);
  });

  it('the twin bias moves every right-hand logit up by 2 t (1 - delta^2): the slack is negative', () => {
    const c: AdapterCase = { n: 3, d: 2, t: 7, r: 0.25, delta: 0.6, seed: 11 };
    const { u, v } = drawn(c);
    const r = measureAdapter(c, flippedAdapterBias);
    const right = lossRbDecimal(u, v, 7 * 0.36, (0.25 - 0.64) / 0.36);
    const d = r.detail as Record<string, number>;
    expect(Math.abs(d.right! - right.toNumber())).toBeLessThan(1e-13);
    expect(Math.abs(r.slack - (d.tolerance! - Math.abs(d.left! - right.toNumber())))).toBeLessThan(1e-12);
    expect(r.slack).toBeLessThan(-0.1);
  });
});

describe('the domain boundary', () => {
  it('t = 1e4 with delta = 1e-2: both ends at once, neither alone', () => {
    const on = domain.boundaries![0]!.on;
    const c = { n: 2, d: 2, t: 1e4, r: 0, delta: 1e-2, seed: 1 };
    expect(on(c)).toBe(true);
    expect(on({ ...c, delta: 0.5 })).toBe(false);
    expect(on({ ...c, t: 1 })).toBe(false);
    expect(on({ ...c, t: 1, delta: 0.5 })).toBe(false);
  });
});

describe('checkAdapter: the symbolic identities first, then the numeric one', () => {
  const ctx = (runs: number) => ({ seed: 3, globalSeed: 42, runs });
  const OBS1 = 'Obs. 1: adapter logit = logit at (t delta^2, (r + 1 - delta^2)/delta^2)';

  it('the twin bias is refuted symbolically: the Obs. 1 residual does not simplify to 0', async () => {
    const o = await checkAdapter(ctx(2), 'x/twin', '(r - 1 + d^2) / d^2', flippedAdapterBias);
    expect(o.status).toBe('refuted');
    expect(o.cases).toBe(4);
    expect(o.issues).toEqual(['counterexample']);
    expect(o.evidence?.at).toBe(OBS1);
    // |residual| = 2 t (1 - d^2): 10.2, 0.96, 1.5044 at the sample points (t, d) = (10, 0.7), (0.5, 0.2), (37.8, 0.99)
    expect(o.evidence?.worstSlack).toBeCloseTo(-2 * 10 * (1 - 0.49), 12);
    const details = o.evidence?.details as { residual: string; simplified: string };
    expect(details.residual).toContain('(r - 1 + d^2) / d^2');
    expect(details.simplified).not.toBe('0');
    expect(o.counterexample?.input).toEqual({ identity: OBS1, residual: details.residual });
    expect(o.counterexample?.replay).toBe('sigcheck verify --claim x/twin');
    expect(o.counterexample?.shrinks).toBe(0);
  });

  it('a residual that simplify leaves nonzero is refuted even when it vanishes numerically', async () => {
    // sin^2 + cos^2 - 1 is 0 in exact arithmetic; mathjs simplify does not reduce it
    const o = await checkAdapter(
      ctx(2),
      'x/trig',
      `${ADAPTER_BIAS} + (sin(r)^2 + cos(r)^2 - 1)`,
      adapterBias,
    );
    expect(o.status).toBe('refuted');
    expect(o.cases).toBe(4);
    expect(o.evidence?.worstSlack).toBeLessThanOrEqual(0);
    expect(o.evidence?.worstSlack).toBeGreaterThan(-1e-12);
  });

  it('a residual that simplifies to 0 but is not finite at a sample point is refuted', async () => {
    // (g - g)/(t - 10) simplifies to 0 and is 0/0 at the sample t = 10
    const o = await checkAdapter(ctx(2), 'x/pole', `${ADAPTER_BIAS} + (g - g)/(t - 10)`, adapterBias);
    expect(o.status).toBe('refuted');
    expect(o.evidence?.worstSlack).toBe(Number.NEGATIVE_INFINITY);
  });

  it('holds on the stated bias: cases are the random ones plus the four identities, each reported', async () => {
    const o = await checkAdapter(ctx(3), 'x', ADAPTER_BIAS, adapterBias);
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(3 + 4);
    const symbolic = (o.evidence!.details as { symbolic: { name: string; simplified: string }[] }).symbolic;
    expect(symbolic.map((s) => s.simplified)).toEqual(['0', '0', '0', '0']);
    expect(symbolic[1]!.name).toBe(OBS1);
    expect(o.evidence?.worstSlack).toBeGreaterThan(0);
    expect(o.evidence?.metric).toMatch(/^tol - \|L_RB/);
  });

  it('no random case (runs 0): the numeric outcome is returned as it is, without evidence', async () => {
    const o = await checkAdapter(ctx(0), 'x', ADAPTER_BIAS, adapterBias);
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(0);
    expect(o.evidence).toBeNull();
  });
});
