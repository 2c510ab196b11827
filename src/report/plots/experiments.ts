/**
 * One plot per experiment output (`sigcheck experiment run <id> --format json`), for the
 * experiments where a picture says more than the table: lcs24-phase (s against the closed-form
 * c1*), bbnp25-fixed-brel (margin against b_rel with the published numbers and the prediction) and
 * xi-decay (xi over the steps). Other experiments get their table only.
 *
 * The plots read the document's rows by column key; {@link EXPERIMENT_PLOT_KEYS} lists the keys each
 * plot needs, so the report can refuse a document without them before any work.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Cell, Row } from '../../documents/experiment.js';
import { type Plot, type PlotTable, renderSvg } from './render.js';

/** The part of an experiment document a plot reads. */
export interface ExperimentPlotInput {
  readonly experiment: string;
  readonly seeds: number;
  readonly quick: boolean;
  readonly rows: readonly Row[];
}

/**
 * A cell as a number: numbers as they are, the strings sigcheck writes for non-finite values and
 * approximate published values such as `~1e-4` parsed; anything else null.
 * @example cellNumber('~1e-4') === 1e-4
 */
export function cellNumber(c: Cell | undefined): number | null {
  if (typeof c === 'number') return c;
  if (typeof c !== 'string') return null;
  const s = c.trim().replace(/^~/, '');
  if (s === '') return null;
  const x = Number(s);
  return Number.isNaN(x) && s !== 'NaN' ? null : x;
}

const finite = (x: number | null): x is number => x !== null && Number.isFinite(x);

function seedsText(doc: ExperimentPlotInput): string {
  return `${doc.seeds} seed${doc.seeds === 1 ? '' : 's'}${doc.quick ? ', quick run' : ''}`;
}

/** One plotted point of a series, with an optional ± sd interval. */
interface SeriesPoint {
  readonly series: string;
  readonly x: number;
  readonly y: number;
  readonly lo: number | null;
  readonly hi: number | null;
}

/** Mean ± sd interval of an `ours` cell; null when there is no finite sd. */
function interval(row: Row, key: string, y: number): { lo: number | null; hi: number | null } {
  const sd = cellNumber(row[`${key}_sd`]);
  return finite(sd) ? { lo: y - sd, hi: y + sd } : { lo: null, hi: null };
}

function seriesTable(file: string, what: string, xName: string, points: readonly SeriesPoint[]): PlotTable {
  return {
    file,
    label: `${what} (${points.length} rows: series, ${xName}, value, value - sd, value + sd)`,
    columns: ['series', xName, 'value', 'lo', 'hi'],
    rows: points.map((p) => [p.series, p.x, p.y, p.lo, p.hi]),
  };
}

// ---------------------------------------------------------------------------------------------
// lcs24-phase

