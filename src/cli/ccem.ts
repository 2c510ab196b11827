import type { Command } from 'commander';
import { buildCcem, type CcemRow } from '../documents/ccem.js';
import { UsageError } from '../errors.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseInteger, parseListValues } from './args.js';

/** Largest --digits accepted, and the largest number of sweep points. */
export const MAX_DIGITS = 1000;
export const MAX_POINTS = 100_000;

interface CcemFlags {
  N: string;
  t: string;
  b?: string;
  digits?: string;
  format: string;
}

/** Largest |t| and |b| accepted (the loss then stays inside decimal.js's exponent range). */
export const MAX_ABS_TB = 1e15;

/**
 * Cost cap of a --digits sweep, in units of one point at 50 digits (about 10 ms on one core): a
 * point at D digits costs about (D/50)^2 units (decimal multiplication is quadratic). Deterministic
 * (it counts work, not seconds), so a sweep either runs or is refused up front with the flags to
 * change; 20,000 units is some minutes of work.
 */
export const MAX_DIGITS_COST = 20_000;

/** Cost units of one --digits point (see {@link MAX_DIGITS_COST}). */
export function digitsPointCost(digits: number): number {
  return Math.max(1, (digits / 50) ** 2);
}

/** `sigcheck ccem`: the CCEM optimum c1*(N, t, b), one point or a sweep (the LCS24 figure). */
export function register(program: Command): void {
  program
    .command('ccem')
    .description('CCEM optimum (LCS24): regime, c1*, c2*, delta*, per-anchor loss; lists and ranges sweep')
    .requiredOption('--N <n>', 'N >= 3: a number, a list 8,16,50 or a range start:stop:count')
    .requiredOption('--t <t>', 't > 0: a number, a list or a range start:stop:count (e.g. 0.1:5:50)')
    .option('--b <b>', 'bias b (default: b = t, the LCS24 diagonal); a number, list or range')
    .option(
      '--digits <D>',
      `decimal.js with D significant digits (<= ${MAX_DIGITS}); numbers become strings; sweeps are capped by cost`,
    )
    .option('--format <f>', 'table | json', 'table')
    .action((flags: CcemFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const digits =
        flags.digits === undefined ? undefined : parseInteger('--digits', flags.digits, 5, MAX_DIGITS);
      const ns = parseListValues('--N', flags.N, true, MAX_POINTS);
      for (const n of ns) if (n.x < 3) throw new UsageError(`--N must be >= 3, got ${n.text}`);
      if (ns.some((n) => n.x > 1e9)) throw new UsageError('--N must be <= 1e9');
      const ts = parseListValues('--t', flags.t, false, MAX_POINTS);
      for (const t of ts) if (!(t.x > 0)) throw new UsageError(`--t must be > 0, got ${t.text}`);
      const bs = flags.b === undefined ? null : parseListValues('--b', flags.b, false, MAX_POINTS);
      for (const v of [...ts, ...(bs ?? [])])
        if (Math.abs(v.x) > MAX_ABS_TB)
          throw new UsageError(`--t and --b must be at most ${MAX_ABS_TB} in magnitude, got ${v.text}`);
      const count = ns.length * ts.length * (bs?.length ?? 1);
      if (count > MAX_POINTS) throw new UsageError(`ccem: ${count} points, more than ${MAX_POINTS}`);
      if (digits !== undefined && count * digitsPointCost(digits) > MAX_DIGITS_COST) {
        const most = Math.max(1, Math.floor(MAX_DIGITS_COST / digitsPointCost(digits)));
        throw new UsageError(
          `ccem: ${count} points at --digits ${digits} exceed the cost cap (at most ${most} points at that --digits); use fewer points or a lower --digits`,
        );
      }
      const rows: CcemRow[] = buildCcem({
        ns,
        ts,
        ...(bs !== null ? { bs } : {}),
        ...(digits !== undefined ? { digits } : {}),
      });
      if (format === 'json') {
        emit(toJson(rows.length === 1 ? rows[0] : rows));
        return;
      }
      const head = ['N', 't', 'b', 'regime', 'c1', 'c2', 'delta', 'loss', 'log10(loss)', 'T_ETF', 'T_ANTI'];
      emit(
        renderTable(
          head,
          rows.map((r) => {
            const th = r.thresholds as { etf: unknown; antipodal: unknown } | undefined;
            return [
              r.N,
              r.t,
              r.b,
              r.regime,
              r.c1,
              r.c2,
              r.delta,
              r.loss,
              r.log10Loss,
              th?.etf ?? '',
              th?.antipodal ?? '',
            ];
          }),
        ),
      );
    });
}
