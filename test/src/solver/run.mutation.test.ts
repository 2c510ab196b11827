import { describe, expect, it } from 'vitest';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { type SolveOptions, SolveOptionError, solveSync } from '../../../src/solver/index.js';
import { resolveOptions } from '../../../src/solver/options.js';
import { createJsKernel } from '../../../src/solver/kernel.js';
import { Objective, pickKernel, runStart, torchAdamDelta } from '../../../src/solver/run.js';

// run.ts paths the step fixtures and stops.mutation.test.ts do not pin: the polish step by step
// against an independent implementation of its algorithm (loss and gradient from src/loss, plain
// loops), torch's lerp branches in the torch-order Adam, divergence that only the loss or only b
// shows, the loss tolerance on a step that is not sampled, and the kernel choice for sizes beyond
// wasm32.

const JS = { kernel: 'js', threads: 1, kernelThreads: 1 } as const;

describe('torchAdamDelta: the first moment by torch.lerp', () => {
  // ATen's lerp (aten/src/ATen/native/Lerp.h): weight < 0.5 in magnitude ? self + weight * (end - self)
  // : end - (end - self) * (1 - weight). The two forms round differently; each case below is one
  // where they differ, so the branch taken shows in the bits of m.
  const small = (mo: number, g: number, w: number): number => mo + w * (g - mo);
  const large = (mo: number, g: number, w: number): number => g - (g - mo) * (1 - w);
  for (const [beta1, mo, g] of [
    [0.9, 0.1, 0.7],
    [0.9, 0.3, -1.1],
    [0.3, 0.1, 0.7],
    [0.3, 0.1, -1.1],
    [0.5, 0.1, 0.7],
    [0.5, 0.3, -1.1],
  ] as const) {
    it(`beta1 = ${beta1}, m = ${mo}, g = ${g}`, () => {
      const w = 1 - beta1;
      const want = Math.abs(w) < 0.5 ? small(mo, g, w) : large(mo, g, w);
      const other = Math.abs(w) < 0.5 ? large(mo, g, w) : small(mo, g, w);
      expect(want).not.toBe(other);
      const m = [mo];
      const v = [0.25];
      const delta = torchAdamDelta(g, m, v, 0, 0.01, [beta1, 0.999, 1e-8], 3);
      expect(m[0]).toBe(want);
      // torch: v.mul_(beta2).addcmul_(g, g, 1 - beta2); p.addcdiv_(m, sqrt(v) / sqrt(bc2) + eps, -lr / bc1)
      const vi = 0.25 * 0.999 + (1 - 0.999) * g * g;
      expect(v[0]).toBe(vi);
      const bc1 = 1 - beta1 ** 3;
      const bc2 = 1 - 0.999 ** 3;
      expect(delta).toBe(((0.01 / bc1) * want) / (Math.sqrt(vi) / Math.sqrt(bc2) + 1e-8));
    });
  }
});

