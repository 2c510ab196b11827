import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { forwardRowHp, rowAgreement } from '../bounds/hp/table.js';
import { dimensionForN, forwardRow, marginFor } from '../bounds/table.js';
import { renderCsv } from '../report/csv.js';
import { renderMarkdown } from '../report/markdown.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseList, parseNumber } from './args.js';
import { formatSeconds, Progress } from './progress.js';

/** Largest number of table cells (product of list lengths) one invocation may ask for. */
export const MAX_BOUNDS_CELLS = 1_000_000;

/** Default cap on the estimated work of one invocation, in seconds (see {@link boundsWorkSeconds}). */
export const DEFAULT_MAX_WORK_SECONDS = 120;

/**
 * Estimated seconds to compute `rows` in the given mode: a fixed cost model measured on one core
 * (forward rows 16 us, growing with d as the cap-area quadrature does; inversions 150 us; decimal.js
 * rows 60 ms, growing with d). Deterministic, so a refusal never depends on the machine's load.
 */
export function boundsWorkSeconds(
  mode: 'forward' | 'inverse',
  ds: readonly number[],
  rowsPerD: number,
  hp: boolean,
): number {
  if (mode === 'inverse') return ds.length * rowsPerD * 150e-6;
  let s = 0;
  for (const d of ds) s += hp ? 60e-3 * (1 + d / 5000) : 16e-6 * (1 + d / 500);
  return s * rowsPerD;
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
      const bs = [
        ...(numeric.length > 0 ? parseList('--b-rel', numeric.join(','), false, MAX_BOUNDS_CELLS) : []),
        ...(numeric.length < bItems.length ? [Number.NaN] : []),
      ];
      checkRange(
        '--b-rel',
        bs.filter((b) => !Number.isNaN(b)),
        -1,
        1,
      );
      const hasD = flags.d !== undefined;
      const hasM = flags.m !== undefined;
      const hasN = flags.N !== undefined;
      const ds = hasD ? parseList('--d', flags.d!, true, MAX_BOUNDS_CELLS) : [];
      const ms = hasM ? parseList('--m', flags.m!, false, MAX_BOUNDS_CELLS) : [];
      const Ns = hasN ? parseList('--N', flags.N!, false, MAX_BOUNDS_CELLS) : [];
      checkRange('--d', ds, 2, 10_000_000);
      checkRange('--m', ms, 0, 1);
      for (const N of Ns) if (!(N >= 1)) throw new UsageError(`bounds: --N must be >= 1, got ${N}`);
      // 'best' is passed on as such: b_rel = 1 - m exactly (its double may print as a decimal
      // with m + b_rel > 1)
      const bAt = (b: number): number | 'best' => (Number.isNaN(b) ? 'best' : b);
      let head: string[];
      const rows: Record<string, unknown>[] = [];
      if (hasD && hasM && !hasN) {
        if (cellCount(ds.length, ms.length, bs.length) > MAX_BOUNDS_CELLS) {
          throw new UsageError(
            `bounds: ${ds.length * ms.length * bs.length} cells, more than ${MAX_BOUNDS_CELLS}`,
          );
        }
        head = [
          'd',
          'm',
          'bRel',
          'rho',
          'feasible',
          'log10NLower',
          'log10NLowerPaper',
          'log10NUpper',
          'exponentLowerShannon',
          'exponentUpperPaper',
          'exponentUpperKL',
          'upperKind',
          'upperNote',
          'reason',
        ];
        if (flags.hp) head.push('log10NLowerHp', 'log10NLowerPaperHp', 'log10NUpperHp', 'agreeDigits');
        const total = ds.length * ms.length * bs.length;
        const progress = checkWork(
          boundsWorkSeconds('forward', ds, ms.length * bs.length, flags.hp === true),
          total,
        );
        for (const b of bs) {
          for (const m of ms) {
            for (const d of ds) {
              const bb = bAt(b);
              const row: Record<string, unknown> = { ...forwardRow(d, m, bb) };
              if (flags.hp) {
                const hp = forwardRowHp(d, m, bb);
                row.log10NLowerHp = hp.log10NLower?.toSignificantDigits(20).toString() ?? null;
                row.log10NLowerPaperHp = hp.log10NLowerPaper?.toSignificantDigits(20).toString() ?? null;
                row.log10NUpperHp = hp.log10NUpper?.toSignificantDigits(20).toString() ?? null;
                const a = rowAgreement(row as never, hp);
                row.agreeDigits = a === null ? null : Number(a.toFixed(2));
              }
              rows.push(row);
              progress.update(rows.length);
            }
          }
        }
        progress.stop();
      } else if (hasN && hasM && !hasD) {
        if (cellCount(Ns.length, ms.length, bs.length) > MAX_BOUNDS_CELLS) {
          throw new UsageError(`bounds: more than ${MAX_BOUNDS_CELLS} cells`);
        }
        head = ['N', 'm', 'bRel', 'dSufficient', 'dNecessary', 'reason'];
        const total = Ns.length * ms.length * bs.length;
        const progress = checkWork(boundsWorkSeconds('inverse', Ns, ms.length * bs.length, false), total);
        for (const b of bs)
          for (const m of ms)
            for (const N of Ns) {
              rows.push({ ...dimensionForN(N, m, bAt(b)) });
              progress.update(rows.length);
            }
        progress.stop();
      } else if (hasN && hasD && !hasM) {
        if (cellCount(Ns.length, ds.length, bs.length) > MAX_BOUNDS_CELLS) {
          throw new UsageError(`bounds: more than ${MAX_BOUNDS_CELLS} cells`);
        }
        head = ['N', 'd', 'bRel', 'mGuaranteed', 'mMax', 'reason'];
        const total = Ns.length * ds.length * bs.length;
        const progress = checkWork(boundsWorkSeconds('inverse', Ns, ds.length * bs.length, false), total);
        for (const b of bs)
          for (const d of ds)
            for (const N of Ns) {
              rows.push({ ...marginFor(N, d, bAt(b)) });
              progress.update(rows.length);
            }
        progress.stop();
      } else {
        throw new UsageError(
          'bounds: give exactly two of --d, --m, --N (forward: --d --m; dimension: --N --m; margin: --N --d)',
        );
      }
      emit(render(format, head, rows, 10), flags.out);
    });
}
