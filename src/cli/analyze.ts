import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  buildAnalysis,
  requireUnitRows,
  SKIPPABLE_MEASURES,
  type SkippableMeasure,
} from '../documents/analysis.js';
import {
  type AnalysisScanJob,
  type KernelChoice,
  mark,
  mergeShards,
  type PairScan,
  parseShard,
  requirePositives,
  runAnalysisScan,
  separatorBeside,
  startSeparator,
} from '../documents/analysis-run.js';
import { UsageError } from '../errors.js';
import { readLabels, readMatrix, requireArraysFit } from '../io/read.js';
import { loadBlas, markFinal } from '../numeric/blas.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { collect, parseChoice, parseNumber, requireFiniteLogits, requireWork } from './args.js';
import { temperatureBiasFrom } from './checkpoint-option.js';
import { parseRequirements, reportGates } from './gates-option.js';
import type { Requirement } from '../documents/gates.js';
import { formatSeconds } from './progress.js';

/** Pair-coordinates (N_U N_V d) analyze measures per second: 50,000^2 x 1152 took 10 min (wasm). */
const ANALYZE_PAIR_DIMS_PER_SECOND = 5e9;
/**
 * Each pair's bookkeeping (sums, loss, nominations, quantile window) in pair-coordinates, which the
 * GEMM's cost leaves out at small d: 20,000^2 pairs in d = 2 took 6.5 s on 2 cores (80 is 16 ns).
 */
const ANALYZE_PAIR_OVERHEAD_DIMS = 80;
/**
 * Pair-coordinates a second of the Gram blocks on OpenBLAS, the bookkeeping counted apart: 10,000^2
 * x 1152 float64 took 5.95 s and float32 4.72 s on 2 cores, 50,000^2 x 1152 float32 65 s.
 */
const ANALYZE_BLAS_DIMS_PER_SECOND = 2.5e10;

/**
 * Seconds analyze is estimated to take for n_U x n_V pairs in dimension d, the Gram blocks on
 * OpenBLAS (`blas`) or the wasm kernel; either way each pair's bookkeeping on top.
 */
function analyzeSeconds(nu: number, nv: number, d: number, blas: boolean): number {
  const pairs = nu * nv;
  const overhead = (pairs * ANALYZE_PAIR_OVERHEAD_DIMS) / ANALYZE_PAIR_DIMS_PER_SECOND;
  return overhead + (pairs * d) / (blas ? ANALYZE_BLAS_DIMS_PER_SECOND : ANALYZE_PAIR_DIMS_PER_SECOND);
}

interface AnalyzeFlags {
  u: string;
  v: string;
  labels?: string;
  t?: string;
  b?: string;
  logitScale?: string;
  logitBias?: string;
  trim: string;
  normalize?: boolean;
  format: string;
  checkpoint?: string;
  require?: string[];
  junit?: string;
  kernel: string;
  shard?: string;
  out?: string;
  maxWork: string;
  progress: string;
  skip?: string[];
}

/** The measures `--skip` names (comma-separated lists of loss, trimmed, gap, xi; repeatable). */
function parseSkip(texts: readonly string[] | undefined): Set<SkippableMeasure> {
  const skip = new Set<SkippableMeasure>();
  if (texts === undefined) return skip;
  const text = texts.join(',');
  for (const name of text.split(',').map((x) => x.trim())) {
    if (!(SKIPPABLE_MEASURES as readonly string[]).includes(name))
      throw new UsageError(
        `--skip takes a comma-separated list of ${SKIPPABLE_MEASURES.join(', ')}, got '${name}' in '${text}'`,
      );
    skip.add(name as SkippableMeasure);
  }
  return skip;
}

/** The measure a requirement reads, when `--skip` may leave it out. */
function skippableOf(r: Requirement): SkippableMeasure | undefined {
  if (r.kind === 'flag') return r.flag === 'gap' ? 'gap' : undefined;
  return r.metric === 'margin-trimmed'
    ? 'trimmed'
    : r.metric === 'xi'
      ? 'xi'
      : r.metric === 'loss'
        ? 'loss'
        : undefined;
}

/** Scans below this many multiply-adds report no progress (under about two seconds). */
const PROGRESS_MIN_WORK = 2 ** 33;
/** Without a terminal, a progress line at each tenth of the scan, or after this long without one. */
const PROGRESS_LINE_MS = 10_000;

