import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { exactDecimalString } from '../../../src/numeric/hp/decimal.js';
import { type SolveOptions, type SolveResult, solve, solveSync } from '../../../src/solver/index.js';
import { resolveOptions } from '../../../src/solver/options.js';
import { normalizeInPlace, projectRows, runStart, syncPairs } from '../../../src/solver/run.js';

// The single-thread solve path at tiny sizes (N = 1..6, a few steps), every reported quantity
// recomputed in the test from its definition: the loss by the reference implementations of
// src/loss (plain loops, not the fused kernel), m*, b* from the Gram matrix, xi from its formula.

const JS = { kernel: 'js', threads: 1, kernelThreads: 1 } as const;

function pairOf(r: SolveResult, a: number, b: number): [Matrix, Matrix] {
  return [r.configs[a]!, r.configs[b]!];
}

/** min_i <u_i, v_i>, max_{i != j} <u_i, v_j> by plain loops. */
function extremesOf(u: Matrix, v: Matrix): { minPos: number; maxNeg: number } {
  let minPos = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < u.rows; i++) {
    for (let j = 0; j < v.rows; j++) {
      let s = 0;
      for (let k = 0; k < u.cols; k++) s += u.data[i * u.cols + k]! * v.data[j * v.cols + k]!;
      if (i === j) minPos = Math.min(minPos, s);
      else maxNeg = Math.max(maxNeg, s);
    }
  }
  return { minPos, maxNeg };
}

/** xi = mean ||u_i - v_i|| - ||mean (u_i - v_i)|| (docs/theory.md section 2). */
function xiOf(u: Matrix, v: Matrix): number {
  const d = u.cols;
  const mean = new Array<number>(d).fill(0);
  let norms = 0;
  for (let i = 0; i < u.rows; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) {
      const x = u.data[i * d + k]! - v.data[i * d + k]!;
      mean[k]! += x / u.rows;
      s += x * x;
    }
    norms += Math.sqrt(s) / u.rows;
  }
  return norms - Math.hypot(...mean);
}

/** Relative difference, for values recomputed in another summation order. */
function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

describe('run.ts helpers', () => {
  it('syncPairs: (0, 1) for k = 2; all pairs or the star around modality 0', () => {
    expect(syncPairs(2, 'complete')).toEqual([[0, 1]]);
    expect(syncPairs(2, 'star')).toEqual([[0, 1]]);
    expect(syncPairs(4, 'complete')).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ]);
    expect(syncPairs(4, 'star')).toEqual([
      [0, 1],
      [0, 2],
      [0, 3],
    ]);
  });

  it('projectRows removes <g_i, x_i> x_i from each row and returns the squared norm left', () => {
    // x rows are unit coordinate vectors: the projection zeroes one coordinate, exactly
    const x = Float64Array.from([1, 0, 0, 0, 0, 1]);
    const g = Float64Array.from([3, 4, -1, 2, 5, 7]);
    expect(projectRows(x, g, 2, 3)).toBe(16 + 1 + 4 + 25);
    expect(Array.from(g)).toEqual([0, 4, -1, 2, 5, 0]);
  });

  it('normalizeInPlace scales rows to unit norm and leaves a zero row alone', () => {
    // powers of two: 1 / sqrt(s) and the products are exact
    const x = Float64Array.from([0, 2, 0, 0, -0.5, 0, 0.25, 0]);
    normalizeInPlace(x, 4, 2);
    expect(Array.from(x)).toEqual([0, 1, 0, 0, -1, 0, 1, 0]);
  });
});

