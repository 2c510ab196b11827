/**
 * The pair scan behind the `analysis` document, in its three forms: one pass over all pairs, the
 * partial result of one row block (a shard document), and the merge of the shard documents of a
 * run (checked against each other and against the inputs).
 */
import { UsageError } from '../errors.js';
import {
  COLLECT_CAP,
  exactResolver,
  finishScan,
  type KernelChoice,
  type PairScan,
  type PairScanOptions,
  positiveIndex,
  type ScanPart,
  scanPairs,
  scanRows,
  shardRows,
} from '../geometry/pairs.js';
import { decodeShard, encodeShard, inputDigest, type ShardInputs } from '../geometry/shard.js';
import type { Matrix } from '../numeric/float/vectors.js';
import type { SkippableMeasure } from './analysis.js';

export type { KernelChoice, PairScan, ShardInputs };
export { parseShard } from '../geometry/shard.js';
export { separatorBeside, startSeparator } from '../geometry/separator-thread.js';
export { mark } from '../geometry/timings.js';

/** What a scan needs: the validated configuration and the measures' parameters. */
export interface AnalysisScanInput {
  readonly u: Matrix;
  readonly v: Matrix;
  /** U_i's positive is V_{labels[i]}; absent: V_i */
  readonly labels?: ArrayLike<number>;
  readonly trim: number;
  readonly t: number;
  readonly b: number;
  readonly kernel: KernelChoice;
  /** called with (row blocks done, row blocks) during a long scan */
  readonly progress?: (done: number, tasks: number) => void;
  /** A full scan leaves out the trimmed quantile and the loss when these name them. @defaultValue none */
  readonly skip?: ReadonlySet<SkippableMeasure>;
}

/** The file names and flags a shard records so that the merge can re-read the same inputs. */
export type ShardSource = Omit<ShardInputs, 'trim' | 't' | 'b' | 'digest'>;

/** The scan to run: all pairs, one row block of `count` (0-based `index`), or a merge of parts. */
export type AnalysisScanJob =
  | { readonly kind: 'full' }
  | { readonly kind: 'shard'; readonly index: number; readonly count: number; readonly source: ShardSource }
  | { readonly kind: 'merge'; readonly parts: readonly ScanPart[]; readonly digest: string };

/** A finished scan, or the text of a shard document. */
export type AnalysisScanResult =
  | { readonly kind: 'scan'; readonly scan: PairScan }
  | { readonly kind: 'shard'; readonly text: string };

/** The shard documents of one run, merged: their recorded inputs, kernel and parts in row order. */
export interface MergedShards {
  readonly inputs: ShardInputs;
  readonly kernel: KernelChoice;
  readonly parts: ScanPart[];
}

/**
 * Refuses labels that do not map every U row to a V row (and, without labels, U and V of different
 * lengths), naming `where`.
 */
export function requirePositives(
  u: Matrix,
  v: Matrix,
  labels: ArrayLike<number> | undefined,
  where: string,
): void {
  positiveIndex(u, v, labels, where);
}

/**
 * Decodes the shard documents of `analyze --shard` and checks that they are the complete, distinct
 * shards of one run on like machines.
 */
export function mergeShards(docs: readonly { readonly file: string; readonly text: string }[]): MergedShards {
  if (docs.length === 0)
    throw new UsageError('analyze merge: give the shard files (analyze merge part*.json)');
  const decoded = docs.map((d) => ({ file: d.file, ...decodeShard(d.text, d.file) }));
  const first = decoded[0]!;
  const seen = new Set<number>();
  for (const d of decoded) {
    if (d.inputs.digest !== first.inputs.digest || d.count !== first.count) {
      throw new UsageError(`analyze merge: ${d.file} is a shard of another run than ${first.file}`);
    }
    if (d.part.kernel !== first.part.kernel || d.part.eps !== first.part.eps) {
      throw new UsageError(
        `analyze merge: ${d.file} used kernel ${d.part.kernel}, ${first.file} ${first.part.kernel}: rerun on like machines`,
      );
    }
    if (seen.has(d.index)) throw new UsageError(`analyze merge: shard ${d.index + 1}/${d.count} given twice`);
    seen.add(d.index);
  }
  for (let i = 0; i < first.count; i++) {
    if (!seen.has(i)) throw new UsageError(`analyze merge: shard ${i + 1}/${first.count} is missing`);
  }
  const parts = decoded.map((d) => d.part).sort((a, b) => a.row0 - b.row0);
  return { inputs: first.inputs, kernel: first.part.kernel, parts };
}

/** Runs the scan of a job (`where` names the inputs in the message when a merge's inputs changed). */
export function runAnalysisScan(
  input: AnalysisScanInput,
  job: AnalysisScanJob,
  where: string,
): AnalysisScanResult {
  const { u, v, labels, trim, t, b, kernel, progress } = input;
  // a shard (and so a merge) keeps every measure; a full scan leaves out the ones `skip` names
  const skip: ReadonlySet<SkippableMeasure> = job.kind === 'full' ? (input.skip ?? new Set()) : new Set();
  const options: PairScanOptions = {
    kernel,
    ...(labels ? { labels } : {}),
    ...(skip.has('trimmed') ? {} : { trim }),
    ...(skip.has('loss') ? {} : { loss: { t, b } }),
  };
  const withProgress = progress ? { ...options, progress } : options;
  if (job.kind === 'merge') {
    if (inputDigest(u, v, labels) !== job.digest) {
      throw new UsageError(`analyze merge: ${where} changed since the shards were computed`);
    }
    return { kind: 'scan', scan: finishScan(job.parts, COLLECT_CAP, exactResolver(u, v, options)) };
  }
  if (job.kind === 'shard') {
    const part = scanRows(u, v, withProgress, shardRows(u.rows, job.index, job.count));
    const inputs: ShardInputs = { ...job.source, trim, t, b, digest: inputDigest(u, v, labels) };
    return { kind: 'shard', text: encodeShard({ index: job.index, count: job.count, inputs, part }) };
  }
  return { kind: 'scan', scan: scanPairs(u, v, withProgress) };
}
