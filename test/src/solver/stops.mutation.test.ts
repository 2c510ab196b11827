import { describe, expect, it } from 'vitest';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { sigmoid, softplus } from '../../../src/numeric/float/softplus.js';
import { type SolveOptions, type SolveResult, solveSync } from '../../../src/solver/index.js';

// Stop rules, polish and divergence at tiny sizes, against quantities recomputed from their
// definition: the step at which a tolerance is first met (from runs with smaller budgets), the
// Riemannian gradient norm from the reference gradient of src/loss, the CCEM minimum in closed form.

const JS = { kernel: 'js', threads: 1, kernelThreads: 1 } as const;

/** min over x in [-1, 1] of the per-anchor CCEM loss f(x) (LCS24), by bisection on the convex f'. */
function ccemMinimum(n: number, t: number, b: number): number {
  const c2 = (x: number): number => ((n - 2) * x - n) / (2 * (n - 1));
  const f = (x: number): number => softplus(b - t * x) + (n - 1) * softplus(t * c2(x) - b);
  const fp = (x: number): number => -sigmoid(b - t * x) + ((n - 2) / 2) * sigmoid(t * c2(x) - b);
  let lo = -1;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const m = (lo + hi) / 2;
    if (fp(m) < 0) lo = m;
    else hi = m;
  }
  return f((lo + hi) / 2);
}

/** sqrt(sum_l sum_i ||P_{x_i} g_i||^2) over the given modalities, from the reference gradient. */
function riemannianNorm(r: SolveResult, lockU: boolean): number {
  const g = sigmoidLoss(r.u, r.v, { t: r.t, b: r.b, grad: true });
  let s = 0;
  for (const [x, gx] of lockU
    ? [[r.v, g.gradV!] as const]
    : ([
        [r.u, g.gradU!],
        [r.v, g.gradV!],
      ] as const)) {
    for (let i = 0; i < x.rows; i++) {
      let dot = 0;
      for (let k = 0; k < x.cols; k++) dot += x.data[i * x.cols + k]! * gx[i * x.cols + k]!;
      for (let k = 0; k < x.cols; k++) s += (gx[i * x.cols + k]! - dot * x.data[i * x.cols + k]!) ** 2;
    }
  }
  return Math.sqrt(s);
}

describe('stop rules', () => {
  const O: SolveOptions = { n: 4, d: 3, loss: 'sig', t0: 3, b0: 1, seed: 3, lr: 0.05, ...JS };
  const budget = 12;
  // computed inside each test: a solve at collection time would make every solver mutant static
  const runs = () => Array.from({ length: budget + 1 }, (_, s) => solveSync({ ...O, steps: s }));

  it('lossTol: stops at the first step whose loss is <= lossTol (inclusive), reason loss-tol', () => {
    const losses = runs().map((r) => r.lossValue);
    for (const at of [0, 3, 7]) {
      const tol = losses[at]!;
      const first = losses.findIndex((x) => x <= tol);
      const r = solveSync({ ...O, steps: budget, lossTol: tol });
      expect(r.steps, `tol = loss at step ${at}`).toBe(first);
      expect(r.stopReason).toBe(first === budget ? 'steps' : 'loss-tol');
      expect(r.lossValue).toBe(losses[first]);
    }
    // just below the smallest loss seen: never met
    const r = solveSync({ ...O, steps: budget, lossTol: Math.min(...losses) * (1 - 1e-12) });
    expect([r.steps, r.stopReason]).toEqual([budget, 'steps']);
  });

  it('gradTol: stops at the first step whose gradient norm is <= gradTol, reason grad-tol', () => {
    const all = runs();
    const norms = all.map((r) => r.gradNorm);
    for (const at of [2, 5]) {
      const tol = norms[at]!;
      const first = norms.findIndex((x) => x <= tol);
      // every = 100: the stop step is not a sampled one, so its loss is computed at the stop
      const r = solveSync({ ...O, steps: budget, gradTol: tol, every: 100 });
      expect(r.steps, `tol = gradient norm at step ${at}`).toBe(first);
      expect(r.stopReason).toBe('grad-tol');
      expect(r.gradNorm).toBe(norms[first]);
      expect(r.lossValue).toBe(all[first]!.lossValue);
      expect(r.trajectory.map((p) => p.step)).toEqual([0, first]);
      expect(r.trajectory.at(-1)!.loss).toBe(all[first]!.lossValue);
    }
  });

  it('the budget wins over the tolerances, and the loss tolerance over the gradient one', () => {
    const both = { lossTol: 1e9, gradTol: 1e9 };
    expect(solveSync({ ...O, steps: 0, ...both }).stopReason).toBe('steps');
    const r = solveSync({ ...O, steps: 5, ...both });
    expect([r.steps, r.stopReason]).toEqual([0, 'loss-tol']);
    expect(solveSync({ ...O, steps: 5, gradTol: 1e9 }).stopReason).toBe('grad-tol');
    expect(Number.isFinite(solveSync({ ...O, steps: 5, gradTol: 1e9 }).lossValue)).toBe(true);
  });
});

