import type { Command } from 'commander';
import { ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';
import { ccemOptimumHp, ccemThresholdsHp } from '../../constructions/ccem-hp.js';
import { UsageError } from '../errors.js';
import { hpContext } from '../numeric/hp/decimal.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseInteger, parseNumber } from './args.js';

/** Largest --digits accepted, and the largest number of sweep points. */
export const MAX_DIGITS = 1000;
export const MAX_POINTS = 100_000;

/**
 * Parses a list flag: `8`, `8,16,50`, or a range `start:stop:count` (count points, both ends
 * included), or a comma-separated mix. Values are kept as the user's strings (exact decimals for
 * --digits) alongside their doubles.
 */
export function parseList(flag: string, value: string, integer: boolean): { text: string; x: number }[] {
  const out: { text: string; x: number }[] = [];
  for (const part of value.split(',')) {
    const p = part.trim();
    if (p === '') throw new UsageError(`${flag}: empty entry in '${value}'`);
    const bits = p.split(':');
    if (bits.length === 1) {
      const x = parseNumber(flag, p);
      if (integer && !Number.isInteger(x)) throw new UsageError(`${flag} must be integers, got '${p}'`);
      out.push({ text: p, x });
    } else if (bits.length === 3) {
      const a = parseNumber(`${flag} (range start)`, bits[0]!);
      const b = parseNumber(`${flag} (range stop)`, bits[1]!);
      const k = parseInteger(`${flag} (range count)`, bits[2]!, 1, MAX_POINTS);
      for (let i = 0; i < k; i++) {
        const x = k === 1 ? a : a + ((b - a) * i) / (k - 1);
        const v = integer ? Math.round(x) : x;
        out.push({ text: String(v), x: v });
      }
    } else {
      throw new UsageError(
        `${flag}: expected a number, a list a,b,c or a range start:stop:count, got '${p}'`,
      );
    }
    if (out.length > MAX_POINTS) throw new UsageError(`${flag}: more than ${MAX_POINTS} values`);
  }
  return out;
}

interface CcemFlags {
  N: string;
  t: string;
  b?: string;
  digits?: string;
  format: string;
}

/** One optimum as printed: numbers (float64) or decimal strings of D significant digits. */
export type CcemRow = Record<string, unknown>;

/** The optimum for one (N, t, b), with thresholds when t = b. */
export function ccemRow(
  n: number,
  t: { text: string; x: number },
  b: { text: string; x: number },
  digits?: number,
): CcemRow {
  const diagonal = t.x === b.x;
  if (digits === undefined) {
    const o = ccemOptimum(n, t.x, b.x);
    return {
      N: n,
      t: t.x,
      b: b.x,
      regime: o.regime,
      c1: o.c1,
      c2: o.c2,
      delta: o.delta,
      loss: o.loss,
      ...(diagonal ? { thresholds: ccemThresholds(n) } : {}),
    };
  }
  const o = ccemOptimumHp(n, t.text, b.text, digits);
  const s = (d: { isFinite(): boolean; toPrecision(p: number): string; toString(): string }) =>
    d.isFinite() ? d.toPrecision(digits) : d.toString();
  const D = hpContext(digits);
  const th = ccemThresholdsHp(hpContext(digits + 10), n);
  return {
    N: n,
    t: s(new D(t.text)),
    b: s(new D(b.text)),
    regime: o.regime,
    c1: s(o.c1),
    c2: s(o.c2),
    delta: s(o.delta),
    loss: s(o.loss),
    ...(diagonal
      ? {
          thresholds: {
            etf: s(new D(th.etf.toSignificantDigits(digits))),
            antipodal: s(new D(th.antipodal.toSignificantDigits(digits))),
          },
        }
      : {}),
  };
}

/** `sigcheck ccem`: the CCEM optimum c1*(N, t, b), one point or a sweep (the LCS24 figure). */
export function register(program: Command): void {
  program
    .command('ccem')
    .description('CCEM optimum (LCS24): regime, c1*, c2*, delta*, per-anchor loss; lists and ranges sweep')
    .requiredOption('--N <n>', 'N >= 3: a number, a list 8,16,50 or a range start:stop:count')
    .requiredOption('--t <t>', 't > 0: a number, a list or a range start:stop:count (e.g. 0.1:5:50)')
    .option('--b <b>', 'bias b (default: b = t, the LCS24 diagonal); a number, list or range')
    .option('--digits <D>', `decimal.js with D significant digits (<= ${MAX_DIGITS}); numbers become strings`)
    .option('--format <f>', 'table | json', 'table')
    .action((flags: CcemFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const digits =
        flags.digits === undefined ? undefined : parseInteger('--digits', flags.digits, 5, MAX_DIGITS);
      const ns = parseList('--N', flags.N, true);
      for (const n of ns) if (n.x < 3) throw new UsageError(`--N must be >= 3, got ${n.text}`);
      if (ns.some((n) => n.x > 1e9)) throw new UsageError('--N must be <= 1e9');
      const ts = parseList('--t', flags.t, false);
      for (const t of ts) if (!(t.x > 0)) throw new UsageError(`--t must be > 0, got ${t.text}`);
      const bs = flags.b === undefined ? null : parseList('--b', flags.b, false);
      const count = ns.length * ts.length * (bs?.length ?? 1);
      if (count > MAX_POINTS) throw new UsageError(`ccem: ${count} points, more than ${MAX_POINTS}`);
      const rows: CcemRow[] = [];
      for (const n of ns)
        for (const t of ts) for (const b of bs ?? [t]) rows.push(ccemRow(n.x, t, b, digits));
      if (format === 'json') {
        emit(toJson(rows.length === 1 ? rows[0] : rows));
        return;
      }
      const head = ['N', 't', 'b', 'regime', 'c1', 'c2', 'delta', 'loss', 'T_ETF', 'T_ANTI'];
      emit(
        renderTable(
          head,
          rows.map((r) => {
            const th = r.thresholds as { etf: unknown; antipodal: unknown } | undefined;
            return [r.N, r.t, r.b, r.regime, r.c1, r.c2, r.delta, r.loss, th?.etf ?? '', th?.antipodal ?? ''];
          }),
        ),
      );
    });
}
