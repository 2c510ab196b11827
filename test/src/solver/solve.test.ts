import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { sigmoid, softplus } from '../../../src/numeric/float/softplus.js';
import { EPS } from '../../../src/numeric/float/ulp.js';
import {
  resolveOptions,
  SOLVE_DEFAULTS,
  SolveOptionError,
  type SolveOptions,
  solve,
  solveSync,
} from '../../../src/solver/index.js';
import { syncPairs } from '../../../src/solver/run.js';

/** min over x in [-1, 1] of the CCEM loss f(x) (per-anchor), by bisection on the convex f'. */
function ccemMinimum(n: number, t: number, b: number): number {
  const c2 = (x: number): number => ((n - 2) * x - n) / (2 * (n - 1));
  const f = (x: number): number => softplus(b - t * x) + (n - 1) * softplus(t * c2(x) - b);
  const fp = (x: number): number => -sigmoid(b - t * x) + ((n - 2) / 2) * sigmoid(t * c2(x) - b);
  if (fp(-1) >= 0) return f(-1);
  if (fp(1) <= 0) return f(1);
  let lo = -1;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const m = (lo + hi) / 2;
    if (fp(m) < 0) lo = m;
    else hi = m;
  }
  return f((lo + hi) / 2);
}

const SMALL: SolveOptions = { n: 20, d: 5, steps: 200 };