describe('solveSync reports the measures of its final configuration', () => {
  const cases: [string, SolveOptions][] = [
    ['rb-sig', { n: 5, d: 3, steps: 6, seed: 3, bRel0: -0.3, normalization: 'sum' }],
    ['sig', { n: 4, d: 3, steps: 5, seed: 4, loss: 'sig', t0: 2, b0: 1.5, normalization: 'mean' }],
    [
      'sig, cosine, riemannian',
      { n: 4, d: 2, steps: 5, loss: 'sig', schedule: 'cosine', optimizer: 'riemannian-adam' },
    ],
  ];
  it.each(cases)('%s: loss, t, b, b_rel, m*, b*, xi, configurations', (_name, o) => {
    const r = solveSync({ ...o, ...JS });
    expect(r.kernel).toBe('js');
    expect([r.n, r.d, r.loss, r.seed]).toEqual([o.n, o.d, o.loss ?? 'rb-sig', o.seed ?? 0]);
    expect(r.steps).toBe(o.steps);
    expect(r.stopReason).toBe('steps');
    expect(r.polishIterations).toBe(0);
    expect(r.polishStop).toBeNull();
    expect(r.configs).toHaveLength(2);
    expect(r.u).toBe(r.configs[0]);
    expect(r.v).toBe(r.configs[1]);
    for (const m of r.configs) {
      expect([m.rows, m.cols]).toEqual([o.n, o.d]);
      for (let i = 0; i < m.rows; i++) {
        const norm = Math.hypot(...m.data.subarray(i * m.cols, (i + 1) * m.cols));
        expect(Math.abs(norm - 1)).toBeLessThanOrEqual(4e-16);
      }
    }
    const ref = sigmoidLoss(r.u, r.v, { t: r.t, b: r.b, normalization: o.normalization ?? 'per-anchor' });
    expect(rel(r.lossValue, ref.loss)).toBeLessThanOrEqual(1e-14);
    expect(r.lossHp).toBeNull();
    expect(r.bRel).toBe(r.b / r.t);
    const { minPos, maxNeg } = extremesOf(r.u, r.v);
    expect(Math.abs(r.mStar - (minPos - maxNeg) / 2)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(r.bStar - (minPos + maxNeg) / 2)).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(r.xi - xiOf(r.u, r.v))).toBeLessThanOrEqual(1e-14);
    expect(r.bestStart).toBe(0);
    expect(r.startLosses).toEqual([r.lossValue]);
    // the trajectory's last point is the final state
    const last = r.trajectory.at(-1)!;
    expect(last).toEqual({
      step: o.steps,
      loss: r.lossValue,
      t: r.t,
      bRel: r.bRel,
      mStar: r.mStar,
      bStar: r.bStar,
    });
  });

  it('infonce: the loss of InfoNCE at tau = 1/t, bias 0, t fixed at t0', () => {
    for (const normalization of ['sum', 'per-anchor', 'mean'] as const) {
      const r = solveSync({ n: 4, d: 3, loss: 'infonce', t0: 2, steps: 3, normalization, ...JS });
      expect(r.t).toBe(2);
      expect([r.b, r.bRel]).toEqual([0, 0]);
      const ref = infoNceLoss(r.u, r.v, { tau: 0.5, normalization });
      expect(rel(r.lossValue, ref.loss), normalization).toBeLessThanOrEqual(1e-14);
    }
  });

  it('k = 3: the loss is the mean over the synchronised pairs; m*, b* are those of the worst pair', () => {
    for (const graph of ['complete', 'star'] as const) {
      const r = solveSync({ n: 4, d: 3, modalities: 3, graph, steps: 4, seed: 2, loss: 'sig', b0: 1, ...JS });
      expect(r.configs).toHaveLength(3);
      const pairs =
        graph === 'complete'
          ? [
              [0, 1],
              [0, 2],
              [1, 2],
            ]
          : [
              [0, 1],
              [0, 2],
            ];
      let mean = 0;
      let worst = { m: Infinity, b: 0 };
      for (const [a, b] of pairs) {
        const [u, v] = pairOf(r, a!, b!);
        mean += sigmoidLoss(u, v, { t: r.t, b: r.b }).loss / pairs.length;
        const { minPos, maxNeg } = extremesOf(u, v);
        if ((minPos - maxNeg) / 2 < worst.m) worst = { m: (minPos - maxNeg) / 2, b: (minPos + maxNeg) / 2 };
      }
      expect(rel(r.lossValue, mean), graph).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(r.mStar - worst.m), graph).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(r.bStar - worst.b), graph).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(r.xi - xiOf(r.u, r.v)), graph).toBeLessThanOrEqual(1e-14);
    }
  });

  it('N = 1 is refused (no negatives), naming the option', () => {
    expect(() => resolveOptions({ n: 1, d: 2, steps: 2, every: 1, ...JS })).toThrow(/\bn\b.*2/);
  });
});

