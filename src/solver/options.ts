import { availableParallelism } from 'node:os';
import { requireAllocatable, UsageError } from '../errors.js';
import type { Normalization } from '../loss/conventions.js';
import { loadBlas } from '../numeric/blas.js';
import { wasmAvailable, wasmFits } from './wasm.js';

/** The loss the solver minimises. `sig` trains (log t, b), `rb-sig` trains (log t, b_rel). */
export type SolverLoss = 'sig' | 'rb-sig' | 'infonce';

/**
 * How the vectors are updated (each keeps U, V on the sphere by renormalising after the step):
 * - `adam`: Adam on the raw Euclidean gradient.
 * - `projected-adam`: the gradient projected onto the tangent space of the sphere, then plain
 *   torch.optim.Adam, no moment transport (BBNP25 code: its loss normalises its inputs).
 * - `riemannian-adam`: projected gradient, and the first moment transported by projection.
 */
export type SolverOptimizer = 'adam' | 'projected-adam' | 'riemannian-adam';

/** The update rules, in help order. */
export const SOLVER_OPTIMIZERS: readonly SolverOptimizer[] = ['adam', 'projected-adam', 'riemannian-adam'];

/** Which pairs of modalities enter the averaged loss when k > 2. */
export type SyncGraph = 'complete' | 'star';

/** Learning-rate schedule over the step budget. */
export type Schedule = 'constant' | 'cosine';

/** Which pairwise kernel evaluates loss and gradient. */
export type KernelChoice = 'auto' | 'openblas' | 'wasm' | 'js';

/**
 * Options of {@link solve}. Every option has a documented default, filled in one place
 * (`resolveOptions`), which also validates them and throws a {@link UsageError} naming the option.
 */
export interface SolveOptions {
  /** Number of pairs N (>= 1). */
  readonly n: number;
  /** Dimension d (>= 1). */
  readonly d: number;
  /**
   * The loss. For `infonce` t is the inverse temperature 1/tau (logits t G); there is no bias.
   * @defaultValue 'rb-sig'
   */
  readonly loss?: SolverLoss;
  /** Initial inverse temperature t > 0. @defaultValue 10 (the BBNP25 protocol) */
  readonly t0?: number;
  /** Initial absolute bias b (z = t G - b). Give at most one of `b0`, `bRel0`. @defaultValue 0 */
  readonly b0?: number;
  /** Initial relative bias b_rel = b / t. Give at most one of `b0`, `bRel0`. @defaultValue 0 */
  readonly bRel0?: number;
  /** Train log t. @defaultValue true for sig and rb-sig, false for infonce */
  readonly trainT?: boolean;
  /**
   * Train the bias in the loss's own coordinate (b for sig, b_rel for rb-sig; fixed otherwise).
   * Not allowed for infonce. @defaultValue true for sig and rb-sig
   */
  readonly trainBias?: boolean;
  /** Freeze the first modality (U) at its random start. @defaultValue false */
  readonly lockU?: boolean;
  /** Number of modalities k >= 2; k > 2 averages the pairwise losses over `graph`. @defaultValue 2 */
  readonly modalities?: number;
  /** Pairs used when k > 2: all pairs, or modality 1 against each other. @defaultValue 'complete' */
  readonly graph?: SyncGraph;
  /** Loss normalisation (argmins do not depend on it). @defaultValue 'per-anchor' */
  readonly normalization?: Normalization;
  /** Step budget of the Adam phase (>= 0). @defaultValue 10000 */
  readonly steps?: number;
  /** Adam learning rate (> 0). @defaultValue 0.01 */
  readonly lr?: number;
  /** Adam beta1, beta2, eps (PyTorch defaults). @defaultValue [0.9, 0.999, 1e-8] */
  readonly adam?: readonly [number, number, number];
  /** @defaultValue 'adam' (raw gradient, vectors renormalised after each step) */
  readonly optimizer?: SolverOptimizer;
  /** @defaultValue 'constant' */
  readonly schedule?: Schedule;
  /** Seed; start k is seeded by deriveSeed(seed, 'start:' + k). @defaultValue 0 */
  readonly seed?: number;
  /** Independent random starts; the lowest final loss wins (ties: lowest index). @defaultValue 1 */
  readonly starts?: number;
  /** Stop when the loss is <= this. @defaultValue 0 (off) */
  readonly lossTol?: number;
  /** Stop when the Riemannian gradient norm (vectors and trained scalars) is <= this. @defaultValue 0 (off) */
  readonly gradTol?: number;
  /**
   * Iteration budget of the polish phase after Adam: Riemannian gradient descent with
   * Barzilai-Borwein steps and Armijo backtracking at the final, fixed (t, b). @defaultValue 0 (off)
   */
  readonly polish?: number;
  /** Gradient-norm stop of the polish phase. @defaultValue 1e-12 */
  readonly polishGradTol?: number;
  /** Sample the trajectory every K steps (and at the end); 0 means about 100 samples. @defaultValue 0 */
  readonly every?: number;
  /** @defaultValue 'auto' (OpenBLAS from N^2 d = 2^32 on when it loads, else WebAssembly SIMD when build/kernel.wasm loads, else plain JS); 'openblas' at any size */
  readonly kernel?: KernelChoice;
  /** Worker threads for multi-start (1 = in-thread). @defaultValue min(starts, 2) */
  readonly threads?: number;
  /**
   * Threads inside one wasm kernel call for starts run in this thread (rows split; bit-identical
   * to 1). Workers of a multi-start always use 1. @defaultValue 2 when 2 CPUs are available
   */
  readonly kernelThreads?: 1 | 2;
}