describe('divergence seen by one quantity only', () => {
  it('lr 1e308 on rb-sig, nothing sampled: the first update leaves the model, the start is returned', () => {
    // b_rel moves by about 1e308 (m-hat / sqrt(v-hat) = 1 at the first step), so b = 10 b_rel overflows,
    // and the vectors' step overflows their norms; not sampled (every = 100): no loss at that step.
    const o: SolveOptions = {
      n: 4,
      d: 3,
      loss: 'rb-sig',
      t0: 10,
      trainT: false,
      lr: 1e308,
      steps: 5,
      every: 100,
    };
    const r = solveSync({ ...o, ...JS, seed: 1 });
    const start = solveSync({ ...o, ...JS, seed: 1, steps: 0 });
    expect([r.steps, r.stopReason]).toEqual([0, 'diverged']);
    expect(Array.from(r.v.data)).toEqual(Array.from(start.v.data));
    expect([r.b, r.lossValue]).toEqual([start.b, start.lossValue]);
  });

  it('a finite b = 1e308 overflows the loss alone: diverged at the first (sampled) step', () => {
    // sig, t fixed at 2: b about 1e308 after one step; each positive pair adds softplus(b - t G) ~ 1e308,
    // so the loss sum is Infinity while every gradient entry is 0 or -c t.
    const o: SolveOptions = { n: 4, d: 3, loss: 'sig', t0: 2, trainT: false, lr: 1e308, steps: 5, every: 1 };
    const r = solveSync({ ...o, ...JS, seed: 1 });
    expect([r.steps, r.stopReason]).toEqual([0, 'diverged']);
    expect(Number.isFinite(r.lossValue)).toBe(true);
    expect(r.trajectory.map((p) => p.step)).toEqual([0, 0]);
  });
  it('the final step is checked by its loss even when it is not sampled', () => {
    // t fixed at 1e-300 keeps the vectors' Adam steps small (gradient << eps) while the bias moves by
    // lr = 1.7e308: b = 1.7e308 after the first step, where every positive pair's softplus(b - t G) is
    // about 1e308 and the loss sum overflows; the gradient stays finite (weights 0 or -c t)
    const o: SolveOptions = { n: 4, d: 3, loss: 'sig', t0: 1e-300, trainT: false, lr: 1.7e308, every: 100 };
    const r = solveSync({ ...o, ...JS, seed: 1, steps: 1 });
    expect([r.steps, r.stopReason]).toEqual([0, 'diverged']);
    expect(Number.isFinite(r.lossValue)).toBe(true);
  });
});

describe('loss tolerance on a step that is not sampled', () => {
  it('every = 100: the loss is still computed for the test and the run stops at the first step below it', () => {
    const O: SolveOptions = { n: 4, d: 3, loss: 'sig', t0: 3, b0: 1, seed: 3, lr: 0.05, ...JS };
    const losses = Array.from({ length: 9 }, (_, s) => solveSync({ ...O, steps: s }).lossValue);
    for (const at of [3, 6]) {
      const first = losses.findIndex((x) => x <= losses[at]!);
      const r = solveSync({ ...O, steps: 8, every: 100, lossTol: losses[at]! });
      expect([r.steps, r.stopReason], `tol = loss at step ${at}`).toEqual([first, 'loss-tol']);
      expect(r.lossValue).toBe(losses[first]);
      expect(r.trajectory.map((p) => p.step)).toEqual([0, first]);
    }
  });
});

describe('pickKernel', () => {
  // built inside each test: options resolved at collection time make every resolveOptions mutant static
  const bigOptions = () => ({ ...resolveOptions({ n: 2, d: 1, ...JS }), n: 2 ** 15 });

  it('beyond wasm32 (N = 2^15: the N x N buffer alone is 8 GiB) auto falls back to JS and wasm is refused', () => {
    const big = bigOptions();
    expect(pickKernel({ ...big, kernel: 'auto' }).name).toBe('js');
    expect(() => pickKernel({ ...big, kernel: 'wasm' })).toThrow(SolveOptionError);
    expect(() => pickKernel({ ...big, kernel: 'wasm' })).toThrow(/wasm is unavailable.*N = 32768, d = 1/);
  });

  it('js is js at any size', () => {
    expect(pickKernel({ ...bigOptions(), n: 4, kernel: 'js' }).name).toBe('js');
  });
});

// ---- the polish, step by step --------------------------------------------------------------

const ARMIJO_C = 1e-4;
const STEP_MIN = 1e-14;
const STEP_MAX = 1e6;

interface RefPolish {
  u: Float64Array;
  v: Float64Array;
  loss: number;
  iterations: number;
  stop: 'steps' | 'grad-tol' | 'stalled';
  gradNorm: number;
  /** How often each branch was taken (so each case shows it exercises them). */
  halvings: number;
  curvatureNonPositive: number;
}

function unitRows(x: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const r = Math.hypot(...x.subarray(i * d, i * d + d));
    for (let k = 0; k < d; k++) x[i * d + k]! /= r;
  }
}

/**
 * The polish as docs/theory and run.ts describe it (Riemannian gradient descent on the spheres, BB1
 * steps clamped to [1e-14, 1e6], doubled when the curvature estimate is not positive, Armijo
 * backtracking by halving, retraction by normalisation), written from that description with the
 * loss and gradient of src/loss (per entry, plain loops).
 */
