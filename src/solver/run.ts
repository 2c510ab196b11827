import { normalizationScale } from '../loss/conventions.js';
import { deriveSeed, Rng } from '../numeric/float/rng.js';
import { randomUnitRows } from '../numeric/float/vectors.js';
import { createBlasKernel, SOLVER_BLAS_MIN_WORK } from './blas-kernel.js';
import { createJsKernel, type PairKernel, type PairOut, pairOut } from './kernel.js';
import { type ResolvedOptions, SolveOptionError } from './options.js';
import { createWasmKernel, wasmFits } from './wasm.js';

/** One sample of the trajectory. */
export interface TrajectoryPoint {
  /** Updates applied so far. */
  readonly step: number;
  readonly loss: number;
  readonly t: number;
  readonly bRel: number;
  /** m* (minimum over the synchronised pairs when k > 2). */
  readonly mStar: number;
  /** b* of the same pair. */
  readonly bStar: number;
}

/**
 * Why the run stopped: budget, loss tolerance, gradient-norm tolerance, a stalled line search, or
 * divergence (a non-finite loss, gradient, t or b; the run ends at its last finite state).
 */
export type StopReason = 'steps' | 'loss-tol' | 'grad-tol' | 'stalled' | 'diverged';

/** The outcome of one start (a plain, structured-cloneable value). */
export interface StartResult {
  readonly start: number;
  /** The seed of this start, deriveSeed(seed, 'start:' + start). */
  readonly seed: number;
  readonly kernel: PairKernel['name'];
  /** The k configurations, each N x d row-major. */
  readonly configs: Float64Array[];
  readonly t: number;
  readonly b: number;
  readonly loss: number;
  /** Riemannian gradient norm at the end (vectors and trained scalars). */
  readonly gradNorm: number;
  /** min_i G_ii and max_{i != j} G_ij over the synchronised pairs (worst pair). */
  readonly minPos: number;
  readonly maxNeg: number;
  /** Adam steps taken, and why Adam stopped. */
  readonly steps: number;
  readonly stopReason: StopReason;
  /** Polish iterations taken, and why the polish stopped (null without polish). */
  readonly polishIterations: number;
  readonly polishStop: StopReason | null;
  readonly trajectory: TrajectoryPoint[];
}

/**
 * Picks the kernel: OpenBLAS when asked, or for 'auto' from {@link SOLVER_BLAS_MIN_WORK} on when it
 * loads; else wasm when asked or available (and the size fits wasm32), else JS.
 */
export function pickKernel(o: ResolvedOptions, threads: 1 | 2 = 1): PairKernel {
  if (o.kernel === 'openblas' || (o.kernel === 'auto' && o.n * o.n * o.d >= SOLVER_BLAS_MIN_WORK)) {
    const k = createBlasKernel();
    if (typeof k !== 'string') return k;
    if (o.kernel === 'openblas') {
      throw new SolveOptionError((name) => `solve: ${name('kernel')} openblas is unavailable: ${k}`);
    }
  }
  if (o.kernel !== 'js' && wasmFits(o.n, o.d)) {
    const k = createWasmKernel(threads);
    if (k !== null) return k;
  }
  if (o.kernel === 'wasm') {
    throw new SolveOptionError(
      (name) =>
        `solve: ${name('kernel')} wasm is unavailable (build/kernel.wasm missing or N = ${o.n}, d = ${o.d} beyond wasm32); run npm run build`,
    );
  }
  return createJsKernel();
}

/** The synchronised pairs: (0, 1) for k = 2; all pairs or the star around modality 0 for k > 2. */
export function syncPairs(k: number, graph: 'complete' | 'star'): [number, number][] {
  const pairs: [number, number][] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) if (graph === 'complete' || a === 0) pairs.push([a, b]);
  }
  return pairs;
}

