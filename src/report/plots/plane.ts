/**
 * The BBNP25 (b_rel, m) plane: the feasible region, the exponential-capacity region, the region
 * where N is bounded independently of d, the modality-gap region, published SigLIP models and the
 * analysed embeddings as points.
 * @remarks BBNP25 Thm 3.3, 3.4, 3.6; docs/theory.md §2 and §4.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PUBLISHED_SIGLIP_MODELS } from '../../data/published-siglip.js';
import { type Plot, renderSvg } from './render.js';

/** A labelled point of the plane. */
export interface PlanePoint {
  readonly label: string;
  /** Legend group, e.g. `published SigLIP`. */
  readonly group: string;
  readonly bRel: number;
  readonly m: number;
  /** Embedding dimension, when known. */
  readonly d?: number;
  /** Where the label goes relative to the point (zoom panel). @defaultValue 'right' */
  readonly labelAt?: 'right' | 'left' | 'above' | 'below';
}

/** Where each published model's label goes in the zoom panel (the two upper models sit close). */
const LABEL_AT: ReadonlyMap<string, PlanePoint['labelAt']> = new Map([
  ['so400m-patch14-384', 'above'],
  ['large-patch16-256', 'below'],
]);

/**
 * The three SigLIP models of BBNP25 (ImageNet validation, mean-based m and b_rel).
 * @remarks docs/theory.md §4 (BBNP25 real-model table).
 */
export const PUBLISHED_SIGLIP: readonly PlanePoint[] = PUBLISHED_SIGLIP_MODELS.map((p): PlanePoint => {
  const labelAt = LABEL_AT.get(p.model);
  return {
    label: p.model,
    group: 'published SigLIP (BBNP25)',
    d: p.d,
    m: p.m,
    bRel: p.bRel,
    ...(labelAt !== undefined ? { labelAt } : {}),
  };
});

/** One vertex row of a region: the region is the band lo <= m <= hi over b_rel (piecewise linear). */
interface RegionRow {
  readonly region: string;
  readonly bRel: number;
  readonly lo: number;
  readonly hi: number;
}

const EXP = 'exponential capacity in d (Thm 3.3): feasible interior';
const BOUNDED = 'N ≤ 4m/(3m − 1 − b_rel) for every d: 3m > 1 + b_rel';
const EMPTY = 'no constellation: m + b_rel > 1';
const GAP = 'modality gap: m > |b_rel| (Thm 3.6, sufficient)';

/**
 * The regions as bands over b_rel (vertices only: every boundary is a line, so linear
 * interpolation between vertices is exact). The feasible region m + b_rel <= 1, 3m <= 1 + b_rel
 * (Thm 3.4 in its large-N form) is the closure of the exponential-capacity triangle.
 */
export function planeRegions(): RegionRow[] {
  return [
    { region: EXP, bRel: -1, lo: 0, hi: 0 },
    { region: EXP, bRel: 0.5, lo: 0, hi: 0.5 },
    { region: EXP, bRel: 1, lo: 0, hi: 0 },
    { region: BOUNDED, bRel: -1, lo: 0, hi: 1 },
    { region: BOUNDED, bRel: 0, lo: 1 / 3, hi: 1 },
    { region: BOUNDED, bRel: 0.5, lo: 0.5, hi: 0.5 },
    { region: EMPTY, bRel: 0, lo: 1, hi: 1 },
    { region: EMPTY, bRel: 0.5, lo: 0.5, hi: 1 },
    { region: EMPTY, bRel: 1, lo: 0, hi: 1 },
    { region: GAP, bRel: -1, lo: 1, hi: 1 },
    { region: GAP, bRel: 0, lo: 0, hi: 1 },
    { region: GAP, bRel: 1, lo: 1, hi: 1 },
  ];
}

/** The boundary lines drawn over the regions (segments inside the square). */
function boundaryLines(): { line: string; bRel: number; m: number; k: number }[] {
  const rows = [
    { line: 'm + b_rel = 1', bRel: 0, m: 1 },
    { line: 'm + b_rel = 1', bRel: 1, m: 0 },
    { line: '3m = 1 + b_rel', bRel: -1, m: 0 },
    { line: '3m = 1 + b_rel', bRel: 1, m: 2 / 3 },
    { line: 'feasible region (Thm 3.4, large-N form)', bRel: -1, m: 0 },
    { line: 'feasible region (Thm 3.4, large-N form)', bRel: 0.5, m: 0.5 },
    { line: 'feasible region (Thm 3.4, large-N form)', bRel: 1, m: 0 },
    { line: 'feasible region (Thm 3.4, large-N form)', bRel: -1, m: 0 },
    { line: 'm = |b_rel|', bRel: -1, m: 1 },
    { line: 'm = |b_rel|', bRel: 0, m: 0 },
    { line: 'm = |b_rel|', bRel: 1, m: 1 },
  ];
  return rows.map((r, k) => ({ ...r, k }));
}

/** The zoom window of the second panel: around the published SigLIP models. */
export const ZOOM_WINDOW: { readonly b: [number, number]; readonly m: [number, number] } = {
  b: [0, 0.1],
  m: [0.04, 0.09],
};