function referencePolish(
  u0: Matrix,
  v0: Matrix,
  t: number,
  b: number,
  iters: number,
  gradTol: number,
  lockU: boolean,
): RefPolish {
  const n = u0.rows;
  const d = u0.cols;
  const x = [Float64Array.from(u0.data), Float64Array.from(v0.data)];
  const live = lockU ? [1] : [0, 1];
  const mat = (a: Float64Array): Matrix => ({ rows: n, cols: d, data: a });
  const lossAt = (): number => sigmoidLoss(mat(x[0]!), mat(x[1]!), { t, b }).loss;
  const gradAt = (): { f: number; g: Float64Array[]; g2: number } => {
    const r = sigmoidLoss(mat(x[0]!), mat(x[1]!), { t, b, grad: true });
    const g = [Float64Array.from(r.gradU!), Float64Array.from(r.gradV!)];
    let g2 = 0;
    for (const l of live) {
      for (let i = 0; i < n; i++) {
        let dot = 0;
        for (let k = 0; k < d; k++) dot += x[l]![i * d + k]! * g[l]![i * d + k]!;
        for (let k = 0; k < d; k++) {
          g[l]![i * d + k]! -= dot * x[l]![i * d + k]!;
          g2 += g[l]![i * d + k]! ** 2;
        }
      }
    }
    return { f: r.loss, g, g2 };
  };
  let { f, g, g2 } = gradAt();
  let alpha = Math.min(1, 0.1 / Math.sqrt(g2 + 1e-300));
  let halvings = 0;
  let curvatureNonPositive = 0;
  let it = 0;
  let stop: RefPolish['stop'] = 'steps';
  for (; it < iters; it++) {
    if (Math.sqrt(g2) <= gradTol) {
      stop = 'grad-tol';
      break;
    }
    const xOld = x.map((a) => Float64Array.from(a));
    const gOld = g;
    let accepted = false;
    for (; alpha >= STEP_MIN; alpha /= 2, halvings++) {
      for (const l of live) {
        for (let e = 0; e < n * d; e++) x[l]![e] = xOld[l]![e]! - alpha * gOld[l]![e]!;
        unitRows(x[l]!, n, d);
      }
      if (lossAt() <= f - ARMIJO_C * alpha * g2) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      for (const l of live) x[l]!.set(xOld[l]!);
      ({ g2 } = gradAt());
      stop = 'stalled';
      break;
    }
    ({ f, g, g2 } = gradAt());
    let ss = 0;
    let sy = 0;
    for (const l of live) {
      for (let e = 0; e < n * d; e++) {
        const s = x[l]![e]! - xOld[l]![e]!;
        ss += s * s;
        sy += s * (g[l]![e]! - gOld[l]![e]!);
      }
    }
    if (sy > 0) alpha = Math.min(STEP_MAX, Math.max(STEP_MIN, ss / sy));
    else {
      curvatureNonPositive++;
      alpha = Math.min(STEP_MAX, 2 * alpha);
    }
  }
  return {
    u: x[0]!,
    v: x[1]!,
    loss: lossAt(),
    iterations: it,
    stop,
    gradNorm: Math.sqrt(g2),
    halvings,
    curvatureNonPositive,
  };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(m) ? Infinity : m;
}