/** The objective over all pairs at given (t, bias): value, gradients and worst extremes. */
export class Objective {
  readonly pairs: [number, number][];
  readonly out: PairOut = pairOut();
  loss = 0;
  dt = 0;
  db = 0;
  minPos = Infinity;
  maxNeg = -Infinity;
  private readonly scale: number;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly kernel: PairKernel,
  ) {
    this.pairs = syncPairs(o.modalities, o.graph);
    const base = normalizationScale(o.normalization, o.n) * (o.loss === 'infonce' ? o.n : 1);
    this.scale = base / this.pairs.length;
  }

  /**
   * Evaluates at (t, b); grads (zeroed here) receive dL/dX unless null or the modality is locked.
   * Without `wantLoss` the sigmoid kernels skip the loss value (returned as NaN, never used).
   */
  eval(x: Float64Array[], t: number, b: number, grads: Float64Array[] | null, wantLoss = true): number {
    const { n, d } = this.o;
    if (grads !== null) for (const g of grads) g.fill(0);
    let loss = 0;
    let dt = 0;
    let db = 0;
    let margin = Infinity;
    for (const [p, q] of this.pairs) {
      const gu = grads === null || (p === 0 && this.o.lockU) ? null : grads[p]!;
      const gv = grads === null ? null : grads[q]!;
      if (this.o.loss === 'infonce') {
        this.kernel.infonce(x[p]!, x[q]!, n, d, t, this.scale, gu, gv, this.out);
      } else {
        this.kernel.sigmoid(x[p]!, x[q]!, n, d, t, b, this.scale, gu, gv, this.out, wantLoss);
      }
      loss += this.out.loss;
      dt += this.out.dt;
      db += this.out.db;
      // worst pair by margin; ties keep the first
      const m = this.out.minPos - this.out.maxNeg;
      if (m < margin || this.pairs.length === 1) {
        margin = m;
        this.minPos = this.out.minPos;
        this.maxNeg = this.out.maxNeg;
      }
    }
    this.loss = wantLoss || this.o.loss === 'infonce' ? loss : Number.NaN;
    this.dt = dt;
    this.db = db;
    return loss;
  }
}

/** Removes the radial part of each row's gradient: g_i -= <g_i, x_i> x_i; returns sum ||g_i||^2. */
export function projectRows(x: Float64Array, g: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let dot = 0;
    for (let k = 0; k < d; k++) dot += x[o + k]! * g[o + k]!;
    let s = 0;
    for (let k = 0; k < d; k++) {
      const y = g[o + k]! - dot * x[o + k]!;
      g[o + k] = y;
      s += y * y;
    }
    total += s;
  }
  return total;
}

/** Below this a sum of squares may have lost terms to underflow (t0 = 1e-300 gave a norm of 0). */
const NORM2_UNDERFLOW = 2 ** -900;
/** Exact power of two that lifts those terms clear of underflow (each is < 2^-450, so no overflow). */
const NORM_SCALE = 2 ** 600;

/** sqrt of the sum of squares of every entry and scalar, formed at scale NORM_SCALE. */
function scaledNorm(arrays: readonly Float64Array[], scalars: readonly number[]): number {
  let s = 0;
  for (const a of arrays) {
    for (let e = 0; e < a.length; e++) {
      const y = a[e]! * NORM_SCALE;
      s += y * y;
    }
  }
  for (const v of scalars) s += (v * NORM_SCALE) ** 2;
  return Math.sqrt(s) / NORM_SCALE;
}

/** Scales each row to unit norm (the retraction); a zero row (never seen in practice) is left alone. */
export function normalizeInPlace(x: Float64Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += x[o + k]! * x[o + k]!;
    if (!(s > 0)) continue;
    const r = 1 / Math.sqrt(s);
    for (let k = 0; k < d; k++) x[o + k]! *= r;
  }
}

/** Sum of squared projected gradients without touching g (for the raw-Adam stop test). */
function projectedNorm2(x: Float64Array, g: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let dot = 0;
    let gg = 0;
    for (let k = 0; k < d; k++) {
      dot += x[o + k]! * g[o + k]!;
      gg += g[o + k]! * g[o + k]!;
    }
    total += Math.max(0, gg - dot * dot);
  }
  return total;
}

/**
 * One element of torch.optim.Adam (single-tensor CPU path, no weight decay, not amsgrad), in its
 * order of operations: m.lerp_(g, 1 - beta1); v.mul_(beta2).addcmul_(g, g, 1 - beta2);
 * denom = sqrt(v) / sqrt(1 - beta2^s) + eps; p.addcdiv_(m, denom, -lr / (1 - beta1^s)).
 * Updates m[e], v[e] and returns the amount to subtract from the parameter.
 */