describe('polish (Riemannian gradient descent at fixed t, b)', () => {
  const O: SolveOptions = {
    n: 3,
    d: 3,
    loss: 'sig',
    t0: 1,
    b0: 1,
    trainT: false,
    trainBias: false,
    steps: 20,
    seed: 1,
    ...JS,
  };

  it('takes the given iterations at fixed (t, b), lowers the loss, reports the Riemannian gradient norm', () => {
    const adam = solveSync(O);
    let prev = adam.lossValue;
    for (const polish of [1, 2, 5]) {
      const r = solveSync({ ...O, polish, polishGradTol: 0 });
      expect([r.polishIterations, r.polishStop, r.steps, r.stopReason]).toEqual([
        polish,
        'steps',
        20,
        'steps',
      ]);
      expect([r.t, r.b]).toEqual([adam.t, adam.b]);
      // Armijo: every accepted step decreases the loss
      expect(r.lossValue).toBeLessThan(prev);
      prev = r.lossValue;
      const ref = sigmoidLoss(r.u, r.v, { t: r.t, b: r.b }).loss;
      expect(Math.abs(r.lossValue - ref) / ref).toBeLessThanOrEqual(1e-14);
      expect(Math.abs(r.gradNorm - riemannianNorm(r, false)) / r.gradNorm).toBeLessThanOrEqual(1e-12);
      // the trajectory gains the polished state at the last Adam step
      const tail = r.trajectory.slice(-2);
      expect(tail.map((p) => p.step)).toEqual([20, 20]);
      expect(tail[0]!.loss).toBe(adam.lossValue);
      expect(tail[1]!.loss).toBe(r.lossValue);
    }
  });

  it('converges to the CCEM minimum (d >= N, t = b = 1) and stops on polishGradTol', () => {
    const fmin = ccemMinimum(3, 1, 1);
    const r = solveSync({ ...O, steps: 50, polish: 500, polishGradTol: 1e-9 });
    expect(r.polishStop).toBe('grad-tol');
    expect(r.polishIterations).toBeGreaterThan(0);
    expect(r.polishIterations).toBeLessThan(500);
    expect(r.gradNorm).toBeLessThanOrEqual(1e-9);
    // gradient norm 1e-9 at a nondegenerate minimum: loss gap O(1e-18), within rounding of fmin
    expect(Math.abs(r.lossValue - fmin) / fmin).toBeLessThan(1e-13);
  });

  it('a gradient already below polishGradTol takes no iteration', () => {
    const r = solveSync({ ...O, polish: 10, polishGradTol: 1e9 });
    expect([r.polishIterations, r.polishStop]).toEqual([0, 'grad-tol']);
    expect(Array.from(r.u.data)).toEqual(Array.from(solveSync(O).u.data));
  });

  it('at the rounding floor the line search stalls and keeps the last accepted point', () => {
    const r = solveSync({ ...O, steps: 50, polish: 5000, polishGradTol: 0 });
    expect(r.polishStop).toBe('stalled');
    expect(r.polishIterations).toBeLessThan(5000);
    const fmin = ccemMinimum(3, 1, 1);
    expect(Math.abs(r.lossValue - fmin) / fmin).toBeLessThan(1e-13);
    expect(Math.abs(r.gradNorm - riemannianNorm(r, false))).toBeLessThanOrEqual(1e-13);
  });

  it('a locked U stays at its start through the polish; the norm counts V alone', () => {
    const start = solveSync({ ...O, lockU: true, steps: 0 });
    const r = solveSync({ ...O, lockU: true, polish: 4, polishGradTol: 0 });
    expect(Array.from(r.u.data)).toEqual(Array.from(start.u.data));
    expect(Math.abs(r.gradNorm - riemannianNorm(r, true)) / r.gradNorm).toBeLessThanOrEqual(1e-12);
  });

  it('no polish after a divergence', () => {
    const r = solveSync({ n: 3, d: 2, steps: 5, t0: 1e308, polish: 5, ...JS });
    expect(r.stopReason).toBe('diverged');
    expect([r.polishIterations, r.polishStop]).toEqual([0, null]);
  });
});

describe('divergence restores the last finite state', () => {
  it('a run that leaves the model at step s returns the state of step s - 1', () => {
    // trained log t with a huge lr: t = exp(log t0 -+ lr) overflows or underflows after one step
    const o: SolveOptions = { n: 3, d: 2, loss: 'sig', t0: 2, b0: 0.5, lr: 1000, steps: 10, every: 1, ...JS };
    const r = solveSync(o);
    expect(r.stopReason).toBe('diverged');
    const at = solveSync({ ...o, steps: r.steps });
    expect(r.steps).toBeLessThan(10);
    expect(Array.from(r.u.data)).toEqual(Array.from(at.u.data));
    expect([r.t, r.b, r.lossValue]).toEqual([at.t, at.b, at.lossValue]);
    expect(r.trajectory.at(-1)!.step).toBe(r.steps);
    expect(r.trajectory.map((p) => p.step)).toEqual([
      ...Array.from({ length: r.steps + 1 }, (_, i) => i),
      r.steps,
    ]);
  });
});