describe('polish against an independent implementation of its algorithm', () => {
  // Starts: a random start (steps 0, far from a minimum: backtracking and negative curvature) and a
  // start after 10 Adam steps. The two routes differ by rounding in the gradient (~1e-16 relative),
  // which BB step lengths pass on unamplified over a few iterations: 1e-10 on unit coordinates.
  // A changed constant, comparison or step rule moves the configurations by >= 1e-4.
  const TOL = 1e-10;
  const CASES: [string, SolveOptions, number][] = [
    ['random start, t = 5, b = 2', { n: 4, d: 3, t0: 5, b0: 2, steps: 0, seed: 11 }, 12],
    [
      'random start, t = 8, b = -1, locked U',
      { n: 5, d: 2, t0: 8, b0: -1, steps: 0, seed: 12, lockU: true },
      10,
    ],
    ['after 10 Adam steps, t = 3, b = 1', { n: 4, d: 4, t0: 3, b0: 1, steps: 10, seed: 13 }, 8],
  ];
  const totals = { halvings: 0, curvatureNonPositive: 0 };

  it.each(CASES)('%s', (_name, c, iters) => {
    const base = {
      ...c,
      loss: 'sig',
      trainT: false,
      trainBias: false,
      optimizer: 'riemannian-adam',
      ...JS,
    } as const;
    const start = solveSync(base);
    for (const k of [1, 2, iters]) {
      const r = solveSync({ ...base, polish: k, polishGradTol: 0 });
      const ref = referencePolish(start.u, start.v, start.t, start.b, k, 0, c.lockU === true);
      const where = `${k} iterations`;
      expect([r.polishIterations, r.polishStop], where).toEqual([ref.iterations, ref.stop]);
      expect(maxDiff(r.u.data, ref.u), where).toBeLessThanOrEqual(TOL);
      expect(maxDiff(r.v.data, ref.v), where).toBeLessThanOrEqual(TOL);
      expect(Math.abs(r.lossValue - ref.loss) / ref.loss, where).toBeLessThanOrEqual(TOL);
      expect(Math.abs(r.gradNorm - ref.gradNorm) / ref.gradNorm, where).toBeLessThanOrEqual(1e-6);
      if (k === iters) {
        totals.halvings += ref.halvings;
        totals.curvatureNonPositive += ref.curvatureNonPositive;
      }
    }
  });

  it('the cases above backtracked and met non-positive curvature', () => {
    expect(totals.halvings).toBeGreaterThan(0);
    expect(totals.curvatureNonPositive).toBeGreaterThan(0);
  });

  it('polishGradTol is inclusive: a tolerance equal to the start gradient norm takes no iteration', () => {
    // riemannian-adam reports the tangent norm of the same evaluation the polish starts from
    const base = { n: 4, d: 3, t0: 5, b0: 2, steps: 3, seed: 11, trainT: false, trainBias: false } as const;
    const o = { ...base, loss: 'sig', optimizer: 'riemannian-adam', ...JS } as const;
    const adam = solveSync(o);
    const at = solveSync({ ...o, polish: 5, polishGradTol: adam.gradNorm });
    expect([at.polishIterations, at.polishStop]).toEqual([0, 'grad-tol']);
    const below = solveSync({ ...o, polish: 5, polishGradTol: adam.gradNorm * (1 - 1e-12) });
    expect(below.polishIterations).toBeGreaterThan(0);
  });

  it('a run without polish reports polishStop null and zero iterations', () => {
    const r = runStart(resolveOptions({ n: 3, d: 2, steps: 2, polish: 0, ...JS }), 0);
    expect([r.polishIterations, r.polishStop]).toEqual([0, null]);
  });
});

describe('Objective: the worst pair', () => {
  it('ties in the margin keep the first pair (k = 3, three pairs of margin exactly 1)', () => {
    const o = resolveOptions({ n: 2, d: 2, modalities: 3, graph: 'complete', loss: 'sig', ...JS });
    const obj = new Objective(o, createJsKernel());
    // pair (0, 1): G = I (min diagonal 1, max off-diagonal 0); pairs (0, 2) and (1, 2): diagonal
    // 0.8, 0.98 and off-diagonal -0.2, -0.6, so min 0.8 and max -0.2: every margin is 1 exactly
    const x = [
      new Float64Array([1, 0, 0, 1]),
      new Float64Array([1, 0, 0, 1]),
      new Float64Array([0.8, -0.6, -0.2, 0.98]),
    ];
    obj.eval(x, 2, 0, null);
    expect([obj.minPos, obj.maxNeg]).toEqual([1, 0]);
    // the same with the identity pair last: the (0, 2) pair comes first now
    obj.eval([x[2]!, x[2]!, x[0]!], 2, 0, null);
    expect([obj.minPos, obj.maxNeg]).toEqual([0.8, -0.2]);
  });
});

