/**
 * Capacity curves: log10 of the largest number N of (m, b_rel)-constellation pairs in R^d, lower
 * and upper bounds against d, for chosen (m, b_rel), drawn from the table
 * `src/documents/capacity.ts` builds (docs/theory.md §2).
 */
import type { TopLevelSpec } from 'vega-lite';
import {
  CAPACITY_D_MAX,
  type CapacityPair,
  type CapacityRow,
  type CapacityTable,
} from '../../documents/capacity.js';
import { type Plot, renderSvg } from './render.js';

/** The vega-lite spec: lower bounds solid, upper bounds dashed, one colour per pair. */
export function capacitySpec(rows: readonly CapacityRow[], pairs: readonly CapacityPair[]): TopLevelSpec {
  const long: { pair: string; d: number; bound: string; log10N: number }[] = [];
  for (const r of rows) {
    if (r.log10NLower !== null)
      long.push({ pair: r.pair, d: r.d, bound: 'lower: A(d−1, ρ) ≥ 1/Ω', log10N: r.log10NLower });
    if (r.log10NUpper !== null)
      long.push({ pair: r.pair, d: r.d, bound: 'upper: best bound on A(d, ρ)', log10N: r.log10NUpper });
  }
  const marks = pairs.flatMap((p) => {
    const r = rows.find((x) => x.pair === p.label && x.d === p.d);
    return r !== undefined && r.log10NLower !== null
      ? [
          {
            pair: p.label,
            d: r.d,
            log10N: r.log10NLower,
            text: `d = ${r.d}: N ≥ 10^${r.log10NLower.toFixed(0)}`,
          },
        ]
      : [];
  });
  const x = {
    field: 'd',
    type: 'quantitative',
    title: 'embedding dimension d',
    scale: { domain: [0, CAPACITY_D_MAX] },
  };
  const y = { field: 'log10N', type: 'quantitative', title: 'log10 N (number of pairs)' };
  const color = {
    field: 'pair',
    type: 'nominal',
    title: '(m, b_rel)',
    scale: { domain: pairs.map((p) => p.label), scheme: 'tableau10' },
    legend: { orient: 'bottom', direction: 'vertical', labelLimit: 500 },
  };
  return {
    width: 720,
    height: 330,
    layer: [
      {
        data: { values: long },
        mark: { type: 'line', strokeWidth: 2, aria: false },
        encoding: {
          x,
          y,
          color,
          strokeDash: {
            field: 'bound',
            type: 'nominal',
            title: 'bound',
            scale: {
              range: [
                [1, 0],
                [6, 4],
              ],
            },
            legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
          },
          detail: { field: 'bound', type: 'nominal' },
        },
      },
      ...(marks.length > 0
        ? [
            {
              data: { values: marks },
              mark: { type: 'point', filled: true, size: 60, stroke: 'white' },
              encoding: { x, y, color },
            },
          ]
        : []),
      ...(['left', 'right'] as const)
        .map((align) => ({
          align,
          // labels only where the curves have spread apart; the dot is drawn at every d
          values: marks.filter((mk) => mk.d >= 150 && (align === 'left') === mk.d < CAPACITY_D_MAX / 2),
        }))
        .filter((l) => l.values.length > 0)
        .map(({ align, values }) => ({
          data: { values },
          mark: { type: 'text', align, dx: align === 'left' ? 8 : -8, dy: -8, fontSize: 11 },
          encoding: { x, y, text: { field: 'text' } },
        })),
    ],
  } as TopLevelSpec;
}

/**
 * The capacity curves as a report plot. A table without rows (the bounds failed) gives an empty
 * SVG and a `note` saying why.
 */
export async function capacityPlot(table: CapacityTable): Promise<Plot & { note: string | null }> {
  const base = {
    id: 'capacity',
    title: 'Capacity: how many pairs fit as an (m, b_rel)-constellation in R^d',
    caption:
      'Bounds on N_MRB(d, m, b_rel), the largest number of pairs forming an (m, b_rel)-constellation, from the ' +
      'capacity sandwich A(d−1, ρ) ≤ N ≤ A(d, ρ) with ρ = (1 + b_rel − 3m)/(1 + b_rel + m) (docs/theory.md §2). ' +
      'Solid: the covering lower bound −log10 Ω_{d−1}(arccos ρ) (a one-coordinate construction; BBNP25 ' +
      'Construction 1 reaches A(d−2, ρ)). Dashed: the best finite-d upper bound on A(d, ρ) (exact value, ' +
      'Levenshtein, or packing). Dots: each published model at its own d. All values in log space; at d = 1152 ' +
      'the cap areas underflow float64.',
  };
  if (table.error !== null) {
    return { ...base, svg: '', tables: [], note: `bounds module not available: ${table.error}` };
  }
  const { rows, pairs } = table;
  const svg = await renderSvg(capacitySpec(rows, pairs), 'capacity bounds log10 N against d');
  return {
    ...base,
    svg,
    tables: [
      {
        file: 'capacity.csv',
        label: `bounds (${rows.length} rows: pair, m, b_rel, rho, d, log10 N lower, log10 N upper, upper kind)`,
        columns: ['pair', 'm', 'bRel', 'rho', 'd', 'log10NLower', 'log10NUpper', 'upperKind'],
        rows: rows.map((r) => [r.pair, r.m, r.bRel, r.rho, r.d, r.log10NLower, r.log10NUpper, r.upperKind]),
      },
    ],
    note: null,
  };
}