export function torchAdamDelta(
  g: number,
  m: Float64Array | number[],
  v: Float64Array | number[],
  e: number,
  lr: number,
  [beta1, beta2, eps]: readonly [number, number, number],
  step: number,
): number {
  const w = 1 - beta1;
  const mo = m[e]!;
  // torch's lerp switches formula at weight 0.5 (both exact at the ends)
  const mi = Math.abs(w) < 0.5 ? mo + w * (g - mo) : g - (g - mo) * (1 - w);
  const vi = v[e]! * beta2 + (1 - beta2) * g * g;
  m[e] = mi;
  v[e] = vi;
  const stepSize = lr / (1 - beta1 ** step);
  const denom = Math.sqrt(vi) / Math.sqrt(1 - beta2 ** step) + eps;
  return (stepSize * mi) / denom;
}

/** Callback for progress: Adam steps done in this start. */
export type StepCallback = (step: number) => void;

/**
 * Runs one start: random unit configurations, Adam (raw with renormalisation, or Riemannian) on the
 * vectors and the trained scalars, then the optional polish. Deterministic for (options, start).
 */
export function runStart(
  o: ResolvedOptions,
  start: number,
  onStep?: StepCallback,
  kernelThreads: 1 | 2 = 1,
): StartResult {
  const kernel = pickKernel(o, kernelThreads);
  try {
    return runWith(o, kernel, start, onStep);
  } finally {
    kernel.dispose?.();
  }
}