describe('Objective: the loss when not wanted', () => {
  it('InfoNCE keeps its loss (computed anyway); the sigmoid losses report NaN', () => {
    const x = [new Float64Array([1, 0, 0.6, 0.8]), new Float64Array([0.8, 0.6, 0, 1])];
    const grads = [new Float64Array(4), new Float64Array(4)];
    const nce = new Objective(resolveOptions({ n: 2, d: 2, loss: 'infonce', ...JS }), createJsKernel());
    const want = nce.eval(x, 3, 0, grads, true);
    expect(nce.eval(x, 3, 0, grads, false)).toBe(want);
    expect(nce.loss).toBe(want);
    const sig = new Objective(resolveOptions({ n: 2, d: 2, loss: 'sig', ...JS }), createJsKernel());
    sig.eval(x, 3, 0, grads, false);
    expect(sig.loss).toBeNaN();
  });
});

describe('the scalar Adam steps of each optimizer, bit for bit', () => {
  // Three steps on log t from the exact gradients the solver sees (Objective at each step's state).
  // adam and riemannian-adam: Kingma and Ba's Algorithm 1 as written (m = beta1 m + (1 - beta1) g,
  // v likewise, lr * m-hat / (sqrt(v-hat) + eps)); projected-adam: torch.optim.Adam's order (m by
  // lerp, (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)). The two orders round differently; the seeds
  // below include cases where that shows in t.
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  const lr = 0.05;
  type Step = (g: number, st: { m: number; v: number }, s: number) => number;
  const kingmaBa: Step = (g, st, s) => {
    st.m = beta1 * st.m + (1 - beta1) * g;
    st.v = beta2 * st.v + (1 - beta2) * g * g;
    return (lr * (st.m / (1 - beta1 ** s))) / (Math.sqrt(st.v / (1 - beta2 ** s)) + eps);
  };
  const torch: Step = (g, st, s) => {
    st.m = st.m + (1 - beta1) * (g - st.m);
    st.v = st.v * beta2 + (1 - beta2) * g * g;
    return ((lr / (1 - beta1 ** s)) * st.m) / (Math.sqrt(st.v) / Math.sqrt(1 - beta2 ** s) + eps);
  };
  let differ = 0;
  for (const optimizer of ['adam', 'riemannian-adam', 'projected-adam'] as const) {
    it(optimizer, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const o = resolveOptions({
          n: 4,
          d: 3,
          loss: 'sig',
          t0: 3,
          b0: 0.5,
          trainBias: false,
          lr,
          adam: [beta1, beta2, eps],
          seed,
          optimizer,
          ...JS,
        });
        const obj = new Objective(o, createJsKernel());
        const logT = { want: Math.log(3), other: Math.log(3) };
        const st = { want: { m: 0, v: 0 }, other: { m: 0, v: 0 } };
        const [stepWant, stepOther] = optimizer === 'projected-adam' ? [torch, kingmaBa] : [kingmaBa, torch];
        for (let s = 1; s <= 3; s++) {
          const before = runStart({ ...o, steps: s - 1 }, 0);
          // the steps use exp(log t); before the first, the reported t is t0 itself
          const tUsed = Math.exp(logT.want);
          expect(before.t).toBe(s === 1 ? 3 : tUsed);
          obj.eval(
            before.configs,
            tUsed,
            0.5,
            before.configs.map((c) => new Float64Array(c.length)),
          );
          const g = tUsed * obj.dt;
          logT.want -= stepWant(g, st.want, s);
          logT.other -= stepOther(g, st.other, s);
        }
        const r = runStart({ ...o, steps: 3 }, 0);
        expect(r.t, `seed ${seed}`).toBe(Math.exp(logT.want));
        if (Math.exp(logT.other) !== r.t) differ++;
      }
    });
  }
  it('the two orders gave different t in some of the cases above', () => {
    expect(differ).toBeGreaterThan(0);
  });
});
