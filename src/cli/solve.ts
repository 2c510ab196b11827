import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { requireMemory } from '../io/limits.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { resolveOptions, type SolveOptions, type SolveResult, solve } from '../solver/index.js';
import { toRows } from '../numeric/float/vectors.js';
import { parseNumber } from './args.js';

const WHERE = 'solve';

/** Raw commander options of `sigcheck solve` (strings until checked here). */
interface RawSolveFlags {
  N?: string;
  d?: string;
  loss: string;
  t0?: string;
  b0?: string;
  bRel0?: string;
  train?: string;
  lock?: string;
  modalities: string;
  graph: string;
  normalization: string;
  steps: string;
  lr: string;
  optimizer: string;
  schedule: string;
  seed: string;
  starts: string;
  threads?: string;
  kernelThreads?: string;
  lossTol: string;
  gradTol: string;
  polish: string;
  polishGradTol: string;
  every: string;
  kernel: string;
  out?: string;
  format: string;
}

function number(s: string | undefined, flag: string): number | undefined {
  return s === undefined ? undefined : parseNumber(`--${flag}`, s);
}

/** `--train t,b | t,b-rel | t | b | b-rel | none`: which of log t and the bias are trained. */
function parseTrain(s: string | undefined, loss: string): { trainT?: boolean; trainBias?: boolean } {
  if (s === undefined) return {};
  const items = s === 'none' ? [] : s.split(',').map((x) => x.trim());
  let trainT = false;
  let trainBias = false;
  for (const it of items) {
    if (it === 't') trainT = true;
    else if (it === 'b' || it === 'b-rel') {
      const own = loss === 'sig' ? 'b' : loss === 'rb-sig' ? 'b-rel' : null;
      if (it !== own) {
        throw new UsageError(
          `${WHERE}: --train ${s}: --loss ${loss} ${own === null ? 'has no bias' : `trains ${own}, not ${it} (sig trains b, rb-sig trains b-rel)`}`,
        );
      }
      trainBias = true;
    } else throw new UsageError(`${WHERE}: --train must list t, b or b-rel (or be none), got '${s}'`);
  }
  return { trainT, trainBias };
}

/** The CLI flags as {@link SolveOptions}; the solver validates values. */
export function solveOptionsFromFlags(f: RawSolveFlags): SolveOptions {
  if (f.N === undefined) throw new UsageError(`${WHERE}: --N is required`);
  if (f.d === undefined) throw new UsageError(`${WHERE}: --d is required`);
  if (f.lock !== undefined && f.lock !== 'u')
    throw new UsageError(`${WHERE}: --lock takes u, got '${f.lock}'`);
  if (f.format !== 'table' && f.format !== 'json') {
    throw new UsageError(`${WHERE}: --format must be table or json, got '${f.format}'`);
  }
  const opt = (name: string, v: number | undefined): Record<string, number> =>
    v === undefined ? {} : { [name]: v };
  return {
    n: number(f.N, 'N')!,
    d: number(f.d, 'd')!,
    loss: f.loss as SolveOptions['loss'] & string,
    ...opt('t0', number(f.t0, 't0')),
    ...opt('b0', number(f.b0, 'b0')),
    ...opt('bRel0', number(f.bRel0, 'b-rel0')),
    ...parseTrain(f.train, f.loss),
    lockU: f.lock === 'u',
    modalities: number(f.modalities, 'modalities')!,
    graph: f.graph as 'complete',
    normalization: f.normalization as 'per-anchor',
    steps: number(f.steps, 'steps')!,
    lr: number(f.lr, 'lr')!,
    optimizer: f.optimizer as 'adam',
    schedule: f.schedule as 'constant',
    seed: number(f.seed, 'seed')!,
    starts: number(f.starts, 'starts')!,
    ...opt('threads', number(f.threads, 'threads')),
    ...(f.kernelThreads === undefined
      ? {}
      : { kernelThreads: number(f.kernelThreads, 'kernel-threads') as 1 | 2 }),
    lossTol: number(f.lossTol, 'loss-tol')!,
    gradTol: number(f.gradTol, 'grad-tol')!,
    polish: number(f.polish, 'polish')!,
    polishGradTol: number(f.polishGradTol, 'polish-grad-tol')!,
    every: number(f.every, 'every')!,
    kernel: f.kernel as 'auto',
  };
}

