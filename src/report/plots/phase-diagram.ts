/**
 * The LCS24 phase diagram: the optimal positive cosine c1* of the CCEM problem over (N, t) on the
 * diagonal t = b, with the two threshold curves T_ETF(N) and T_ANTI(N), drawn from the data
 * `src/documents/phase.ts` builds (docs/theory.md §1).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PhaseDiagram } from '../../documents/phase.js';
import { type Plot, renderSvg } from './render.js';

/** The vega-lite spec of the phase diagram for the given data. */
export function phaseDiagramSpec(data: PhaseDiagram): TopLevelSpec {
  const { grid } = data;
  const half = grid.dt / 2;
  const cells = data.cells.map((c) => ({
    ...c,
    x0: c.N - 0.5,
    x1: c.N + 0.5,
    y0: c.t - half,
    y1: c.t + half,
  }));
  const curves = data.thresholds.map((p) => ({
    ...p,
    name: p.curve === 'T_ETF' ? 'T_ETF(N) = ((N−1)/N) ln(N−3)' : 'T_ANTI(N) = ½ ln((N−2)/2)',
  }));
  const x = { scale: { domain: [grid.nMin - 0.5, grid.nMax + 0.5], nice: false, zero: false } };
  const y = { scale: { domain: [0, grid.tMax + half], nice: false, zero: true } };
  const at = Math.round(grid.nMin + 0.62 * (grid.nMax - grid.nMin));
  const th = data.thresholds.filter((p) => p.N === at);
  const tEtf = th.find((p) => p.curve === 'T_ETF')?.t ?? Number.NaN;
  const tAnti = th.find((p) => p.curve === 'T_ANTI')?.t ?? Number.NaN;
  const labels = [
    { N: grid.nMin + 2, t: grid.tMax * 0.9, text: 'ETF: c1* = 1 (U = V)', color: 'black' },
    { N: grid.nMax - 16, t: grid.tMax * 0.08, text: 'antipodal: c1* = −1', color: 'white' },
    { N: at, t: tEtf + 0.12, text: 'T_ETF(N)', color: 'black' },
    { N: at, t: tAnti - 0.3, text: 'T_ANTI(N)', color: 'white' },
    { N: at, t: (tEtf + tAnti) / 2, text: 'interior CCEM(δ)', color: 'white' },
  ].filter((l) => Number.isFinite(l.t) && l.t > 0 && l.t < grid.tMax);
  return {
    width: 620,
    height: 360,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', aria: false },
        encoding: {
          x: { field: 'x0', type: 'quantitative', title: 'N (pairs; d ≥ N)', ...x },
          x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 't = b (inverse temperature, bias)', ...y },
          y2: { field: 'y1' },
          color: {
            field: 'c1',
            type: 'quantitative',
            title: 'c1* = ⟨U_i, V_i⟩',
            scale: { scheme: 'viridis', domain: [-1, 1] },
            legend: { orient: 'right', gradientLength: 300 },
          },
        },
      },
      {
        data: { values: curves },
        mark: { type: 'line', color: 'white', strokeWidth: 2.5, clip: true },
        encoding: {
          x: { field: 'N', type: 'quantitative', ...x },
          y: { field: 't', type: 'quantitative', ...y },
          strokeDash: {
            field: 'name',
            type: 'nominal',
            title: 'threshold (t = b)',
            scale: {
              range: [
                [1, 0],
                [6, 3],
              ],
            },
            legend: { orient: 'bottom', direction: 'vertical', symbolStrokeColor: 'black', labelLimit: 400 },
          },
        },
      },
      {
        data: { values: labels },
        mark: { type: 'text', fontSize: 13, align: 'left', fontWeight: 'bold' },
        encoding: {
          x: { field: 'N', type: 'quantitative', ...x },
          y: { field: 't', type: 'quantitative', ...y },
          text: { field: 'text' },
          color: { field: 'color', type: 'nominal', scale: null },
        },
      },
    ],
  } as TopLevelSpec;
}

/** The phase diagram as a report plot (SVG plus its two tables). */
export async function phaseDiagramPlot(data: PhaseDiagram): Promise<Plot> {
  const { grid } = data;
  const svg = await renderSvg(phaseDiagramSpec(data), 'LCS24 phase diagram: c1* over N and t = b');
  return {
    id: 'phase-diagram',
    title: 'LCS24 phase diagram: optimal positive cosine c1* over (N, t = b)',
    caption:
      `c1* = ⟨U_i, V_i⟩ of the global minimiser of the sigmoid loss (d ≥ N, t = b), computed by ccemOptimum on ` +
      `N = ${grid.nMin}..${grid.nMax}, t = ${grid.dt}..${grid.tMax} in steps of ${grid.dt}. ` +
      'Above T_ETF(N) the optimum is the simplex ETF (U = V, c1* = 1); below T_ANTI(N) it is antipodal ' +
      '(c1* = −1); in between, an interior CCEM(δ). Source: LCS24 (arXiv 2402.12613), thresholds as iff (docs/theory.md §1).',
    svg,
    tables: [
      {
        file: 'phase-diagram.csv',
        label: `grid (${data.cells.length} rows: N, t, c1, regime)`,
        columns: ['N', 't', 'c1', 'regime'],
        rows: data.cells.map((c) => [c.N, c.t, c.c1, c.regime]),
      },
      {
        file: 'phase-thresholds.csv',
        label: `threshold curves (${data.thresholds.length} rows: N, curve, t)`,
        columns: ['N', 'curve', 't'],
        rows: data.thresholds.map((p) => [p.N, p.curve, p.t]),
      },
    ],
  };
}