const REGION_COLORS = ['#9ecae1', '#fdd49e', '#e3e3e3', '#b07cd8'];

const GROUP_STYLE = {
  domain: ['published SigLIP (BBNP25)', 'analysed: mean-based (m_mean, b_mean)', 'analysed: exact (m*, b*)'],
  shape: ['circle', 'diamond', 'square'],
  color: ['#d62728', '#2ca02c', '#111111'],
};

/** Screen angle (degrees, clockwise) of a line of slope `slope` in data units on a panel. */
function angle(
  slope: number,
  b: [number, number],
  m: [number, number],
  width: number,
  height: number,
): number {
  const px = (slope * height) / (m[1] - m[0]) / (width / (b[1] - b[0]));
  const deg = (-Math.atan(px) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

function panel(
  regions: readonly RegionRow[],
  points: readonly PlanePoint[],
  b: [number, number],
  m: [number, number],
  opts: { width: number; title: string; label: (p: PlanePoint) => boolean; zoomBox?: typeof ZOOM_WINDOW },
): object {
  const height = 280;
  const x = { scale: { domain: b, nice: false, zero: false } };
  const y = { scale: { domain: m, nice: false, zero: false } };
  const xy = {
    x: { field: 'bRel', type: 'quantitative', title: 'relative bias b_rel = b / t', ...x },
    y: { field: 'm', type: 'quantitative', title: 'margin m', ...y },
  };
  const inWindow = (bb: number, mm: number) => bb >= b[0] && bb <= b[1] && mm >= m[0] && mm <= m[1];
  const lineLabels = [
    { bRel: -0.7, m: 0.1, text: '3m = 1 + b_rel', angle: angle(1 / 3, b, m, opts.width, height) },
    { bRel: 0.72, m: 0.28, text: 'm + b_rel = 1', angle: angle(-1, b, m, opts.width, height) },
    { bRel: -0.62, m: 0.62, text: 'm = |b_rel|', angle: angle(-1, b, m, opts.width, height) },
    { bRel: 0.047, m: 0.047, text: 'm = b_rel', angle: angle(1, b, m, opts.width, height) },
    { bRel: -0.15, m: 0.75, text: 'modality gap', angle: 0 },
  ].filter((l) => (l.bRel === 0.047 ? b[1] - b[0] < 0.5 : b[1] - b[0] > 0.5) && inWindow(l.bRel, l.m));
  const labelled = points.filter(opts.label);
  const present = GROUP_STYLE.domain
    .map((g, k) => ({ g, k }))
    .filter(({ g }) => points.some((p) => p.group === g));
  const groups = {
    domain: present.map(({ g }) => g),
    shape: present.map(({ k }) => GROUP_STYLE.shape[k]),
    color: present.map(({ k }) => GROUP_STYLE.color[k]),
  };
  const mid = (b[0] + b[1]) / 2;
  const layers: object[] = [
    {
      data: { values: regions },
      mark: { type: 'area', clip: true, aria: false },
      encoding: {
        x: { field: 'bRel', type: 'quantitative', title: 'relative bias b_rel = b / t', ...x },
        y: { field: 'lo', type: 'quantitative', title: 'margin m', ...y },
        y2: { field: 'hi' },
        fill: {
          field: 'region',
          type: 'nominal',
          title: 'region',
          scale: { domain: [EXP, BOUNDED, EMPTY, GAP], range: REGION_COLORS },
          legend: { orient: 'bottom', direction: 'vertical', labelLimit: 600 },
        },
        opacity: { condition: { test: `datum.region === '${GAP}'`, value: 0.16 }, value: 0.9 },
      },
    },
    {
      data: { values: boundaryLines() },
      mark: { type: 'line', clip: true, aria: false },
      encoding: {
        ...xy,
        detail: { field: 'line', type: 'nominal' },
        order: { field: 'k', type: 'quantitative' },
        color: { condition: { test: "datum.line === 'm = |b_rel|'", value: '#7b3fb0' }, value: '#333' },
        strokeWidth: {
          condition: [
            { test: "indexof(datum.line, 'feasible') === 0", value: 2.5 },
            { test: "datum.line === 'm = |b_rel|'", value: 2 },
          ],
          value: 1.2,
        },
        strokeDash: {
          condition: { test: "indexof(datum.line, 'feasible') === 0", value: [1, 0] },
          value: [5, 3],
        },
      },
    },
    {
      data: { values: lineLabels },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dy: -3, fontSize: 11, color: '#333' },
      encoding: {
        ...xy,
        text: { field: 'text' },
        angle: { field: 'angle', type: 'quantitative', scale: null },
      },
    },
  ];
  if (opts.zoomBox !== undefined) {
    const z = opts.zoomBox;
    layers.push({
      data: { values: [{ b0: z.b[0], b1: z.b[1], m0: z.m[0], m1: z.m[1] }] },
      mark: { type: 'rect', fill: null, stroke: '#c00', strokeWidth: 1.5, aria: false },
      encoding: {
        x: { field: 'b0', type: 'quantitative', ...x },
        x2: { field: 'b1' },
        y: { field: 'm0', type: 'quantitative', ...y },
        y2: { field: 'm1' },
      },
    });
  }
  layers.push({
    data: { values: points },
    mark: {
      type: 'point',
      filled: true,
      size: 80,
      stroke: 'white',
      strokeWidth: 0.8,
      clip: true,
      opacity: 1,
    },
    encoding: {
      ...xy,
      shape: {
        field: 'group',
        type: 'nominal',
        title: 'points',
        scale: { domain: groups.domain, range: groups.shape },
        legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
      },
      color: {
        field: 'group',
        type: 'nominal',
        title: 'points',
        scale: { domain: groups.domain, range: groups.color },
        legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 },
      },
    },
  });
  const place = {
    right: { align: 'left', baseline: 'middle', dx: 8, dy: 0 },
    left: { align: 'right', baseline: 'middle', dx: -8, dy: 0 },
    above: { align: 'center', baseline: 'bottom', dx: 0, dy: -8 },
    below: { align: 'center', baseline: 'top', dx: 0, dy: 8 },
  } as const;
  for (const at of ['right', 'left', 'above', 'below'] as const) {
    const values = labelled.filter((p) => (p.labelAt ?? (p.bRel < mid ? 'right' : 'left')) === at);
    if (values.length === 0) continue;
    layers.push({
      data: { values },
      mark: { type: 'text', ...place[at], fontSize: 11, clip: true },
      encoding: { ...xy, text: { field: 'label' } },
    });
  }
  return { width: opts.width, height, title: opts.title, layer: layers };
}