describe('solveSync: what is trained and what is not', () => {
  const start = (o: SolveOptions) => solveSync({ ...o, ...JS, steps: 0 });

  it('lockU keeps U at its random start; trainT = false keeps t = t0; trainBias = false keeps the bias', () => {
    const o: SolveOptions = { n: 4, d: 3, loss: 'sig', t0: 3, b0: 0.5, lockU: true, steps: 4 };
    const a = start(o);
    const r = solveSync({ ...o, ...JS });
    expect(Array.from(r.u.data)).toEqual(Array.from(a.u.data));
    expect(Array.from(r.v.data)).not.toEqual(Array.from(a.v.data));
    expect(r.t).not.toBe(3);
    expect(r.b).not.toBe(0.5);
    const fixedT = solveSync({ ...o, ...JS, trainT: false });
    expect(fixedT.t).toBe(3);
    expect(fixedT.b).not.toBe(0.5);
    const fixedB = solveSync({ ...o, ...JS, trainBias: false });
    expect(fixedB.b).toBe(0.5);
    expect(fixedB.t).not.toBe(3);
    // rb-sig with the bias fixed keeps b_rel, so b = t b_rel follows t
    const rb = solveSync({ n: 4, d: 3, t0: 4, bRel0: 0.25, trainBias: false, steps: 3, ...JS });
    expect(rb.bRel).toBe(0.25);
    expect(rb.b).toBe(rb.t * 0.25);
    expect(rb.t).not.toBe(4);
  });

  it('unlocked, both modalities move; the k configurations start from different draws', () => {
    const a = start({ n: 3, d: 3, modalities: 3 });
    const r = solveSync({ n: 3, d: 3, modalities: 3, steps: 2, ...JS });
    for (let l = 0; l < 3; l++)
      expect(Array.from(r.configs[l]!.data)).not.toEqual(Array.from(a.configs[l]!.data));
    expect(Array.from(a.configs[0]!.data)).not.toEqual(Array.from(a.configs[1]!.data));
  });
});