/** s (ours) against c1* (closed form) at each (N, t = b), with the diagonal s = c1*. */
function lcs24PhaseSpec(points: readonly { N: string; t: number; c1: number; s: number }[]): TopLevelSpec {
  const axis = { domain: [-1.05, 1.05], nice: false };
  return {
    width: 420,
    height: 340,
    layer: [
      {
        data: {
          values: [
            { x: -1, y: -1 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', color: '#999', strokeDash: [5, 4], strokeWidth: 1.5, aria: false },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: axis },
          y: { field: 'y', type: 'quantitative', scale: axis },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', size: 110, filled: true, opacity: 0.75, aria: false },
        encoding: {
          x: { field: 'c1', type: 'quantitative', title: 'closed-form c1* (LCS24 optimum)', scale: axis },
          y: { field: 's', type: 'quantitative', title: 's = mean G_ii (ours, seed mean)', scale: axis },
          // Nominal, not ordinal: the ordinal ramp makes the smallest N almost white.
          color: { field: 'N', type: 'nominal', title: 'N (= d)', sort: null },
          shape: { field: 't', type: 'nominal', title: 't = b', sort: null },
        },
      },
    ],
  } as TopLevelSpec;
}

async function lcs24PhasePlot(doc: ExperimentPlotInput, id: string, file: string): Promise<Plot | null> {
  const points = doc.rows
    .map((r) => ({ n: cellNumber(r.n), t: cellNumber(r.t), c1: cellNumber(r.c1), s: cellNumber(r.s), r }))
    .filter((p) => finite(p.n) && finite(p.t) && finite(p.c1) && finite(p.s))
    .map((p) => ({ N: String(p.n), t: p.t!, c1: p.c1!, s: p.s!, sd: cellNumber(p.r.s_sd) }));
  if (points.length === 0) return null;
  const svg = await renderSvg(lcs24PhaseSpec(points), 'lcs24-phase: measured s against the closed-form c1*');
  const worst = Math.max(...points.map((p) => Math.abs(p.s - p.c1)));
  return {
    id,
    title: 'lcs24-phase: measured s against the closed-form c1*',
    caption:
      `Each point is one (N, t = b) cell of the grid, d = N (${seedsText(doc)}): the mean positive cosine s of ` +
      'directly optimised embeddings against the LCS24 closed-form optimum c1* (1 in the ETF regime, -1 antipodal, ' +
      `in between otherwise). The dashed line is s = c1*; the largest |s - c1*| drawn is ${worst.toExponential(1)}. ` +
      'Cells of the same regime coincide.',
    svg,
    tables: [
      {
        file,
        label: `plotted points (${points.length} rows: N, t = b, c1*, s, sd of s)`,
        columns: ['N', 't', 'c1', 's', 's_sd'],
        rows: points.map((p) => [p.N, p.t, p.c1, p.s, p.sd]),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// bbnp25-fixed-brel

const BREL_SERIES = [
  { key: 'margin', name: 'ours: m* (mean ± sd)', color: '#1f77b4', dash: [1, 0] },
  { key: 'pub_margin', name: 'published m* (BBNP25 CSV)', color: '#d62728', dash: [1, 0] },
  { key: 'pred', name: 'prediction m(rho), rho measured', color: '#2ca02c', dash: [6, 4] },
  { key: 'predPub', name: 'prediction m(rho_pub)', color: '#9467bd', dash: [2, 3] },
] as const;

function fixedBrelSpec(points: readonly SeriesPoint[]): TopLevelSpec {
  const names = BREL_SERIES.map((s) => s.name);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: names, range: BREL_SERIES.map((s) => s.color) },
    legend: {
      orient: 'bottom',
      direction: 'vertical',
      labelLimit: 420,
      symbolType: 'stroke',
      symbolStrokeWidth: 2.5,
      symbolSize: 300,
    },
  };
  return {
    width: 460,
    height: 300,
    data: { values: points },
    layer: [
      {
        transform: [{ filter: 'datum.lo !== null' }],
        mark: { type: 'rule', strokeWidth: 1.5, aria: false },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
          color,
        },
      },
      {
        mark: { type: 'line', point: { size: 45 }, strokeWidth: 2, aria: false },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: 'fixed relative bias b_rel = b / t' },
          y: { field: 'y', type: 'quantitative', title: 'margin m*' },
          color,
          strokeDash: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: names, range: BREL_SERIES.map((s) => s.dash) },
            // The same legend as the colour, so vega-lite merges the two into one.
            legend: color.legend,
          },
        },
      },
    ],
  } as TopLevelSpec;
}

async function fixedBrelPlot(doc: ExperimentPlotInput, id: string, file: string): Promise<Plot | null> {
  const points: SeriesPoint[] = [];
  for (const s of BREL_SERIES) {
    for (const r of doc.rows) {
      const x = cellNumber(r.bRel);
      const y = cellNumber(r[s.key]);
      if (!finite(x) || !finite(y)) continue;
      const iv = s.key === 'margin' ? interval(r, 'margin', y) : { lo: null, hi: null };
      points.push({ series: s.name, x, y, ...iv });
    }
  }
  if (!points.some((p) => p.series === BREL_SERIES[0].name)) return null;
  const svg = await renderSvg(
    fixedBrelSpec(points),
    'bbnp25-fixed-brel: margin against fixed b_rel, ours, published and predicted',
  );
  return {
    id,
    title: 'bbnp25-fixed-brel: margin m* against the fixed relative bias',
    caption:
      `RB-Sig trained with b_rel held fixed (${seedsText(doc)}): our final margin m* (seed mean, bars ± sd), the ` +
      "authors' published margins, and the constant-rho prediction m(rho) = min((1 + b)(1 - rho)/(3 + rho), (1 - rho)/2) " +
      'with rho measured on our runs and on the published (m*, b*). A negative m* means no constellation was reached.',
    svg,
    tables: [seriesTable(file, 'plotted series', 'bRel', points)],
  };
}