/** When to report the scan's progress on stderr. */
type ProgressWhen = 'auto' | 'always' | 'never';

/**
 * Progress of a long scan on stderr (stdout is never touched): a bar when stderr is a terminal,
 * else one plain line at each tenth of the row blocks or after 10 s without one. `auto` reports
 * scans of at least {@link PROGRESS_MIN_WORK} multiply-adds, `always` every scan.
 */
function progressBar(
  work: number,
  when: ProgressWhen,
): { update?: (done: number, tasks: number) => void; stop: () => void; finish?: () => void } {
  if (when === 'never' || (when === 'auto' && work < PROGRESS_MIN_WORK)) return { stop: () => {} };
  if (process.stderr.isTTY !== true) return progressLines();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'analyze [{bar}] {percentage}% | {value}/{total} row blocks | eta {eta}s',
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (done, tasks) => {
      if (!started) bar.start(tasks, 0);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** Plain progress lines for a log file or a batch system's stderr. */
function progressLines(): {
  update: (done: number, tasks: number) => void;
  stop: () => void;
  finish: () => void;
} {
  const start = performance.now();
  let last = start;
  let tenth = 0;
  let shown = 0;
  let total = 0;
  const line = (done: number, tasks: number, now: number): void => {
    const elapsed = (now - start) / 1000;
    const eta = done > 0 && done < tasks ? `, eta ${formatSeconds((elapsed * (tasks - done)) / done)}` : '';
    process.stderr.write(
      `sigcheck analyze: ${done}/${tasks} row blocks (${Math.floor((100 * done) / tasks)}%), ${formatSeconds(elapsed)}${eta}\n`,
    );
  };
  return {
    // the scan's last report can come before its last block is counted: a finished scan says 100 %
    finish: () => {
      if (total > 0 && shown < total) line(total, total, performance.now());
    },
    update: (done, tasks) => {
      total = tasks;
      const now = performance.now();
      const step = Math.floor((10 * done) / tasks);
      // threads report out of order: a line only for more work done than the last line showed
      if (done <= shown || (step <= tenth && now - last < PROGRESS_LINE_MS)) return;
      shown = done;
      tenth = Math.max(tenth, step);
      last = now;
      line(done, tasks, now);
    },
    stop: () => {},
  };
}

/** The flags of `analyze merge`: the inputs the shard documents recorded, and their parts. */
function mergeFlags(files: string[]): { flags: AnalyzeFlags; job: AnalysisScanJob } {
  const docs = files.map((file) => {
    try {
      return { file, text: readFileSync(file, 'utf8') };
    } catch (e) {
      throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  });
  const { inputs: inp, kernel, parts } = mergeShards(docs);
  const flags: AnalyzeFlags = {
    u: inp.u,
    v: inp.v,
    ...(inp.labels !== null ? { labels: inp.labels } : {}),
    t: String(inp.t),
    b: String(inp.b),
    trim: String(inp.trim),
    ...(inp.normalize ? { normalize: true } : {}),
    format: 'table',
    kernel,
    maxWork: '900',
    progress: 'auto',
  };
  return { flags, job: { kind: 'merge', parts, digest: inp.digest } };
}

/** `sigcheck analyze`: measures of a real or generated configuration (issue 7). */
export function register(program: Command): void {
  program
    .command('analyze')
    .description(
      'margins, constellation test, retrieval, modality gap, xi, loss and capacity of embeddings U, V',
    )
    .argument('[merge...]', "'merge part*.json': combine the shard documents of analyze --shard")
    .option('--u <file>', 'U embeddings (.npy, .safetensors[#name], .json[#key], .csv); rows are vectors')
    .option('--v <file>', 'V embeddings, same formats')
    .option('--labels <file>', "U_i's positive is V_{labels[i]} (1-D integers)")
    .option('--t <t>', 'inverse temperature t > 0 (default 10, the SigLIP init)')
    .option('--b <b>', 'bias b, subtracted: logits t G - b (default 10)')
    .option('--logit-scale <s>', 'SigLIP convention: t = exp(logit_scale)')
    .option('--logit-bias <lb>', 'SigLIP convention: b = -logit_bias')
    .option('--trim <q>', 'trimmed margins: q-quantile of positives, (1-q)-quantile of negatives', '0.05')
    .option('--normalize', 'scale rows to unit norm instead of refusing non-unit rows')
    .option('--format <f>', 'table | json | junit (with --require)', 'table')
    .option('--checkpoint <file>', 'read logit_scale / logit_bias from a .safetensors checkpoint')
    .option(
      '--require <req>',
      'CI gate, e.g. margin>=0.05, retrieval>=0.99, constellation, gap (repeatable)',
      collect,
    )
    .option('--junit <file>', 'write the requirements as JUnit XML')
    .option('--kernel <k>', 'Gram blocks: auto | openblas | wasm | js', 'auto')
    .option('--shard <i/k>', 'compute the partial result of the i-th of k row blocks (a JSON document)')
    .option('--max-work <s>', 'refuse inputs estimated above this many seconds of work', '900')
    .option('--out <file>', 'with --shard: write the shard document here (atomically) instead of stdout')
    .option(
      '--skip <measures>',
      `leave out measures that cost work beyond the margins and retrieval: ${SKIPPABLE_MEASURES.join(',')} (any of them; repeatable)`,
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--progress <when>',
      'scan progress on stderr: auto (long scans: a bar on a terminal, else a line per tenth) | always | never',
      'auto',
    )
    .action((args: string[], cli: AnalyzeFlags) => {
      mark('analyze starts');
      let flags = cli;
      let merged: AnalysisScanJob | null = null;
      if (args.length > 0) {
        if (args[0] !== 'merge')
          throw new UsageError(`analyze: unexpected argument '${args[0]}' (did you mean analyze merge?)`);
        if (cli.shard !== undefined) throw new UsageError('analyze merge: --shard does not apply');
        const m = mergeFlags(args.slice(1));
        flags = {
          ...m.flags,
          format: cli.format,
          maxWork: cli.maxWork,
          progress: cli.progress,
          ...(cli.skip !== undefined ? { skip: cli.skip } : {}),
          ...(cli.require !== undefined ? { require: cli.require } : {}),
          ...(cli.junit !== undefined ? { junit: cli.junit } : {}),
        };
        merged = m.job;
      }
      if (flags.u === undefined || flags.v === undefined) {
        throw new UsageError("analyze: required options '--u <file>' and '--v <file>'");
      }
      const format = parseChoice('--format', flags.format, ['table', 'json', 'junit'] as const);
      const progressWhen = parseChoice('--progress', flags.progress, ['auto', 'always', 'never'] as const);
      const requirements = parseRequirements(flags.require, format, flags.junit);
      const skip = parseSkip(flags.skip);
      if (skip.size > 0 && merged === null && flags.shard !== undefined)
        throw new UsageError(
          'analyze --shard: --skip does not apply (a shard keeps every measure; skip at the merge)',
        );
      for (const r of requirements) {
        const m = skippableOf(r);
        if (m !== undefined && skip.has(m))
          throw new UsageError(
            `analyze: --require ${r.text} needs the ${m} measure, which --skip ${flags.skip?.join(',')} leaves out`,
          );
      }
      const kernel: KernelChoice = parseChoice('--kernel', flags.kernel, [
        'auto',
        'openblas',
        'wasm',
        'js',
      ] as const);
      const { t, b } = temperatureBiasFrom('analyze', flags);
      const trim = parseNumber('--trim', flags.trim);
      if (!(trim >= 0 && trim < 0.5)) throw new UsageError(`--trim must be in [0, 0.5), got '${flags.trim}'`);
      // the work estimate's GEMM rate: OpenBLAS runs the blocks unless another kernel is asked for
      const onBlas = (kernel === 'auto' || kernel === 'openblas') && loadBlas().ok;
      const [fu, fv] = requireArraysFit(
        [[flags.u, 'U'], [flags.v, 'V'], ...(flags.labels ? [[flags.labels, 'labels'] as const] : [])],
        'analyze',
      );
      if (fu?.shape?.length === 2 && fv?.shape?.length === 2) {
        const [nu, d] = fu.shape as [number, number];
        const nv = fv.shape[0]!;
        requireWork(
          'analyze',
          analyzeSeconds(nu, nv, d, onBlas),
          flags.maxWork,
          `about ${nu} x ${nv} pairs in d = ${d}`,
        );
      }
      const u = readMatrix(flags.u, 'U');
      const v = readMatrix(flags.v, 'V');
      mark('U, V read');
      const labels = flags.labels !== undefined ? readLabels(flags.labels) : undefined;
      if (u.cols !== v.cols) {
        throw new UsageError(
          `analyze: shape mismatch: ${u.source} has d = ${u.cols}, ${v.source} has d = ${v.cols}`,
        );
      }
      if (labels === undefined && u.rows !== v.rows) {
        throw new UsageError(
          `analyze: shape mismatch: ${u.source} has ${u.rows} rows, ${v.source} has ${v.rows} (pairs are one-to-one without --labels)`,
        );
      }
      requirePositives(u, v, labels, flags.labels ?? 'analyze');
      requireFiniteLogits('analyze', t, b, u.rows * v.rows);
      requireWork(
        'analyze',
        analyzeSeconds(u.rows, v.rows, u.cols, onBlas),
        flags.maxWork,
        `${u.rows} x ${v.rows} pairs in d = ${u.cols}`,
      );
      // Big float32 inputs: OpenBLAS held at one thread for the run and the separator on a helper
      // thread beside the scan (a merge computes it the same way, here, for the same bits), started
      // as soon as the rows are final: read, or normalised.
      const sharded = merged === null && flags.shard !== undefined;
      const besideScan = (): ReturnType<typeof startSeparator> | undefined => {
        // the rows are final from here on: their float32 copies are checked once, not at each use
        markFinal(u.data);
        markFinal(v.data);
        return !sharded && !skip.has('gap') && separatorBeside(u, v)
          ? startSeparator(u, v, merged === null)
          : undefined;
      };
      let sep = flags.normalize === true ? undefined : besideScan();
      mark('separator started');
      const normU = requireUnitRows(u, flags.normalize === true);
      const normV = requireUnitRows(v, flags.normalize === true);
      if (flags.normalize === true) sep = besideScan();
      mark('norms checked');

      const shard = merged === null && flags.shard !== undefined ? parseShard(flags.shard) : null;
      const job: AnalysisScanJob =
        merged ??
        (shard === null
          ? { kind: 'full' }
          : {
              kind: 'shard',
              index: shard.index,
              count: shard.count,
              source: {
                u: resolvePath(flags.u),
                v: resolvePath(flags.v),
                labels: flags.labels !== undefined ? resolvePath(flags.labels) : null,
                normalize: flags.normalize === true,
              },
            });
      const bar =
        job.kind === 'merge'
          ? { stop: () => {} }
          : progressBar((u.rows * v.rows * u.cols) / (job.kind === 'shard' ? job.count : 1), progressWhen);
      let result: ReturnType<typeof runAnalysisScan>;
      try {
        result = runAnalysisScan(
          {
            u,
            v,
            ...(labels ? { labels } : {}),
            trim,
            t,
            b,
            kernel,
            skip,
            ...(bar.update ? { progress: bar.update } : {}),
          },
          job,
          `${flags.u} or ${flags.v}`,
        );
      } finally {
        bar.stop();
      }
      if ('finish' in bar) bar.finish?.();
      if (result.kind === 'shard') {
        emit(result.text, flags.out);
        return;
      }
      const scan: PairScan = result.scan;
      mark('scan done');
      const { document: out, separatedCount } = buildAnalysis({
        u,
        v,
        ...(labels ? { labels } : {}),
        scan,
        t,
        b,
        trim,
        normalized: flags.normalize === true,
        normU,
        normV,
        ...(sep !== undefined ? { separator: sep } : {}),
        skip,
      });
      mark('document built');
      if (reportGates(requirements, out, `${flags.u} ${flags.v}`, format, flags.junit)) return;
      if (format === 'json') {
        emit(toJson(out));
        return;
      }
      emit(
        analysisTable(out, scan, {
          labels: labels !== undefined,
          normalized: flags.normalize === true,
          normU,
          normV,
          trim,
          t,
          b,
          separatedCount,
          vRows: v.rows,
        }),
      );
    });
}

function resolvePath(file: string): string {
  // Keep a safetensors '#name' or JSON '#key' suffix on the resolved path.
  const hash = file.indexOf('#');
  return hash < 0 ? resolve(file) : resolve(file.slice(0, hash)) + file.slice(hash);
}

function fmt(x: unknown): string {
  return typeof x === 'number' ? Number(x.toPrecision(6)).toString() : String(x);
}

/** A bound rounded up to two significant digits (0 stays 0). */
export function fmtError(x: number): string {
  if (!(x > 0)) return String(x);
  if (!Number.isFinite(x)) return 'Infinity';
  const e = Math.floor(Math.log10(x));
  const show = (m: number) => (m >= 100 ? `1.0e${e + 1}` : `${(m / 10).toFixed(1)}e${e}`);
  const m = Math.ceil((x / 10 ** e) * 10);
  // the quotient's rounding may put the digits just below x: the next step up is above it
  return Number(show(m)) >= x ? show(m) : show(m + 1);
}

/** The analyze document as the two-column text table. */
function analysisTable(
  out: ReturnType<typeof buildAnalysis>['document'],
  scan: PairScan,
  o: {
    labels: boolean;
    normalized: boolean;
    normU: ReturnType<typeof requireUnitRows>;
    normV: ReturnType<typeof requireUnitRows>;
    trim: number;
    t: number;
    b: number;
    separatedCount: number;
    vRows: number;
  },
): string {
  const { capacity, loss, gap } = out;
  const mg = scan.margins;
  const skipped = (m: SkippableMeasure) => `left out (--skip ${m})`;
  const rows: unknown[][] = [
    ['N', out.N],
    ['d', out.d],
    ['kernel', `${scan.kernel} (${scan.kernelReason})`],
    ...(o.labels ? [['classes (V rows)', scan.k]] : []),
    [
      'norms',
      `${o.normalized ? 'normalized' : 'unit'}; max ||x|^2-1| U ${o.normU.maxDeviation.toExponential(2)}, V ${o.normV.maxDeviation.toExponential(2)}`,
    ],
    ['m* (exact)', mg.mStar],
    ['b* (exact)', mg.bStar],
    ['min pos / max neg', `${mg.minPos} / ${mg.maxNeg}`],
    ['mean pos / mean neg', `${mg.meanPos} / ${mg.meanNeg}`],
    ['m_mean / b_mean', `${mg.mMean} / ${mg.bMean}`],
    [
      `m / b trimmed (${o.trim})`,
      out.mTrimmed !== undefined ? `${out.mTrimmed} / ${out.bTrimmed}` : skipped('trimmed'),
    ],
    [
      'constellation',
      out.constellation
        ? `yes: (m, b_rel) for m <= ${mg.mStar}, |b_rel - ${mg.bStar}| <= m* - m`
        : 'no (m* <= 0)',
    ],
    ['retrieval U->V / V->U (top-1, ties fail)', `${out.retrieval.uToV} / ${out.retrieval.vToU}`],
    [
      'modality gap separator',
      gap === undefined
        ? skipped('gap')
        : gap.separable
          ? `found: all U on the + side, ${o.separatedCount}/${o.vRows} V on the - side, margin ${gap.margin} (no direction does better than ${gap.marginUpper})`
          : `not found (min <h,U_i> = ${gap.margin} at the direction the search ended on)`,
    ],
    ['xi', out.xi ?? skipped('xi')],
    ['E|D|^2 - |E D|^2', out.xiCov ?? skipped('xi')],
    ['t / b (logits t G - b)', `${o.t} / ${o.b}`],
    [
      'loss sum / per-anchor / mean',
      loss === undefined
        ? skipped('loss')
        : loss.log10SumBounds !== undefined
          ? `underflows float64: log10 sum in [${loss.log10SumBounds[0]}, ${loss.log10SumBounds[1]}]`
          : loss.reason !== undefined
            ? `not printed: ${loss.reason}`
            : `${loss.sum} / ${loss.perAnchor} / ${loss.mean} (sum within ${fmtError(loss.sumError ?? 0)} of the exact entries' loss)`,
    ],
    [
      `capacity at (${capacity.basis === 'mStar' ? 'm*, b*' : 'm_mean, b_mean'})`,
      'headroom' in capacity && capacity.reason === null
        ? `log10 N lower bound ${fmt(capacity.log10NLower)}, upper ${fmt(capacity.log10NUpper)} vs log10 N = ${fmt(capacity.log10N)} (headroom ${fmt(capacity.headroom)})`
        : String(capacity.reason),
    ],
  ];
  return renderTable(['quantity', 'value'], rows);
}