describe('solve options', () => {
  it.each([
    [{ n: 0, d: 3 }, /^solve: n must be an integer/],
    [{ n: 3, d: 0 }, /^solve: d must be an integer/],
    [{ n: 3, d: 3, lr: -1 }, /^solve: lr must be > 0, got -1$/],
    [{ n: 3, d: 3, modalities: 1 }, /^solve: modalities must be an integer in \[2/],
    [{ n: 3, d: 3, t0: Number.NaN }, /^solve: t0 must be a finite number, got NaN$/],
    [{ n: 3, d: 3, b0: Number.POSITIVE_INFINITY }, /^solve: b0 must be a finite number/],
    [{ n: 3, d: 3, b0: 1, bRel0: 0.1 }, /at most one of b0 and bRel0/],
    [{ n: 3, d: 3, loss: 'infonce', trainBias: true }, /infonce has no bias/],
    [{ n: 1_000_000, d: 3 }, /8 GiB/],
    [{ n: 3, d: 3, loss: 'hinge' as never }, /^solve: loss must be one of/],
  ] as [SolveOptions, RegExp][])('%o is refused with one clear UsageError', (o, re) => {
    expect(() => resolveOptions(o)).toThrow(UsageError);
    expect(() => resolveOptions(o)).toThrow(re);
  });

  it('names options as SolveOptions spells them; render restates the message with other names', () => {
    const caught = (() => {
      try {
        resolveOptions({ n: 3, d: 3, lossTol: -1 });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(caught).toBeInstanceOf(SolveOptionError);
    expect((caught as Error).message).toBe('solve: lossTol must be >= 0, got -1');
    expect((caught as SolveOptionError).render((o) => `<${o}>`)).toBe(
      'solve: <lossTol> must be >= 0, got -1',
    );
  });

  it('SOLVE_DEFAULTS are the values resolveOptions fills', () => {
    const o = resolveOptions({ n: 4, d: 2 });
    for (const [k, v] of Object.entries(SOLVE_DEFAULTS)) {
      if (k === 'every') continue; // 0 resolves to about 100 samples
      expect(o[k as keyof typeof o], k).toEqual(v);
    }
    expect(o.every).toBe(Math.ceil(SOLVE_DEFAULTS.steps / 100));
  });

  it('fills the documented defaults (BBNP25 protocol)', () => {
    const o = resolveOptions({ n: 100, d: 10 });
    expect(o).toMatchObject({ loss: 'rb-sig', t0: 10, bias0: 0, steps: 10_000, lr: 0.01, trainT: true });
    expect(resolveOptions({ n: 4, d: 2, loss: 'rb-sig', b0: -10 }).bias0).toBe(-1);
    expect(resolveOptions({ n: 4, d: 2, loss: 'sig', bRel0: 0.5 }).bias0).toBe(5);
  });

  it('synchronises k modalities over the complete graph or the star', () => {
    expect(syncPairs(2, 'complete')).toEqual([[0, 1]]);
    expect(syncPairs(4, 'complete')).toHaveLength(6);
    expect(syncPairs(4, 'star')).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
  });
});

describe('solve reproducibility', () => {
  it('same seed gives an identical result; another seed a different one', () => {
    const a = solveSync({ ...SMALL, seed: 7 });
    const b = solveSync({ ...SMALL, seed: 7 });
    const c = solveSync({ ...SMALL, seed: 8 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.lossValue).not.toBe(c.lossValue);
  });

  it('multi-start in 2 worker threads equals the in-thread run, best by loss then index', async () => {
    const o: SolveOptions = { ...SMALL, starts: 3, seed: 3 };
    const threaded = await solve({ ...o, threads: 2 });
    const inline = solveSync(o);
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inline));
    expect(threaded.startLosses).toHaveLength(3);
    expect(threaded.lossValue).toBe(Math.min(...threaded.startLosses));
  });

  it('reports the loss of its final configuration (recomputed by the reference)', () => {
    const r = solveSync({ ...SMALL, loss: 'sig', b0: 2 });
    const ref = sigmoidLoss(r.u, r.v, { t: r.t, b: r.b, normalization: 'per-anchor' });
    // wasm vs reference: G rounding t gamma(d) per term, N^2 terms, scaled by 1/N
    expect(Math.abs(r.lossValue - ref.loss)).toBeLessThanOrEqual(20 * r.t * 8 * EPS + 1e3 * EPS * ref.loss);
  });
});

describe('solve loss underflow', () => {
  it('gives the loss in decimal.js when float64 underflows, within the BBNP25 rate bounds', () => {
    // find a start that already is a constellation (m* > 0), then score it at t = 1e5, b = t b*
    let found: { seed: number; bStar: number } | undefined;
    for (let seed = 0; seed < 500 && found === undefined; seed++) {
      const probe = solveSync({ n: 3, d: 3, steps: 0, seed });
      if (probe.mStar > 0.05) found = { seed, bStar: probe.bStar };
    }
    expect(found).toBeDefined();
    const r = solveSync({
      n: 3,
      d: 3,
      steps: 0,
      seed: found!.seed,
      t0: 1e5,
      bRel0: found!.bStar,
      normalization: 'sum',
    });
    expect(r.lossValue).toBeLessThan(1e-290);
    expect(r.lossHp).not.toBeNull();
    const lnL = new Decimal(r.lossHp!).ln().toNumber();
    // THEORY s2 (sum normalisation): ln(1 + e^{-t m*}) <= L <= N^2 ln(1 + e^{-t m*}) at b = t b*
    const lower = -r.t * r.mStar;
    expect(lnL).toBeGreaterThanOrEqual(lower - 1e-6 * Math.abs(lower));
    expect(lnL).toBeLessThanOrEqual(lower + Math.log(9) + 1e-6 * Math.abs(lower));
  });
});

describe('solve stopping rules', () => {
  it('stops on loss tolerance and on gradient-norm tolerance, and says which', () => {
    const a = solveSync({ ...SMALL, steps: 5000, lossTol: 0.5 });
    expect(a.stopReason).toBe('loss-tol');
    expect(a.lossValue).toBeLessThanOrEqual(0.5);
    expect(a.steps).toBeLessThan(5000);
    const b = solveSync({
      n: 6,
      d: 6,
      loss: 'sig',
      t0: 1,
      b0: 1,
      trainT: false,
      trainBias: false,
      steps: 20_000,
      gradTol: 0.05,
    });
    expect(b.stopReason).toBe('grad-tol');
    expect(b.gradNorm).toBeLessThanOrEqual(0.05);
  });
});

describe('solve reaches known minima', () => {
  it('for d >= N, t = b = 1, N = 8 (interior CCEM regime) Adam + polish hits the CCEM minimum to 1e-9 relative', () => {
    const n = 8;
    const fmin = ccemMinimum(n, 1, 1);
    for (const seed of [0, 1, 2]) {
      const r = solveSync({
        n,
        d: n,
        loss: 'sig',
        t0: 1,
        b0: 1,
        trainT: false,
        trainBias: false,
        steps: 1500,
        polish: 3000,
        seed,
      });
      const gap = (r.lossValue - fmin) / fmin;
      // LCS24: fmin is the global minimum, so gap >= -(rounding, ~N^2 u); solver must come within 1e-9.
      expect(gap, `seed ${seed}: loss ${r.lossValue} vs CCEM ${fmin}`).toBeGreaterThan(-1e-13);
      expect(gap, `seed ${seed}: loss ${r.lossValue} vs CCEM ${fmin}`).toBeLessThan(1e-9);
    }
  });

  it('BBNP25, reduced to 1500 steps: RB-Sig reaches a constellation with a larger margin than Sig', () => {
    const rb = solveSync({ n: 100, d: 10, steps: 1500, seed: 1 });
    const sig = solveSync({ n: 100, d: 10, steps: 1500, seed: 1, loss: 'sig' });
    expect(rb.mStar).toBeGreaterThan(0.1);
    expect(rb.bRel).toBeGreaterThan(0.3);
    expect(rb.mStar).toBeGreaterThan(sig.mStar);
    expect(rb.trajectory[0]!.step).toBe(0);
    expect(rb.trajectory.at(-1)!.step).toBe(1500);
  });

  it('locked U: RB-Sig finds a constellation, fixed (t, b) = (10, 0) cannot', () => {
    const free = solveSync({ n: 100, d: 10, steps: 1500, lockU: true });
    const fixed = solveSync({
      n: 100,
      d: 10,
      steps: 1500,
      lockU: true,
      loss: 'sig',
      b0: 0,
      trainT: false,
      trainBias: false,
    });
    expect(free.mStar).toBeGreaterThan(0);
    expect(fixed.mStar).toBeLessThan(0);
    expect(free.lossValue).toBeLessThan(fixed.lossValue / 100);
    // U did not move
    const again = solveSync({ n: 100, d: 10, steps: 0, lockU: true });
    expect(Array.from(free.u.data)).toEqual(Array.from(again.u.data));
  });

  it('k = 4 modalities (complete graph) train every pair into a constellation', () => {
    const r = solveSync({ n: 40, d: 10, steps: 1000, modalities: 4 });
    expect(r.configs).toHaveLength(4);
    expect(r.mStar).toBeGreaterThan(0);
    expect(r.lossValue).toBeLessThan(r.trajectory[0]!.loss / 20);
  });

  it('Riemannian Adam, cosine schedule and InfoNCE all decrease their loss', () => {
    for (const o of [
      { optimizer: 'riemannian-adam' as const },
      { schedule: 'cosine' as const },
      { loss: 'infonce' as const, t0: 10 },
      { loss: 'infonce' as const, trainT: true, lockU: true },
    ] satisfies Partial<SolveOptions>[]) {
      const r = solveSync({ ...SMALL, ...o, n: 20, d: 5 });
      expect(r.lossValue, JSON.stringify(o)).toBeLessThan(r.trajectory[0]!.loss * 0.9);
    }
  });
});