/** The vega-lite spec: the whole plane next to a zoom on the published models. */
export function planeSpec(points: readonly PlanePoint[]): TopLevelSpec {
  const regions = planeRegions();
  const published = new Set(PUBLISHED_SIGLIP.map((p) => p.label));
  return {
    hconcat: [
      panel(regions, points, [-1, 1], [0, 1], {
        width: 440,
        title: 'whole plane (red box: zoom on the right)',
        label: (p) => !published.has(p.label),
        zoomBox: ZOOM_WINDOW,
      }),
      panel(regions, points, ZOOM_WINDOW.b, ZOOM_WINDOW.m, {
        width: 320,
        title: 'zoom: published SigLIP models',
        label: () => true,
      }),
    ],
    spacing: 30,
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

/**
 * The (b_rel, m) plane as a report plot. Points with m outside [0, 1] or b_rel outside [-1, 1]
 * (e.g. m* < 0: not a constellation) are left out of the drawing and listed in `omitted`.
 */
export async function planePlot(
  extra: readonly PlanePoint[] = [],
): Promise<Plot & { omitted: PlanePoint[] }> {
  const all = [...PUBLISHED_SIGLIP, ...extra];
  const inside = all.filter((p) => p.m >= 0 && p.m <= 1 && p.bRel >= -1 && p.bRel <= 1);
  const omitted = all.filter((p) => !inside.includes(p));
  const svg = await renderSvg(planeSpec(inside), 'BBNP25 (b_rel, m) plane with regions and models');
  const regions = planeRegions();
  return {
    id: 'plane',
    title: 'BBNP25 (b_rel, m) plane: where constellations exist, and where models sit',
    caption:
      'An (m, b_rel)-constellation has every positive G_ii ≥ b_rel + m and every negative G_ij ≤ b_rel − m. ' +
      'Feasible region (thick outline): m + b_rel ≤ 1 and 3m ≤ 1 + b_rel, the large-N form of the necessary ' +
      'condition of Thm 3.4 (the exact form is (3 − 4/N) m ≤ 1 + b_rel). In its interior (blue; strict ' +
      'inequalities, Thm 3.3) constellations of size exponential in d exist; on the edge 3m = 1 + b_rel, ρ = 0 ' +
      'and capacity is linear in d; where 3m > 1 + b_rel (yellow), N ≤ 4m/(3m − 1 − b_rel) whatever d is. ' +
      'Purple: m > |b_rel|, which makes every positive cosine > 0 and every negative < 0, the sufficient ' +
      'condition of the modality-gap theorem (Thm 3.6, N ≥ d + 2). Points: the SigLIP models measured by BBNP25 ' +
      '(ImageNet validation, mean-based m and b_rel; docs/theory.md §4)' +
      (extra.length > 0 ? ' and the analysed embeddings.' : '.'),
    svg,
    tables: [
      {
        file: 'plane-points.csv',
        label: `points (${all.length} rows: label, group, d, b_rel, m)`,
        columns: ['label', 'group', 'd', 'bRel', 'm'],
        rows: all.map((p) => [p.label, p.group, p.d ?? '', p.bRel, p.m]),
      },
      {
        file: 'plane-regions.csv',
        label: `region vertices (${regions.length} rows: region, b_rel, m_lo, m_hi)`,
        columns: ['region', 'bRel', 'mLo', 'mHi'],
        rows: regions.map((r) => [r.region, r.bRel, r.lo, r.hi]),
      },
    ],
    omitted,
  };
}