describe('solveSync: starts, progress, trajectory', () => {
  it('multi-start in-thread: each start is the run of its own seed; best by loss, ties by lowest index', () => {
    // N = 2, d = 1: every entry is +-1, so the starts' losses take few values and tie
    const o: SolveOptions = { n: 2, d: 1, loss: 'sig', t0: 4, b0: 0, steps: 0, starts: 12, seed: 11, ...JS };
    const r = solveSync(o);
    expect(r.startLosses).toHaveLength(12);
    for (const [k, loss] of r.startLosses.entries()) expect(loss).toBe(runStart(resolveOptions(o), k).loss);
    const low = Math.min(...r.startLosses);
    expect(r.bestStart).toBe(r.startLosses.indexOf(low));
    expect(r.startLosses.lastIndexOf(low)).toBeGreaterThan(r.bestStart);
    expect(r.lossValue).toBe(low);
    // the winning configuration is that start's
    const best = runStart(resolveOptions(o), r.bestStart);
    expect(Array.from(r.u.data)).toEqual(Array.from(best.configs[0]!));
    expect(Array.from(r.v.data)).toEqual(Array.from(best.configs[1]!));
    expect(rel(low, sigmoidLoss(r.u, r.v, { t: 4, b: 0 }).loss)).toBeLessThanOrEqual(1e-15);
  });

  it('multi-start at N = 4: the best start has the lowest of the starts losses', () => {
    const r = solveSync({ n: 4, d: 2, steps: 3, starts: 3, seed: 5, ...JS });
    expect(r.startLosses).toHaveLength(3);
    expect(new Set(r.startLosses).size).toBe(3);
    const low = Math.min(...r.startLosses);
    expect(r.lossValue).toBe(low);
    expect(r.bestStart).toBe(r.startLosses.indexOf(low));
    expect(rel(r.lossValue, sigmoidLoss(r.u, r.v, { t: r.t, b: r.b }).loss)).toBeLessThanOrEqual(1e-14);
  });

  it('solve (async) with one thread is the in-thread run, progress after every step', async () => {
    const o: SolveOptions = { n: 4, d: 2, steps: 3, starts: 2, threads: 1, seed: 5, kernel: 'js' };
    const seen: number[] = [];
    const a = await solve(o, (done) => seen.push(done));
    const b = solveSync(o);
    expect(a.startLosses).toEqual(b.startLosses);
    expect(Array.from(a.u.data)).toEqual(Array.from(b.u.data));
    // a worker would report at most every 50 steps
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('progress counts Adam steps over all starts against the total budget', () => {
    const seen: [number, number][] = [];
    solveSync({ n: 3, d: 2, steps: 3, starts: 2, ...JS }, (done, total) => seen.push([done, total]));
    expect(seen).toEqual([
      [1, 6],
      [2, 6],
      [3, 6],
      [4, 6],
      [5, 6],
      [6, 6],
    ]);
  });

  it('the trajectory samples every K steps and the final step; each point is that step state', () => {
    const o: SolveOptions = { n: 3, d: 2, loss: 'sig', b0: 0.5, steps: 7, every: 3, ...JS };
    const r = solveSync(o);
    expect(r.trajectory.map((p) => p.step)).toEqual([0, 3, 6, 7]);
    for (const p of r.trajectory) {
      const at = solveSync({ ...o, steps: p.step });
      expect(p, `step ${p.step}`).toEqual({
        step: p.step,
        loss: at.lossValue,
        t: at.t,
        bRel: at.b / at.t,
        mStar: at.mStar,
        bStar: at.bStar,
      });
    }
    // a budget on the sampling grid is not sampled twice
    expect(solveSync({ ...o, steps: 6 }).trajectory.map((p) => p.step)).toEqual([0, 3, 6]);
  });

  it('the loss is recomputed in decimal.js when float64 underflows (N = 2, d = 1, t = 1000)', () => {
    // N = 2, d = 1, U = V = (s, -s): per-anchor loss 2 softplus(-t) = 2 ln(1 + e^-1000), about
    // 1e-434, 0 in float64; one start in four draws such a pair
    const r = solveSync({ n: 2, d: 1, loss: 'sig', t0: 1000, b0: 0, steps: 0, starts: 8, seed: 2, ...JS });
    expect(r.lossValue).toBe(0);
    const D = Decimal.clone({ precision: 60 });
    // ln(1 + x) = x (1 - x/2 + ...) with x = e^-t < 1e-434: equal to x to 400 digits
    // t = exp(ln 1000) in float64 (trained t), taken exactly
    expect(Math.abs(r.t - 1000)).toBeLessThan(1e-12);
    const expected = new D(exactDecimalString(r.t)).neg().exp().times(2);
    expect(r.lossHp).not.toBeNull();
    const got = new D(r.lossHp!);
    expect(got.minus(expected).abs().div(expected).toNumber()).toBeLessThan(1e-38);
    // the rb-sig parameterisation the same; infonce and k > 2 have no decimal loss
    const rb = solveSync({ n: 2, d: 1, t0: 1000, steps: 0, starts: 8, seed: 2, ...JS });
    expect(rb.lossHp).toBe(r.lossHp);
    const nce = solveSync({ n: 2, d: 1, loss: 'infonce', t0: 1000, steps: 0, starts: 8, seed: 2, ...JS });
    expect(nce.lossValue).toBe(0);
    expect(nce.lossHp).toBeNull();
    const k3 = solveSync({
      n: 2,
      d: 1,
      loss: 'sig',
      t0: 1000,
      b0: 0,
      modalities: 3,
      steps: 0,
      starts: 64,
      seed: 2,
      ...JS,
    });
    expect(k3.lossValue).toBe(0);
    expect(k3.lossHp).toBeNull();
    // around the threshold 1e-290: 2 e^-660 = 4.6e-287 is kept in float64, 2 e^-670 = 2.0e-291 is not
    const near = (t0: number) =>
      solveSync({ n: 2, d: 1, loss: 'sig', t0, b0: 0, steps: 0, starts: 8, seed: 2, ...JS });
    expect(near(660).lossValue).toBeGreaterThan(1e-290);
    expect(near(660).lossHp).toBeNull();
    expect(near(670).lossValue).toBeLessThan(1e-290);
    expect(near(670).lossHp).not.toBeNull();
  });
});