/** {@link SolveOptions} with every default filled in and validated. */
export interface ResolvedOptions {
  readonly n: number;
  readonly d: number;
  readonly loss: SolverLoss;
  readonly t0: number;
  /** Initial bias in the loss's coordinate: b for sig, b_rel for rb-sig, 0 for infonce. */
  readonly bias0: number;
  readonly trainT: boolean;
  readonly trainBias: boolean;
  readonly lockU: boolean;
  readonly modalities: number;
  readonly graph: SyncGraph;
  readonly normalization: Normalization;
  readonly steps: number;
  readonly lr: number;
  readonly adam: readonly [number, number, number];
  readonly optimizer: SolverOptimizer;
  readonly schedule: Schedule;
  readonly seed: number;
  readonly starts: number;
  readonly lossTol: number;
  readonly gradTol: number;
  readonly polish: number;
  readonly polishGradTol: number;
  readonly every: number;
  readonly kernel: KernelChoice;
  readonly threads: number;
  readonly kernelThreads: 1 | 2;
}

const WHERE = 'solve';

/** An option's name in a message: the solver says `lossTol`, the CLI maps it to `--loss-tol`. */
export type OptionNamer = (option: string) => string;

/**
 * A bad solver option. The message names options as {@link SolveOptions} spells them; `render`
 * rebuilds it with other names (the CLI's flags) without parsing the text.
 */
export class SolveOptionError extends UsageError {
  constructor(readonly render: (name: OptionNamer) => string) {
    super(render((option) => option));
  }
}

function fail(render: (name: OptionNamer) => string): never {
  throw new SolveOptionError(render);
}

function num(x: unknown, option: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    fail((name) => `${WHERE}: ${name(option)} must be a finite number, got ${String(x)}`);
  }
  return x;
}

function positive(x: unknown, option: string): number {
  const v = num(x, option);
  if (!(v > 0)) fail((name) => `${WHERE}: ${name(option)} must be > 0, got ${v}`);
  return v;
}

function nonNegative(x: unknown, option: string): number {
  const v = num(x, option);
  if (!(v >= 0)) fail((name) => `${WHERE}: ${name(option)} must be >= 0, got ${v}`);
  return v;
}

