import { accessSync, constants, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { EXPERIMENTS } from '../experiments/registry.js';
import { RULE } from '../experiments/published.js';
import { MAX_SEEDS, runExperiment, STEPS } from '../experiments/run.js';
import { readRuns, unitKey, writeRuns } from '../experiments/run-cache.js';
import { EXPERIMENT_FORMATS, type ExperimentFormat, renderExperiment } from '../report/experiment.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseInteger, parseSeed } from './args.js';
import { Progress } from './progress.js';

/** Raw flags of `sigcheck experiment run` (strings until checked here). */
interface RunFlags {
  quick?: boolean;
  seeds?: string;
  seed: string;
  firstSeed?: string;
  runs?: string;
  threads?: string;
  out?: string;
  format?: string;
  step: string;
}

/**
 * Refuses an output path that cannot be written before any work is done: its directory must exist
 * and be writable, and the path must not be a directory.
 */
export function checkOutPath(out: string, flag = '--out'): void {
  const abs = resolve(out);
  let kind: string | null = null;
  try {
    const st = statSync(abs);
    if (st.isDirectory()) kind = 'a directory';
    else if (!st.isFile()) kind = 'not a regular file (a device, FIFO or socket)';
  } catch {
    // does not exist yet: fine
  }
  if (kind !== null) throw new UsageError(`experiment: ${flag} ${out} is ${kind}`);
  const dir = dirname(abs);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`experiment: ${flag} ${out}: directory ${dir} does not exist or is not writable`);
  }
}

/** The format: --format if given, else from --out's extension (.json, .csv), else table. */
function formatOf(flags: RunFlags): ExperimentFormat {
  if (flags.format !== undefined) return parseChoice('--format', flags.format, EXPERIMENT_FORMATS);
  const ext = flags.out === undefined ? '' : extname(flags.out).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.csv' ? 'csv' : 'table';
}

/**
 * `sigcheck experiment list` and `sigcheck experiment run <id> [--quick] [--seeds K] [--seed S]
 * [--threads T] [--step projected-adam|adam|riemannian-adam] [--out FILE] [--format table|json|csv]`. User errors (unknown id, bad budget,
 * unwritable path) are {@link UsageError}s: one line, exit 2, checked before any work.
 */
export function register(program: Command): void {
  const cmd = program
    .command('experiment')
    .description("rerun the papers' synthetic experiments beside the theory");
  cmd
    .command('list')
    .description('list the experiments: id, what it reproduces, title')
    .option('--format <f>', 'table | json', 'table')
    .action((flags: { format: string }) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      if (format === 'json') {
        emit(
          toJson(
            EXPERIMENTS.map((e) => ({
              id: e.id,
              title: e.title,
              reproduces: e.reproduces,
              notes: e.notes,
              defaultSeeds: e.defaultSeeds,
            })),
          ),
        );
        return;
      }
      emit(
        renderTable(
          ['experiment', 'reproduces', 'title'],
          EXPERIMENTS.map((e) => [e.id, e.reproduces, e.title]),
        ),
      );
    });
  cmd
    .command('run')
    .description(
      'run one experiment (seeded, K seeds in worker threads) and print ours beside published and theory',
    )
    .argument('<id>', 'experiment id (see `sigcheck experiment list`)')
    .option('--quick', 'CI-sized run (seconds): smaller grids and step budgets')
    .option('--seeds <k>', `seeds K in [1, ${MAX_SEEDS}] (default: the experiment's)`)
    .option('--seed <s>', 'base seed', '0')
    .option(
      '--first-seed <k>',
      'index of the first seed: run seeds k .. k+K-1 (one chunk of a longer run; see --runs)',
    )
    .option(
      '--runs <file>',
      "file of finished runs (JSON lines): runs found there are reused, not rerun; the file is then rewritten with them and this run's",
    )
    .option('--threads <t>', 'worker threads (the output does not depend on it)')
    .option(
      '--step <s>',
      "the solver's vector update: projected-adam (the authors' code: tangent gradient, torch Adam, renormalise) | adam (raw gradient) | riemannian-adam",
      'projected-adam',
    )
    .option('--out <file>', 'write the output atomically to FILE (format from --format or the extension)')
    .option('--format <f>', "table | json | csv (default table, or from --out's extension)")
    .action(async (id: string, flags: RunFlags) => {
      const known = EXPERIMENTS.find((e) => e.id === id);
      if (known === undefined) {
        throw new UsageError(
          `experiment: unknown id '${id}'; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}`,
        );
      }
      const format = formatOf(flags);
      const seeds =
        flags.seeds === undefined ? undefined : parseInteger('--seeds', flags.seeds, 1, MAX_SEEDS);
      const seed = parseSeed(flags.seed);
      const firstSeed =
        flags.firstSeed === undefined
          ? undefined
          : parseInteger('--first-seed', flags.firstSeed, 0, 2 ** 31 - 1);
      // checked before it is read: a directory or a FIFO (reading one would wait forever) is refused
      if (flags.runs !== undefined) checkOutPath(flags.runs, '--runs');
      const cached = flags.runs === undefined ? undefined : readRuns([flags.runs]);
      const step = parseChoice('--step', flags.step, STEPS);
      const threads =
        flags.threads === undefined ? undefined : parseInteger('--threads', flags.threads, 1, 64);
      if (flags.out !== undefined) checkOutPath(flags.out);
      let bar: cliProgress.SingleBar | null = null;
      if (process.stderr.isTTY === true) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${id} [{bar}] {percentage}% | {value}/{total} runs | eta {eta}s`,
          },
          cliProgress.Presets.shades_classic,
        );
      }
      let started = false;
      let plain: Progress | null = null;
      let doc: Awaited<ReturnType<typeof runExperiment>>;
      try {
        doc = await runExperiment(id, {
          quick: flags.quick === true,
          ...(seeds === undefined ? {} : { seeds }),
          seed,
          step,
          ...(firstSeed === undefined ? {} : { firstSeed }),
          ...(threads === undefined ? {} : { threads }),
          ...(cached === undefined || flags.runs === undefined
            ? {}
            : {
                cached,
                onRuns: (tasks, metrics) => {
                  if (flags.runs === undefined) return;
                  // earlier runs not part of this one are kept, then this run's units
                  const here = new Set(tasks.map(unitKey));
                  const kept = [...cached.entries()].filter(([k]) => !here.has(k));
                  writeRuns(flags.runs, tasks, metrics, kept);
                },
              }),
          onProgress: (done: number, total: number) => {
            if (bar === null) {
              // not a terminal: a plain line every few seconds instead of the bar
              plain ??= new Progress(id, total, 'runs');
              plain.update(done);
              return;
            }
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        });
      } finally {
        if (started) bar?.stop();
      }
      if (flags.out !== undefined) {
        emit(renderExperiment(doc, format, RULE), flags.out);
        if (format !== 'table') emit(renderExperiment(doc, 'table', RULE));
      } else emit(renderExperiment(doc, format, RULE));
    });
}