/**
 * The JSON document of a run: `{ seed, N, d, steps, U, V, t, b, bRel, loss, margin, bStar, xi,
 * trajectory, ... }` (loss in the chosen normalisation, per-anchor by default). `sigcheck loss
 * --config` reads its U and V. Nothing run-dependent (times, paths) goes in, so it is byte-stable.
 */
export function solveDocument(r: SolveResult, o: SolveOptions): Record<string, unknown> {
  return {
    seed: r.seed,
    N: r.n,
    d: r.d,
    steps: r.steps,
    U: toRows(r.u),
    V: toRows(r.v),
    t: r.t,
    b: r.b,
    bRel: r.bRel,
    loss: r.lossValue,
    lossHp: r.lossHp,
    margin: r.mStar,
    bStar: r.bStar,
    xi: r.xi,
    trajectory: r.trajectory,
    lossFunction: r.loss,
    normalization: o.normalization ?? 'per-anchor',
    modalities: r.configs.length,
    ...(r.configs.length > 2 ? { configs: r.configs.map(toRows) } : {}),
    gradNorm: r.gradNorm,
    stopReason: r.stopReason,
    polishIterations: r.polishIterations,
    polishStop: r.polishStop,
    bestStart: r.bestStart,
    startLosses: r.startLosses,
    kernel: r.kernel,
  };
}

function table(r: SolveResult): string {
  const f = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : String(x));
  return renderTable(
    ['quantity', 'value'],
    [
      ['N, d, k', `${r.n}, ${r.d}, ${r.configs.length}`],
      ['loss function', r.loss],
      ['steps (stop)', `${r.steps} (${r.stopReason})`],
      ...(r.polishStop === null
        ? []
        : [['polish iterations (stop)', `${r.polishIterations} (${r.polishStop})`]]),
      ['loss', r.lossValue.toExponential(10)],
      ...(r.lossHp === null ? [] : [['loss (decimal.js)', r.lossHp]]),
      ['gradient norm', r.gradNorm.toExponential(3)],
      ['t', f(r.t)],
      ['b', f(r.b)],
      ['b_rel', f(r.bRel)],
      ['margin m*', f(r.mStar)],
      ['b*', f(r.bStar)],
      ['xi', f(r.xi)],
      ['best start', `${r.bestStart} of ${r.startLosses.length}`],
      ['kernel', r.kernel],
    ],
  );
}

/** Most trajectory samples a run keeps (each is a JSON object; 5e6 of them exceed V8's string limit). */
export const MAX_TRAJECTORY_SAMPLES = 200_000;

/**
 * Checks, before the solver allocates, that the run fits in memory and its trajectory within
 * {@link MAX_TRAJECTORY_SAMPLES}. Footprint per concurrent start: k configurations with Adam
 * moments, gradients and the saved previous state (6 N d each, rows padded to even sizes for the
 * wasm kernel) and one N x N buffer.
 */
export function checkSolveResources(o: SolveOptions): void {
  const n = o.n;
  const d = o.d;
  const k = o.modalities ?? 2;
  const starts = o.starts ?? 1;
  const steps = o.steps ?? 10_000;
  const every = o.every ?? 0;
  if (every > 0 && Number.isInteger(steps) && Number.isInteger(every)) {
    const samples = Math.floor(steps / every) + 2;
    if (samples > MAX_TRAJECTORY_SAMPLES) {
      throw new UsageError(
        `${WHERE}: --every ${every} with --steps ${steps} keeps ${samples} trajectory samples, more than ${MAX_TRAJECTORY_SAMPLES}; use --every ${Math.ceil(steps / (MAX_TRAJECTORY_SAMPLES - 2))} or more`,
      );
    }
  }
  if (!(Number.isInteger(n) && Number.isInteger(d) && n > 0 && d > 0 && Number.isInteger(k) && k > 0)) return;
  const np = n + (n & 1);
  const dp = d + (d & 1);
  const threads = Math.min(o.threads ?? Math.min(starts, 2), starts);
  const bytes = 8 * (7 * k * np * dp + np * np) * Math.max(1, threads);
  requireMemory(bytes, WHERE, `N = ${n}, d = ${d}, k = ${k}${threads > 1 ? ` on ${threads} threads` : ''}`);
}