function integer(x: unknown, min: number, max: number, option: string): number {
  const v = num(x, option);
  if (!Number.isInteger(v) || v < min || v > max) {
    fail((name) => `${WHERE}: ${name(option)} must be an integer in [${min}, ${max}], got ${v}`);
  }
  return v;
}

function oneOf<T extends string>(x: unknown, allowed: readonly T[], option: string): T {
  if (typeof x === 'string' && (allowed as readonly string[]).includes(x)) return x as T;
  fail((name) => `${WHERE}: ${name(option)} must be one of ${allowed.join(', ')}, got '${String(x)}'`);
}

/**
 * The defaults of {@link SolveOptions}, in one object: {@link resolveOptions} fills them and the
 * CLI shows them. `trainT`, `trainBias`, `threads` and `kernelThreads` depend on other options.
 */
export const SOLVE_DEFAULTS = {
  loss: 'rb-sig',
  t0: 10,
  lockU: false,
  modalities: 2,
  graph: 'complete',
  normalization: 'per-anchor',
  steps: 10_000,
  lr: 1e-2,
  adam: [0.9, 0.999, 1e-8],
  optimizer: 'adam',
  schedule: 'constant',
  seed: 0,
  starts: 1,
  lossTol: 0,
  gradTol: 0,
  polish: 0,
  polishGradTol: 1e-12,
  every: 0,
  kernel: 'auto',
} as const satisfies Omit<
  Required<SolveOptions>,
  'n' | 'd' | 'b0' | 'bRel0' | 'trainT' | 'trainBias' | 'threads' | 'kernelThreads'
>;

/** Largest N, d, k, steps accepted (beyond them the run could not finish or index overflows). */
const MAX_N = 2 ** 24;
const MAX_STEPS = 2 ** 40;

/**
 * Fills the defaults of {@link SolveOptions} and validates them: one place, one error line naming
 * the option and its value. Also refuses sizes whose buffers would not fit in memory.
 */
