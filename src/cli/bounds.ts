import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { type BoundsMode, buildBounds, typedList } from '../documents/bounds.js';
import { renderCsv } from '../report/csv.js';
import { renderMarkdown } from '../report/markdown.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseList, parseListValues, parseNumber } from './args.js';
import { formatSeconds, Progress } from './progress.js';

/** Largest number of table cells (product of list lengths) one invocation may ask for. */
export const MAX_BOUNDS_CELLS = 1_000_000;

/** Default cap on the estimated work of one invocation, in seconds (see {@link boundsWorkSeconds}). */
export const DEFAULT_MAX_WORK_SECONDS = 120;

/**
 * Estimated seconds to compute a bounds request, from a fixed cost model measured on one core:
 * forward rows 16 us, growing with d as the cap-area quadrature does (decimal.js rows 60 ms, growing
 * with d); dimension rows 10 ms (the worst measured was 9 ms); margin rows 0.5 s plus
 * 0.02 s per decade of N times (1 + log10(d) / 5) (measured 0.05-0.8 s at N <= 1e10 and up to 6.7 s
 * at N = 1e300, d = 1e5: each is a bisection whose last probes sit within the float margin of N and
 * go to the decimal cap area). Deterministic, so a refusal never depends on the machine's load.
 */
export function boundsWorkSeconds(
  mode: BoundsMode,
  ds: readonly number[],
  Ns: readonly number[],
  perPair: number,
  hp: boolean,
): number {
  let s = 0;
  if (mode === 'forward') for (const d of ds) s += hp ? 60e-3 * (1 + d / 5000) : 16e-6 * (1 + d / 500);
  else if (mode === 'dimension') s = Ns.length * 10e-3;
  else
    for (const d of ds)
      for (const N of Ns) s += 0.5 + 0.02 * Math.log10(Math.max(1, N)) * (1 + Math.log10(d) / 5);
  return s * perPair;
}

const FORMATS = ['table', 'md', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface BoundsFlags {
  d?: string;
  m?: string;
  bRel: string;
  N?: string;
  format: string;
  hp?: boolean;
  out?: string;
  maxWork: string;
}

function checkRange(flag: string, xs: readonly number[], lo: number, hi: number): void {
  for (const x of xs) {
    if (!(x >= lo && x <= hi)) throw new UsageError(`bounds: ${flag} must be in [${lo}, ${hi}], got ${x}`);
  }
}

function cellCount(...lists: number[]): number {
  return lists.reduce((a, b) => a * b, 1);
}

function render(format: Format, head: string[], rows: Record<string, unknown>[], digits: number): string {
  if (format === 'json') return toJson(rows);
  const cells = rows.map((r) => head.map((h) => r[h]));
  if (format === 'csv') return renderCsv(head, cells);
  const shown = cells.map((r) =>
    r.map((c) => (typeof c === 'number' && !Number.isInteger(c) ? Number(c.toPrecision(digits)) : c)),
  );
  return format === 'md' ? renderMarkdown(head, shown) : renderTable(head, shown);
}

/** `sigcheck bounds`: constellation-size bounds for choosing the embedding dimension. */
export function register(program: Command): void {
  program
    .command('bounds')
    .description(
      'bounds on the number N of (m, b_rel)-constellation pairs in dimension d (BBNP25 s3, docs/theory.md §2). ' +
        'Modes: --d --m (forward table), --N --m (dimension for N), --N --d (margin for N, d). ' +
        'Lists: a,b,c and ranges start:stop:count.',
    )
    .option('--d <list>', 'embedding dimensions (integers >= 2)')
    .option('--m <list>', 'margins in [0, 1]')
    .option('--b-rel <list>', "relative bias in [-1, 1], or 'best' (b_rel = 1 - m maximises capacity)", '0')
    .option('--N <list>', 'number of pairs (>= 1)')
    .option('--format <f>', 'table | md | csv | json', 'table')
    .option(
      '--hp',
      'forward mode: add decimal.js columns of the same bounds (upperKind says which) and their agreement (significant digits)',
    )
    .option('--out <file>', 'write the output to a file (atomically) instead of stdout')
    .option(
      '--max-work <s>',
      'refuse jobs estimated above this many seconds of work',
      String(DEFAULT_MAX_WORK_SECONDS),
    )
    .action((flags: BoundsFlags) => {
      const maxWork = parseNumber('--max-work', flags.maxWork);
      const checkWork = (seconds: number, rows: number): Progress => {
        if (seconds > maxWork) {
          throw new UsageError(
            `bounds: ${rows} rows need about ${formatSeconds(seconds)} of work, more than --max-work ${maxWork} s; narrow the ranges or raise --max-work`,
          );
        }
        return new Progress('bounds', rows, 'rows', seconds > 2);
      };
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`bounds: --format must be one of ${FORMATS.join(', ')}, got '${flags.format}'`);
      }
      const format = flags.format as Format;
      // 'best' may appear as an item of the --b-rel list; it is carried as NaN
      const bItems = flags.bRel.split(',').map((s) => s.trim());
      const numeric = bItems.filter((s) => s !== 'best');
      const bTyped =
        numeric.length > 0
          ? typedList(
              '--b-rel',
              parseListValues('--b-rel', numeric.join(','), false, MAX_BOUNDS_CELLS),
              -1,
              1,
            )
          : [];
      const bs = [...bTyped, ...(numeric.length < bItems.length ? ['best' as const] : [])];
      const hasD = flags.d !== undefined;
      const hasM = flags.m !== undefined;
      const hasN = flags.N !== undefined;
      const ds = hasD ? parseList('--d', flags.d!, true, MAX_BOUNDS_CELLS) : [];
      const ms = hasM
        ? typedList('--m', parseListValues('--m', flags.m!, false, MAX_BOUNDS_CELLS), 0, 1)
        : [];
      const Ns = hasN ? typedList('--N', parseListValues('--N', flags.N!, false, MAX_BOUNDS_CELLS), 1) : [];
      checkRange('--d', ds, 2, 10_000_000);
      const mode: BoundsMode | null =
        hasD && hasM && !hasN
          ? 'forward'
          : hasN && hasM && !hasD
            ? 'dimension'
            : hasN && hasD && !hasM
              ? 'margin'
              : null;
      if (mode === null) {
        throw new UsageError(
          'bounds: give exactly two of --d, --m, --N (forward: --d --m; dimension: --N --m; margin: --N --d)',
        );
      }
      const hp = mode === 'forward' && flags.hp === true;
      const [outer, inner] = mode === 'forward' ? [ms, ds] : mode === 'dimension' ? [ms, Ns] : [ds, Ns];
      const total = cellCount(inner.length, outer.length, bs.length);
      if (total > MAX_BOUNDS_CELLS) {
        throw new UsageError(
          mode === 'forward'
            ? `bounds: ${total} cells, more than ${MAX_BOUNDS_CELLS}`
            : `bounds: more than ${MAX_BOUNDS_CELLS} cells`,
        );
      }
      const progress = checkWork(
        boundsWorkSeconds(
          mode,
          ds,
          Ns.map((N) => N.x),
          (mode === 'forward' ? ms.length : mode === 'dimension' ? ms.length : 1) * bs.length,
          hp,
        ),
        total,
      );
      // 'best' is passed on as such: b_rel = 1 - m exactly (its double may print as a decimal
      // with m + b_rel > 1)
      const { head, rows } = buildBounds({ mode, ds, ms, Ns, bRels: bs, hp }, (done) =>
        progress.update(done),
      );
      progress.stop();
      emit(render(format, head, rows, 10), flags.out);
    });
}