/** Work above which a progress bar is worth drawing (flops, about 2 s). */
const LONG_RUN_FLOPS = 1e10;

/** Registers `sigcheck solve` on the program. */
export function register(program: Command): void {
  program
    .command('solve')
    .description('optimise N pairs of unit vectors in R^d under L_Sig, L_RB-Sig or InfoNCE (BBNP25 protocol)')
    .option('--N <n>', 'number of pairs')
    .option('--d <d>', 'dimension')
    .option('--loss <loss>', 'sig | rb-sig | infonce', 'rb-sig')
    .option('--t0 <t>', 'initial inverse temperature t (InfoNCE: 1/tau)', '10')
    .option('--b0 <b>', 'initial absolute bias b (z = t G - b)')
    .option('--b-rel0 <r>', 'initial relative bias b_rel = b / t')
    .option(
      '--train <list>',
      't,b | t,b-rel | t | b | b-rel | none (default: t and the loss bias; none for infonce)',
    )
    .option('--lock <side>', 'u: freeze U at its random start')
    .option('--modalities <k>', 'number of modalities k >= 2', '2')
    .option('--graph <g>', 'synchronisation graph for k > 2: complete | star', 'complete')
    .option('--normalization <n>', 'sum | per-anchor | mean', 'per-anchor')
    .option('--steps <n>', 'Adam step budget', '10000')
    .option('--lr <lr>', 'learning rate', '0.01')
    .option('--optimizer <o>', 'adam (raw gradient) | projected-adam (BBNP25 code) | riemannian-adam', 'adam')
    .option('--schedule <s>', 'constant | cosine', 'constant')
    .option('--seed <s>', 'seed', '0')
    .option('--starts <n>', 'random starts, best kept', '1')
    .option('--threads <n>', 'worker threads for multi-start (default min(starts, 2))')
    .option('--kernel-threads <n>', 'threads inside one wasm step for large N^2 d (1 or 2; bit-identical)')
    .option('--loss-tol <x>', 'stop when loss <= x', '0')
    .option('--grad-tol <x>', 'stop when the Riemannian gradient norm <= x', '0')
    .option(
      '--polish <n>',
      'iterations of Riemannian gradient descent (BB + Armijo) at fixed t, b after Adam',
      '0',
    )
    .option('--polish-grad-tol <x>', 'gradient-norm stop of the polish', '1e-12')
    .option('--every <k>', 'trajectory sample period (0: about 100 samples)', '0')
    .option('--kernel <k>', 'auto | wasm | js', 'auto')
    .option('--out <file>', 'write the JSON result atomically to FILE')
    .option('--format <f>', 'table | json', 'table')
    .action(async (flags: RawSolveFlags) => {
      const o = solveOptionsFromFlags(flags);
      resolveOptions(o); // the solver's own checks first, with their messages
      checkSolveResources(o);
      const starts = o.starts ?? 1;
      const total = (o.steps ?? 0) * starts;
      const long = total * 6 * o.n * o.n * o.d > LONG_RUN_FLOPS;
      let bar: cliProgress.SingleBar | null = null;
      if (process.stderr.isTTY === true && long) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'solve [{bar}] {percentage}% | {value}/{total} steps | eta {eta}s',
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      let r: SolveResult;
      try {
        r = await solve(o, bar === null ? undefined : (done) => bar?.update(done));
      } finally {
        bar?.stop();
      }
      const doc = toJson(solveDocument(r, o));
      if (flags.out !== undefined) emit(doc, flags.out);
      emit(flags.format === 'json' ? doc : table(r));
      if (r.stopReason === 'diverged') {
        process.stderr.write(
          `solve: diverged (a non-finite loss, gradient, t or b) after step ${r.steps}; the result is the state at step ${r.steps}\n`,
        );
        process.exitCode = 1;
      }
    });
}