// ---------------------------------------------------------------------------------------------
// xi-decay

function xiSpec(points: readonly (SeriesPoint & { kind: string })[], published: boolean): TopLevelSpec {
  const x = { field: 'x', type: 'quantitative', title: 'step' };
  const color = { field: 'series', type: 'nominal', title: 'dimension', sort: null };
  return {
    width: 460,
    height: 300,
    data: { values: points },
    layer: [
      {
        transform: [{ filter: "datum.kind === 'ours' && datum.lo !== null" }],
        mark: { type: 'rule', strokeWidth: 1.5, aria: false },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
      },
      {
        transform: [{ filter: "datum.kind === 'ours'" }],
        mark: { type: 'line', point: { size: 45 }, strokeWidth: 2, aria: false },
        encoding: {
          x,
          y: { field: 'y', type: 'quantitative', title: 'log10 xi', scale: { zero: false } },
          color,
        },
      },
      // Only with published values: an empty layer has an infinite extent (a vega warning).
      ...(published
        ? [
            {
              transform: [{ filter: "datum.kind === 'published'" }],
              mark: { type: 'point', shape: 'diamond', size: 110, filled: true, color: '#222', aria: false },
              encoding: { x, y: { field: 'y', type: 'quantitative' } },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}

async function xiDecayPlot(doc: ExperimentPlotInput, id: string, file: string): Promise<Plot | null> {
  const points: (SeriesPoint & { kind: string })[] = [];
  let published = 0;
  for (const r of doc.rows) {
    const d = cellNumber(r.d);
    const step = cellNumber(r.step);
    const xi = cellNumber(r.log10Xi);
    if (!finite(d) || !finite(step)) continue;
    if (finite(xi)) {
      const iv = interval(r, 'log10Xi', xi);
      points.push({ series: `d = ${d}`, kind: 'ours', x: step, y: xi, lo: iv.lo, hi: iv.hi });
    }
    const pub = cellNumber(r.pub_log10Xi);
    if (finite(pub)) {
      published++;
      points.push({ series: `published, d = ${d}`, kind: 'published', x: step, y: pub, lo: null, hi: null });
    }
  }
  if (!points.some((p) => p.kind === 'ours')) return null;
  const svg = await renderSvg(
    xiSpec(points, published > 0),
    'xi-decay: xi against the training step, one line per dimension',
  );
  return {
    id,
    title: 'xi-decay: non-parallelism xi of U_i - V_i over training',
    caption:
      `log10 of xi = mean_i |U_i - V_i| - |mean_i (U_i - V_i)| at each checkpoint of RB-Sig training (b_rel = 0 fixed), N = 100 (${seedsText(doc)}; ` +
      'seed mean of log10 xi, bars ± sd). xi = 0 exactly on the Construction 1 optima (BBNP25). ' +
      (published > 0 ? "Black diamonds: the authors' reported value at their budget." : ''),
    svg,
    tables: [
      {
        file,
        label: `plotted points (${points.length} rows: series, step, log10 xi, - sd, + sd)`,
        columns: ['series', 'step', 'log10Xi', 'lo', 'hi'],
        rows: points.map((p) => [p.series, p.x, p.y, p.lo, p.hi]),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------

// A Map, not an object: an id read from a file must not reach Object.prototype.
const PLOTTERS: ReadonlyMap<
  string,
  (doc: ExperimentPlotInput, id: string, file: string) => Promise<Plot | null>
> = new Map([
  ['lcs24-phase', lcs24PhasePlot],
  ['bbnp25-fixed-brel', fixedBrelPlot],
  ['xi-decay', xiDecayPlot],
]);

/**
 * The plot of an experiment output, or null when the experiment has none (or no row has the values
 * to draw).
 * @param id - the plot id (HTML id `plot-<id>`)
 * @param file - the file name of the plotted data's CSV link
 */
export async function experimentPlot(
  doc: ExperimentPlotInput,
  id: string,
  file: string,
): Promise<Plot | null> {
  const plotter = PLOTTERS.get(doc.experiment);
  return plotter === undefined ? null : plotter(doc, id, file);
}