function runWith(o: ResolvedOptions, kernel: PairKernel, start: number, onStep?: StepCallback): StartResult {
  const { n, d, modalities: k } = o;
  const seed = deriveSeed(o.seed, `start:${start}`);
  const rng = new Rng(seed);
  const x: Float64Array[] = [];
  for (let l = 0; l < k; l++) x.push(randomUnitRows(n, d, rng.fork(`X${l}`)).data);
  const obj = new Objective(o, kernel);
  const grads = x.map(() => new Float64Array(n * d));
  const m1 = x.map(() => new Float64Array(n * d));
  const m2 = x.map(() => new Float64Array(n * d));
  const trainable = x.map((_, l) => !(l === 0 && o.lockU));
  const relative = o.loss === 'rb-sig';
  let logT = Math.log(o.t0);
  const logT0 = logT;
  let bias = o.bias0;
  const sm1 = [0, 0];
  const sm2 = [0, 0];
  const tOf = (): number => (o.trainT ? Math.exp(logT) : o.t0);
  const bOf = (t: number): number => (o.loss === 'infonce' ? 0 : relative ? t * bias : bias);
  const [beta1, beta2, eps] = o.adam;
  const riemannian = o.optimizer === 'riemannian-adam';
  const torchStep = o.optimizer === 'projected-adam';
  // projected-adam and riemannian-adam both feed Adam the tangent part of the gradient
  const tangent = o.optimizer !== 'adam';
  // Before any update of log t the model's t is t0 itself. The arithmetic uses exp(log t0), as
  // torch does, which can be an ulp off (exp(ln 10) = 10.000000000000002); reports show t0.
  const shownT = (t: number): number => (logT === logT0 ? o.t0 : t);
  const shownB = (b: number): number => (logT === logT0 ? bOf(o.t0) : b);
  const trajectory: TrajectoryPoint[] = [];
  const record = (step: number, tModel: number, bModel: number): void => {
    const t = shownT(tModel);
    const b = shownB(bModel);
    trajectory.push({
      step,
      loss: obj.loss,
      t,
      bRel: b / t,
      mStar: obj.maxNeg === -Infinity ? Infinity : (obj.minPos - obj.maxNeg) / 2,
      bStar: obj.maxNeg === -Infinity ? -Infinity : (obj.minPos + obj.maxNeg) / 2,
    });
  };

  let s = 0;
  let stopReason: StopReason = 'steps';
  let gradNorm = Infinity;
  /** Loss (when wanted) and gradient at (x, t, b); sets gradNorm and returns the scalar parts. */
  const evalGradient = (t: number, b: number, lossWanted: boolean): { gLogT: number; gBias: number } => {
    obj.eval(x, t, b, grads, lossWanted);
    const gLogT = o.loss === 'sig' || o.loss === 'infonce' ? t * obj.dt : t * (obj.dt + bias * obj.db);
    const gBias = relative ? t * obj.db : obj.db;
    let g2 = (o.trainT ? gLogT * gLogT : 0) + (o.trainBias ? gBias * gBias : 0);
    for (let l = 0; l < k; l++) {
      if (!trainable[l]) continue;
      g2 += tangent ? projectRows(x[l]!, grads[l]!, n, d) : projectedNorm2(x[l]!, grads[l]!, n, d);
    }
    gradNorm = Math.sqrt(g2);
    if (g2 < NORM2_UNDERFLOW) {
      // the same norm again at scale: a tiny gradient is not a zero one (the grad-tol stop)
      const rows: Float64Array[] = [];
      for (let l = 0; l < k; l++) {
        if (!trainable[l]) continue;
        if (tangent) rows.push(grads[l]!);
        else {
          const copy = Float64Array.from(grads[l]!);
          projectRows(x[l]!, copy, n, d);
          rows.push(copy);
        }
      }
      gradNorm = scaledNorm(rows, [o.trainT ? gLogT : 0, o.trainBias ? gBias : 0]);
    }
    return { gLogT, gBias };
  };
  // The state before the last update, restored when that update diverges.
  const xPrev = x.map((xl) => new Float64Array(xl.length));
  let logTPrev = logT;
  let biasPrev = bias;
  for (;;) {
    const t = tOf();
    const b = bOf(t);
    // the loss value is only needed when sampled, tested or final: skip its log1p otherwise
    const sampled = s % o.every === 0;
    const lossWanted = sampled || s >= o.steps || o.lossTol > 0;
    const { gLogT, gBias } = evalGradient(t, b, lossWanted);
    // t underflowing to 0 leaves the model (t > 0) as surely as an overflow does
    const finite =
      Number.isFinite(gradNorm) &&
      t > 0 &&
      Number.isFinite(t) &&
      Number.isFinite(b) &&
      !(lossWanted && !Number.isFinite(obj.loss));
    if (!finite) {
      stopReason = 'diverged';
      const restored = s > 0;
      if (restored) {
        for (let l = 0; l < k; l++) x[l]!.set(xPrev[l]!);
        logT = logTPrev;
        bias = biasPrev;
        s--;
      }
      const tLast = tOf();
      const bLast = bOf(tLast);
      // the restored state's own loss and gradient norm (not the diverged step's)
      if (restored) evalGradient(tLast, bLast, true);
      else obj.eval(x, tLast, bLast, null);
      record(s, tLast, bLast);
      break;
    }
    if (sampled) record(s, t, b);
    if (s >= o.steps || obj.loss <= o.lossTol || gradNorm <= o.gradTol) {
      stopReason = s >= o.steps ? 'steps' : obj.loss <= o.lossTol ? 'loss-tol' : 'grad-tol';
      if (Number.isNaN(obj.loss)) obj.eval(x, t, b, null);
      if (!sampled) record(s, t, b);
      break;
    }
    for (let l = 0; l < k; l++) xPrev[l]!.set(x[l]!);
    logTPrev = logT;
    biasPrev = bias;
    s++;
    const lr = o.schedule === 'cosine' ? o.lr * 0.5 * (1 + Math.cos((Math.PI * (s - 1)) / o.steps)) : o.lr;
    const bc1 = 1 - beta1 ** s;
    const bc2 = 1 - beta2 ** s;
    for (let l = 0; l < k; l++) {
      if (!trainable[l]) continue;
      const xl = x[l]!;
      const g = grads[l]!;
      const ma = m1[l]!;
      const va = m2[l]!;
      if (torchStep) {
        for (let e = 0; e < n * d; e++) xl[e]! -= torchAdamDelta(g[e]!, ma, va, e, lr, o.adam, s);
        normalizeInPlace(xl, n, d);
        continue;
      }
      for (let e = 0; e < n * d; e++) {
        const gi = g[e]!;
        const mi = beta1 * ma[e]! + (1 - beta1) * gi;
        const vi = beta2 * va[e]! + (1 - beta2) * gi * gi;
        ma[e] = mi;
        va[e] = vi;
        xl[e]! -= (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
      }
      normalizeInPlace(xl, n, d);
      // vector transport of the first moment by projection onto the new tangent spaces
      if (riemannian) projectRows(xl, ma, n, d);
    }
    const scalar = (idx: number, gi: number): number => {
      if (torchStep) return torchAdamDelta(gi, sm1, sm2, idx, lr, o.adam, s);
      sm1[idx] = beta1 * sm1[idx]! + (1 - beta1) * gi;
      sm2[idx] = beta2 * sm2[idx]! + (1 - beta2) * gi * gi;
      return (lr * (sm1[idx]! / bc1)) / (Math.sqrt(sm2[idx]! / bc2) + eps);
    };
    if (o.trainT) logT -= scalar(0, gLogT);
    if (o.trainBias) bias -= scalar(1, gBias);
    if (onStep !== undefined) onStep(s);
  }

  const t = tOf();
  const b = bOf(t);
  let polishIterations = 0;
  let polishStop: StopReason | null = null;
  if (o.polish > 0 && stopReason !== 'diverged') {
    const p = polish(o, obj, x, trainable, t, b);
    polishIterations = p.iterations;
    polishStop = p.stop;
    gradNorm = p.gradNorm;
    record(s, t, b);
  }
  return {
    start,
    seed,
    kernel: kernel.name,
    configs: x,
    t: shownT(t),
    b: shownB(b),
    loss: obj.loss,
    gradNorm,
    minPos: obj.minPos,
    maxNeg: obj.maxNeg,
    steps: s,
    stopReason,
    polishIterations,
    polishStop,
    trajectory,
  };
}

/** Armijo sufficient-decrease constant and the BB step clamp of the polish. */
const ARMIJO_C = 1e-4;
const STEP_MIN = 1e-14;
const STEP_MAX = 1e6;

/**
 * Polish at fixed (t, b): Riemannian gradient descent on the product of spheres, Barzilai-Borwein
 * step lengths, Armijo backtracking from each trial step, retraction by row normalisation. Leaves
 * `obj` evaluated (with gradient) at the returned configuration. Adam's noise floor (relative gap
 * ~1e-6 at lr 1e-2) is far above what this reaches (rounding level).
 */
function polish(
  o: ResolvedOptions,
  obj: Objective,
  x: Float64Array[],
  trainable: boolean[],
  t: number,
  b: number,
): { iterations: number; stop: StopReason; gradNorm: number } {
  const { n, d } = o;
  const live = x.map((_, l) => l).filter((l) => trainable[l]);
  const g = x.map(() => new Float64Array(n * d));
  const gOld = x.map(() => new Float64Array(n * d));
  const xOld = x.map(() => new Float64Array(n * d));
  const evalGrad = (): number => {
    obj.eval(x, t, b, g);
    let g2 = 0;
    for (const l of live) g2 += projectRows(x[l]!, g[l]!, n, d);
    return g2;
  };
  const normOf = (g2: number): number =>
    g2 < NORM2_UNDERFLOW
      ? scaledNorm(
          live.map((l) => g[l]!),
          [],
        )
      : Math.sqrt(g2);
  let g2 = evalGrad();
  let f = obj.loss;
  let alpha = Math.min(1, 0.1 / Math.sqrt(g2 + 1e-300));
  let it = 0;
  let stop: StopReason = 'steps';
  for (; it < o.polish; it++) {
    if (normOf(g2) <= o.polishGradTol) {
      stop = 'grad-tol';
      break;
    }
    for (const l of live) {
      xOld[l]!.set(x[l]!);
      gOld[l]!.set(g[l]!);
    }
    let accepted = false;
    while (alpha >= STEP_MIN) {
      for (const l of live) {
        const xl = x[l]!;
        const xo = xOld[l]!;
        const go = gOld[l]!;
        for (let e = 0; e < n * d; e++) xl[e] = xo[e]! - alpha * go[e]!;
        normalizeInPlace(xl, n, d);
      }
      const fNew = obj.eval(x, t, b, null);
      if (fNew <= f - ARMIJO_C * alpha * g2) {
        accepted = true;
        break;
      }
      alpha *= 0.5;
    }
    if (!accepted) {
      for (const l of live) x[l]!.set(xOld[l]!);
      g2 = evalGrad();
      stop = 'stalled';
      break;
    }
    g2 = evalGrad();
    f = obj.loss;
    // BB1 step from the ambient differences (transport by projection is implicit in g)
    let ss = 0;
    let sy = 0;
    for (const l of live) {
      const xl = x[l]!;
      const xo = xOld[l]!;
      const gl = g[l]!;
      const go = gOld[l]!;
      for (let e = 0; e < n * d; e++) {
        const se = xl[e]! - xo[e]!;
        ss += se * se;
        sy += se * (gl[e]! - go[e]!);
      }
    }
    alpha = sy > 0 ? Math.min(STEP_MAX, Math.max(STEP_MIN, ss / sy)) : Math.min(STEP_MAX, alpha * 2);
  }
  if (it >= o.polish) stop = 'steps';
  return { iterations: it, stop, gradNorm: normOf(g2) };
}