export function resolveOptions(o: SolveOptions): ResolvedOptions {
  const D = SOLVE_DEFAULTS;
  // one pair has no negatives: no contrastive loss, no margin
  const n = integer(o.n, 2, MAX_N, 'n');
  const d = integer(o.d, 1, MAX_N, 'd');
  const loss = oneOf(o.loss ?? D.loss, ['sig', 'rb-sig', 'infonce'] as const, 'loss');
  const t0 = positive(o.t0 ?? D.t0, 't0');
  if (o.b0 !== undefined && o.bRel0 !== undefined) {
    const [b0, bRel0] = [o.b0, o.bRel0];
    fail(
      (name) =>
        `${WHERE}: give at most one of ${name('b0')} and ${name('bRel0')}, got ${name('b0')} = ${b0}, ${name('bRel0')} = ${bRel0}`,
    );
  }
  const b0 = o.b0 === undefined ? undefined : num(o.b0, 'b0');
  const bRel0 = o.bRel0 === undefined ? undefined : num(o.bRel0, 'bRel0');
  let bias0 = 0;
  if (loss === 'sig') bias0 = b0 ?? t0 * (bRel0 ?? 0);
  else if (loss === 'rb-sig') bias0 = bRel0 ?? (b0 ?? 0) / t0;
  else if (b0 !== undefined || bRel0 !== undefined) {
    fail((name) => `${WHERE}: infonce has no bias, got ${name('b0')} = ${b0}, ${name('bRel0')} = ${bRel0}`);
  }
  const trainT = o.trainT ?? loss !== 'infonce';
  const trainBias = o.trainBias ?? loss !== 'infonce';
  if (loss === 'infonce' && trainBias) throw new UsageError(`${WHERE}: infonce has no bias to train`);
  const modalities = integer(o.modalities ?? D.modalities, 2, 1024, 'modalities');
  const graph = oneOf(o.graph ?? D.graph, ['complete', 'star'] as const, 'graph');
  const normalization = oneOf(
    o.normalization ?? D.normalization,
    ['sum', 'per-anchor', 'mean'] as const,
    'normalization',
  );
  const steps = integer(o.steps ?? D.steps, 0, MAX_STEPS, 'steps');
  const lr = positive(o.lr ?? D.lr, 'lr');
  const adam = o.adam ?? D.adam;
  const [b1, b2, eps] = adam;
  if (!(num(b1, 'adam beta1') >= 0 && b1 < 1) || !(num(b2, 'adam beta2') >= 0 && b2 < 1)) {
    throw new UsageError(`${WHERE}: adam betas must be in [0, 1), got ${b1}, ${b2}`);
  }
  positive(eps, 'adam eps');
  const optimizer = oneOf(o.optimizer ?? D.optimizer, SOLVER_OPTIMIZERS, 'optimizer');
  const schedule = oneOf(o.schedule ?? D.schedule, ['constant', 'cosine'] as const, 'schedule');
  const seed = integer(o.seed ?? D.seed, -(2 ** 31), 2 ** 31 - 1, 'seed');
  const starts = integer(o.starts ?? D.starts, 1, 4096, 'starts');
  const lossTol = nonNegative(o.lossTol ?? D.lossTol, 'lossTol');
  const gradTol = nonNegative(o.gradTol ?? D.gradTol, 'gradTol');
  const polish = integer(o.polish ?? D.polish, 0, MAX_STEPS, 'polish');
  const polishGradTol = nonNegative(o.polishGradTol ?? D.polishGradTol, 'polishGradTol');
  if (o.kernelThreads !== undefined && o.kernelThreads !== 1 && o.kernelThreads !== 2) {
    const k = o.kernelThreads;
    fail((name) => `${WHERE}: ${name('kernelThreads')} must be 1 or 2, got ${String(k)}`);
  }
  const every = integer(o.every ?? D.every, 0, MAX_STEPS, 'every');
  const kernel = oneOf(o.kernel ?? D.kernel, ['auto', 'openblas', 'wasm', 'js'] as const, 'kernel');
  if (kernel === 'openblas') {
    const status = loadBlas();
    if (!status.ok) fail((name) => `${WHERE}: ${name('kernel')} openblas is unavailable: ${status.reason}`);
  }
  if (kernel === 'wasm' && !(wasmAvailable() && wasmFits(n, d))) {
    fail(
      (name) =>
        `${WHERE}: ${name('kernel')} wasm is unavailable (build/kernel.wasm missing, or N = ${n}, d = ${d} beyond wasm32); run npm run build`,
    );
  }
  const threads = integer(o.threads ?? Math.min(starts, 2), 1, 64, 'threads');
  // Per start: k configurations with Adam moments and gradients (5 N d each), one N x N buffer
  // (padded to even sizes for the wasm kernel), plus transposes. Refuse before allocating.
  const np = n + (n & 1);
  const dp = d + (d & 1);
  const perStart = 6 * modalities * np * dp + np * np;
  requireAllocatable(np * np, WHERE, `N = ${n} (the N x N buffer)`);
  requireAllocatable(perStart * Math.min(threads, starts), WHERE, `N = ${n}, d = ${d}, k = ${modalities}`);
  return {
    n,
    d,
    loss,
    t0,
    bias0,
    trainT,
    trainBias,
    lockU: o.lockU ?? D.lockU,
    modalities,
    graph,
    normalization,
    steps,
    lr,
    adam: [b1, b2, eps],
    optimizer,
    schedule,
    seed,
    starts,
    lossTol,
    gradTol,
    polish,
    polishGradTol,
    every: every === 0 ? Math.max(1, Math.ceil(steps / 100)) : every,
    kernel,
    threads: Math.min(threads, starts),
    kernelThreads: o.kernelThreads ?? (availableParallelism() >= 2 ? 2 : 1),
  };
}
