import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { requireMemory } from '../io/limits.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import {
  type ResolvedOptions,
  resolveOptions,
  SOLVE_DEFAULTS,
  SolveOptionError,
  type SolveOptions,
  type RunDocument,
  type SolveResult,
  solveRun,
} from '../documents/run.js';
import { parseNumber } from './args.js';
import { Progress } from './progress.js';

const WHERE = 'solve';

/** Raw commander options of `sigcheck solve` (strings until checked here). */
interface RawSolveFlags {
  N?: string;
  d?: string;
  loss: string;
  t0: string;
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

/**
 * The flag of a solver option: `n` is `--N`, the rest kebab-case (`lossTol` is `--loss-tol`,
 * `bRel0` is `--b-rel0`). The solver's messages name options; the CLI shows flags.
 */
function flagOf(option: string): string {
  return option === 'n' ? '--N' : `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A solver option error restated with the CLI's flags; anything else as it is. */
function restated(e: unknown): unknown {
  return e instanceof SolveOptionError ? new UsageError(e.render(flagOf)) : e;
}

/** The solver's options resolved (once), its errors naming the CLI's flags. */
function resolveWithFlags(o: SolveOptions): ResolvedOptions {
  try {
    return resolveOptions(o);
  } catch (e) {
    throw restated(e);
  }
}

/** A numeric flag, parsed strictly; absent stays absent (the solver fills its default). */
function numeric(option: keyof SolveOptions, s: string | undefined): Record<string, number> {
  return s === undefined ? {} : { [option]: parseNumber(flagOf(option), s) };
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
  return {
    n: parseNumber(flagOf('n'), f.N),
    d: parseNumber(flagOf('d'), f.d),
    loss: f.loss as SolveOptions['loss'] & string,
    ...numeric('t0', f.t0),
    ...numeric('b0', f.b0),
    ...numeric('bRel0', f.bRel0),
    ...parseTrain(f.train, f.loss),
    lockU: f.lock === 'u',
    ...numeric('modalities', f.modalities),
    graph: f.graph as 'complete',
    normalization: f.normalization as 'per-anchor',
    ...numeric('steps', f.steps),
    ...numeric('lr', f.lr),
    optimizer: f.optimizer as 'adam',
    schedule: f.schedule as 'constant',
    ...numeric('seed', f.seed),
    ...numeric('starts', f.starts),
    ...numeric('threads', f.threads),
    ...(numeric('kernelThreads', f.kernelThreads) as { kernelThreads?: 1 | 2 }),
    ...numeric('lossTol', f.lossTol),
    ...numeric('gradTol', f.gradTol),
    ...numeric('polish', f.polish),
    ...numeric('polishGradTol', f.polishGradTol),
    ...numeric('every', f.every),
    kernel: f.kernel as 'auto',
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
export function checkSolveResources(o: ResolvedOptions): void {
  const { n, d, modalities: k, steps, every } = o;
  const samples = Math.floor(steps / every) + 2;
  if (samples > MAX_TRAJECTORY_SAMPLES) {
    throw new UsageError(
      `${WHERE}: --every ${every} with --steps ${steps} keeps ${samples} trajectory samples, more than ${MAX_TRAJECTORY_SAMPLES}; use --every ${Math.ceil(steps / (MAX_TRAJECTORY_SAMPLES - 2))} or more`,
    );
  }
  const np = n + (n & 1);
  const dp = d + (d & 1);
  const bytes = 8 * (7 * k * np * dp + np * np) * Math.max(1, o.threads);
  requireMemory(
    bytes,
    WHERE,
    `N = ${n}, d = ${d}, k = ${k}${o.threads > 1 ? ` on ${o.threads} threads` : ''}`,
  );
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
    .option('--loss <loss>', 'sig | rb-sig | infonce', SOLVE_DEFAULTS.loss)
    .option('--t0 <t>', 'initial inverse temperature t (InfoNCE: 1/tau)', String(SOLVE_DEFAULTS.t0))
    .option('--b0 <b>', 'initial absolute bias b (z = t G - b)')
    .option('--b-rel0 <r>', 'initial relative bias b_rel = b / t')
    .option(
      '--train <list>',
      't,b | t,b-rel | t | b | b-rel | none (default: t and the loss bias; none for infonce)',
    )
    .option('--lock <side>', 'u: freeze U at its random start')
    .option('--modalities <k>', 'number of modalities k >= 2', String(SOLVE_DEFAULTS.modalities))
    .option('--graph <g>', 'synchronisation graph for k > 2: complete | star', SOLVE_DEFAULTS.graph)
    .option('--normalization <n>', 'sum | per-anchor | mean', SOLVE_DEFAULTS.normalization)
    .option('--steps <n>', 'Adam step budget', String(SOLVE_DEFAULTS.steps))
    .option('--lr <lr>', 'learning rate', String(SOLVE_DEFAULTS.lr))
    .option(
      '--optimizer <o>',
      'adam (raw gradient) | projected-adam (BBNP25 code) | riemannian-adam',
      SOLVE_DEFAULTS.optimizer,
    )
    .option('--schedule <s>', 'constant | cosine', SOLVE_DEFAULTS.schedule)
    .option('--seed <s>', 'seed', String(SOLVE_DEFAULTS.seed))
    .option('--starts <n>', 'random starts, best kept', String(SOLVE_DEFAULTS.starts))
    .option('--threads <n>', 'worker threads for multi-start (default min(starts, 2))')
    .option('--kernel-threads <n>', 'threads inside one wasm step for large N^2 d (1 or 2; bit-identical)')
    .option('--loss-tol <x>', 'stop when loss <= x', String(SOLVE_DEFAULTS.lossTol))
    .option('--grad-tol <x>', 'stop when the Riemannian gradient norm <= x', String(SOLVE_DEFAULTS.gradTol))
    .option(
      '--polish <n>',
      'iterations of Riemannian gradient descent (BB + Armijo) at fixed t, b after Adam',
      String(SOLVE_DEFAULTS.polish),
    )
    .option('--polish-grad-tol <x>', 'gradient-norm stop of the polish', String(SOLVE_DEFAULTS.polishGradTol))
    .option('--every <k>', 'trajectory sample period (0: about 100 samples)', String(SOLVE_DEFAULTS.every))
    .option('--kernel <k>', 'auto | openblas | wasm | js', SOLVE_DEFAULTS.kernel)
    .option('--out <file>', 'write the JSON result atomically to FILE')
    .option('--format <f>', 'table | json', 'table')
    .action(async (flags: RawSolveFlags) => {
      const o = resolveWithFlags(solveOptionsFromFlags(flags)); // the solver's own checks first
      checkSolveResources(o);
      const total = o.steps * o.starts;
      // a step costs about 6 N^2 d flops plus a fixed overhead of some 1e4 flops' time
      const long = total * (6 * o.n * o.n * o.d + 1e4) > LONG_RUN_FLOPS;
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
      // not a terminal: a plain line every few seconds instead of the bar (none for a short run)
      const plain = bar === null ? new Progress('solve', total, 'steps') : null;
      let r: SolveResult;
      let runDoc: RunDocument;
      try {
        ({ result: r, document: runDoc } = await solveRun(
          o,
          bar !== null
            ? (done) => bar?.update(done)
            : plain !== null
              ? (done) => plain.update(done)
              : undefined,
        ));
      } catch (e) {
        throw restated(e);
      } finally {
        bar?.stop();
      }
      const finiteState = [r.lossValue, r.gradNorm, r.t, r.b].every(Number.isFinite);
      if (r.stopReason === 'diverged' && !finiteState) {
        // no finite state to report: the start itself is outside float64
        throw new UsageError(
          `solve: the loss or its gradient is not finite at the start (t = ${r.t}, b = ${r.b}); choose a smaller --t0 / --b0 / --b-rel0`,
        );
      }
      const doc = toJson(runDoc);
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
