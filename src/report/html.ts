/**
 * The HTML report: one self-contained, offline page (inline CSS and SVG, CSV as `data:` links, a
 * Content-Security-Policy that forbids every fetch) with the verify results, the LCS24 phase
 * diagram, the BBNP25 (b_rel, m) plane, capacity curves, a solver trajectory and experiment outputs.
 *
 * The page reads documents that the parsers in src/documents (verify, run, analysis, experiment)
 * have checked, and data the builders there computed (capacity, phase diagram); it computes nothing.
 */
import type { AnalysisDoc } from '../documents/analysis.js';
import type { CapacityTable } from '../documents/capacity.js';
import {
  type Cell,
  type Column,
  type ColumnKind,
  type ExperimentDocument,
  flatKeys,
  type Row,
} from '../documents/experiment.js';
import type { PhaseDiagram } from '../documents/phase.js';
import type { RunDoc } from '../documents/run.js';
import type { VerdictDoc, VerifyDoc } from '../documents/verify.js';
import { formatSignificant } from '../numeric/format.js';
import { renderCsv } from './csv.js';
import { capacityPlot } from './plots/capacity.js';
import { phaseDiagramPlot } from './plots/phase-diagram.js';
import { type PlanePoint, planePlot } from './plots/plane.js';
import { experimentPlot } from './plots/experiments.js';
import { REPORT_CSS } from './html-style.js';
import { publishedComparisonHtml } from './published-table.js';
import type { Plot, PlotTable } from './plots/render.js';
import { trajectoryPlot } from './plots/trajectory.js';

// ---------------------------------------------------------------------------------------------
// Input documents

/** Most points drawn in one plot; longer series are thinned evenly (first and last kept). */
export const MAX_PLOT_POINTS = 2_000;

/**
 * Every `ceil(n / max)`-th element of `xs` plus the last, so a plot of a million samples draws
 * at most about `max` points and keeps both ends of the run.
 */
export function thin<T>(xs: readonly T[], max = MAX_PLOT_POINTS): readonly T[] {
  if (xs.length <= max) return xs;
  const stride = Math.ceil(xs.length / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < xs.length - 1; i += stride) out.push(xs[i]!);
  out.push(xs[xs.length - 1]!);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Escaping and small renderers

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 * @example escapeHtml('<a href="x">&</a>') === '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/**
 * A CSV table as a `data:` URI (percent-encoded UTF-8): downloadable from the page with no server.
 * @example csvDataUri(['a'], [[1]]) === 'data:text/csv;charset=utf-8,a%0A1%0A'
 */
export function csvDataUri(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(renderCsv(columns, rows))}`;
}

function fmt(x: number | string | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '';
  return typeof x === 'string' ? x : formatSignificant(x, digits);
}

function compactJson(x: unknown): string {
  const s = JSON.stringify(x, (_k, v) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(6)) : v,
  );
  return s ?? String(x);
}

/** The HTML id of a claim's counterexample block. */
export function counterexampleAnchor(id: string): string {
  return `cx-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function downloads(tables: readonly PlotTable[]): string {
  if (tables.length === 0) return '';
  const links = tables.map(
    (t) =>
      `<a class="csv" download="${escapeHtml(t.file)}" href="${escapeHtml(csvDataUri(t.columns, t.rows))}">${escapeHtml(t.file)}</a> <span class="what">${escapeHtml(t.label)}</span>`,
  );
  return `<ul class="downloads" aria-label="data as CSV">${links.map((l) => `<li>${l}</li>`).join('')}</ul>`;
}

function figure(p: Plot, note: string | null = null, level: 3 | 4 = 3): string {
  const body =
    p.svg !== ''
      ? `<div class="svg-wrap">${p.svg}</div>`
      : `<p class="note missing">${escapeHtml(note ?? 'plot not available')}</p>`;
  return [
    `<figure class="plot" id="plot-${escapeHtml(p.id)}" data-plot="${escapeHtml(p.id)}">`,
    `<h${level}>${escapeHtml(p.title)}</h${level}>`,
    body,
    `<figcaption>${escapeHtml(p.caption)}</figcaption>`,
    downloads(p.tables),
    '</figure>',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Sections

/** The section ids of the page, in order (each `<section id>` and its `data-section`). */
export const REPORT_SECTIONS = [
  'verify',
  'phase-diagram',
  'plane',
  'capacity',
  'trajectory',
  'experiments',
] as const;

const SECTION_TITLES: Record<(typeof REPORT_SECTIONS)[number], string> = {
  verify: '1. Claims checked',
  'phase-diagram': '2. LCS24 phase diagram',
  plane: '3. BBNP25 (b_rel, m) plane',
  capacity: '4. Capacity curves',
  trajectory: '5. Solver trajectory',
  experiments: '6. Experiments',
};

function verdictClass(v: VerdictDoc): string {
  if (v.status === 'error') return 'bad';
  return v.status === v.expected ? 'ok' : 'bad';
}

function verifySection(doc: VerifyDoc, titles: ReadonlyMap<string, string>, origin: string): string {
  const s = doc.summary;
  const allOk = s.unexpected === 0 && s.error === 0;
  const head =
    `<p class="summary ${allOk ? 'ok' : 'bad'}"><strong>${allOk ? 'Every verdict is the expected one.' : `${s.unexpected} unexpected verdict${s.unexpected === 1 ? '' : 's'}, ${s.error} error${s.error === 1 ? '' : 's'}.`}</strong> ` +
    `${doc.claims.length} claims, seed ${doc.seed}: ${s.holds} hold, ${s.refuted} refuted (a “must refute” variant breaks a hypothesis or constant ` +
    `and is expected to be refuted: it shows the check can fail), ${s.error} error. Source: ${escapeHtml(origin)}.</p>`;
  // A must-refute variant `parent/change` is shown inside its parent's row.
  const ids = new Set(doc.claims.map((v) => v.id));
  const parentOf = (v: VerdictDoc): string | null => {
    const k = v.id.lastIndexOf('/');
    return k > 0 && ids.has(v.id.slice(0, k)) ? v.id.slice(0, k) : null;
  };
  const variants = new Map<string, VerdictDoc[]>();
  for (const v of doc.claims) {
    const p = parentOf(v);
    if (p === null) continue;
    const list = variants.get(p);
    if (list === undefined) variants.set(p, [v]);
    else list.push(v);
  }
  const cxLink = (v: VerdictDoc): string =>
    v.counterexample !== null
      ? `<a class="replay" href="#${counterexampleAnchor(v.id)}">counterexample &amp; replay</a>`
      : v.status === 'error'
        ? `<span class="bad">${escapeHtml(v.message ?? v.issues.join(', '))}</span>`
        : '';
  const mark = (v: VerdictDoc): string =>
    `<span class="badge ${v.status}">${escapeHtml(v.status)}</span>` +
    (v.status === v.expected ? '' : ` <span class="bad">expected ${escapeHtml(v.expected)}</span>`);
  const rows = doc.claims
    .filter((v) => parentOf(v) === null)
    .map((v) => {
      const title = titles.get(v.id);
      const ev = v.evidence;
      const evidence =
        ev === null
          ? '<span class="dim">none</span>'
          : `<div class="metric">${escapeHtml(ev.metric)}</div><div>worst slack <code>${escapeHtml(fmt(ev.worstSlack))}</code> over ${escapeHtml(String(v.cases))} cases</div>` +
            `<details><summary>where</summary><pre>${escapeHtml(compactJson(ev.at))}</pre>` +
            (ev.details !== undefined ? `<pre>${escapeHtml(compactJson(ev.details))}</pre>` : '') +
            '</details>';
      const vs = (variants.get(v.id) ?? []).map(
        (w) =>
          `<div class="variant ${verdictClass(w)}" data-claim="${escapeHtml(w.id)}"><code>/${escapeHtml(w.id.slice(v.id.length + 1))}</code> ${mark(w)}` +
          (w.evidence !== null
            ? ` <span class="dim">slack ${escapeHtml(fmt(w.evidence.worstSlack))}</span>`
            : '') +
          `${titles.has(w.id) ? `<div class="title">${escapeHtml(titles.get(w.id)!)}</div>` : ''}${cxLink(w)}</div>`,
      );
      const cls = [v, ...(variants.get(v.id) ?? [])].every((w) => verdictClass(w) === 'ok') ? 'ok' : 'bad';
      return (
        `<tr class="${cls}" data-claim="${escapeHtml(v.id)}">` +
        `<td><code>${escapeHtml(v.id)}</code>${title !== undefined ? `<div class="title">${escapeHtml(title)}</div>` : ''}<div class="src">${escapeHtml(v.source)}</div></td>` +
        `<td>${mark(v)}${v.expected === 'refuted' ? '<div class="dim">must refute</div>' : ''}${cxLink(v) !== '' ? `<div>${cxLink(v)}</div>` : ''}</td>` +
        `<td>${evidence}</td>` +
        `<td>${vs.length > 0 ? vs.join('') : '<span class="dim">none</span>'}</td>` +
        `<td class="num">${v.ms === null ? '' : escapeHtml(String(v.ms))}</td>` +
        '</tr>'
      );
    });
  const table =
    '<div class="table-wrap"><table class="verdicts"><thead><tr><th>claim</th><th>status</th>' +
    '<th>evidence</th><th>must-refute variants</th><th>ms</th></tr></thead><tbody>' +
    rows.join('\n') +
    '</tbody></table></div>';
  const cxs = doc.claims
    .filter((v) => v.counterexample !== null)
    .map((v) => {
      const c = v.counterexample!;
      return (
        `<div class="cx ${verdictClass(v)}" id="${counterexampleAnchor(v.id)}">` +
        `<h4><code>${escapeHtml(v.id)}</code> (${escapeHtml(v.status)}, expected ${escapeHtml(v.expected)})</h4>` +
        `<p>${escapeHtml(c.message)}</p>` +
        `<p>input (after ${escapeHtml(String(c.shrinks))} shrinks): <code>${escapeHtml(compactJson(c.input))}</code></p>` +
        `<pre class="replay" title="replay command"><code>$ ${escapeHtml(c.replay)}</code></pre></div>`
      );
    });
  const csv: PlotTable = {
    file: 'verdicts.csv',
    label: `verdicts (${doc.claims.length} rows)`,
    columns: [
      'id',
      'source',
      'status',
      'expected',
      'cases',
      'metric',
      'worstSlack',
      'at',
      'counterexample',
      'replay',
      'issues',
      'ms',
    ],
    rows: doc.claims.map((v) => [
      v.id,
      v.source,
      v.status,
      v.expected,
      v.cases,
      v.evidence?.metric ?? '',
      v.evidence?.worstSlack ?? '',
      v.evidence ? compactJson(v.evidence.at) : '',
      v.counterexample?.message ?? '',
      v.counterexample?.replay ?? '',
      v.issues.join(' '),
      v.ms,
    ]),
  };
  return [
    head,
    table,
    cxs.length > 0
      ? `<details class="cx-list" open><summary><h3>Counterexamples and how to replay them (${cxs.length})</h3></summary>\n${cxs.join('\n')}</details>`
      : '',
    downloads([csv]),
  ].join('\n');
}

// Column kinds as the table shows them: a tag under the label and a tint for the cells.
const KIND_TAGS: Record<ColumnKind, string> = {
  param: '',
  ours: 'ours, mean ± sd',
  published: 'published',
  theory: 'theory',
  compare: '',
};

function cellText(v: Cell | undefined, digits = 4): string {
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : fmt(v, digits);
}

function experimentCell(col: Column, row: Row): string {
  const text = cellText(row[col.key]);
  if (col.kind !== 'ours' || text === '') return escapeHtml(text);
  const sd = row[`${col.key}_sd`] ?? null;
  return sd === null
    ? escapeHtml(text)
    : `${escapeHtml(text)} <span class="sd">± ${escapeHtml(cellText(sd, 2))}</span>`;
}

/** One experiment output: header, notes, protocol, the table with its CSV, the summary and the plot. */
function experimentBlock(doc: ExperimentDocument, origin: string, anchor: string, plot: Plot | null): string {
  const seeds = `seed ${doc.seed}, ${doc.seeds} seed${doc.seeds === 1 ? '' : 's'} (mean ± sample sd), step ${doc.step}`;
  const head =
    `<h3><code>${escapeHtml(doc.experiment)}</code>: ${escapeHtml(doc.title)}</h3>` +
    `<p class="reproduces"><strong>Reproduces:</strong> ${escapeHtml(doc.reproduces)}</p>` +
    `<p class="dim">${escapeHtml(seeds)}${doc.quick ? ' · --quick (CI size: not the published budget)' : ''} · file ${escapeHtml(origin)}</p>`;
  const notes =
    doc.notes.length > 0
      ? `<ul class="notes">${doc.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '';
  const protocol =
    '<details class="protocol"><summary>protocol</summary><table class="kv"><tbody>' +
    Object.entries(doc.protocol)
      .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`)
      .join('') +
    '</tbody></table></details>';
  const th = doc.columns
    .map(
      (c) =>
        `<th class="k-${c.kind}">${escapeHtml(c.label)}${KIND_TAGS[c.kind] !== '' ? `<div class="kind">${escapeHtml(KIND_TAGS[c.kind])}</div>` : ''}</th>`,
    )
    .join('');
  const body = doc.rows
    .map(
      (r) =>
        `<tr>${doc.columns.map((c) => `<td class="k-${c.kind}${typeof r[c.key] === 'number' ? ' num' : ''}">${experimentCell(c, r)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const table = `<div class="table-wrap"><table class="experiment"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
  const keys = flatKeys(doc.columns);
  const csv: PlotTable = {
    file: `${anchor}.csv`,
    label: `${doc.experiment} table (${doc.rows.length} row${doc.rows.length === 1 ? '' : 's'}, as \`experiment run --format csv\` writes it)`,
    columns: keys,
    rows: doc.rows.map((r) => keys.map((k) => r[k] ?? null)),
  };
  const summaryRows = Object.entries(doc.summary);
  const summary =
    summaryRows.length > 0
      ? '<table class="kv"><caption>summary</caption><tbody>' +
        summaryRows
          .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(cellText(v))}</td></tr>`)
          .join('') +
        '</tbody></table>'
      : '';
  return [
    `<article class="experiment" id="${anchor}" data-experiment="${escapeHtml(doc.experiment)}">`,
    head,
    notes,
    protocol,
    table,
    downloads([csv]),
    summary,
    plot !== null ? figure(plot, null, 4) : '',
    '</article>',
  ].join('\n');
}

/** An HTML id for the k-th experiment output, unique even when an id repeats. */
function experimentAnchor(id: string, seen: Map<string, number>): string {
  const base = `experiment-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

function analysisTable(a: AnalysisDoc): string {
  const rows: [string, string][] = [
    ['N pairs, d', `${a.N}, ${a.d}`],
    ['m*, b* (exact: min positive, max negative)', `${fmt(a.mStar)}, ${fmt(a.bStar)}`],
    ['m_mean, b_mean', `${fmt(a.mMean)}, ${fmt(a.bMean)}`],
  ];
  if (a.mTrimmed !== undefined && a.bTrimmed !== undefined) {
    rows.push(['m, b_rel trimmed (5% / 95%)', `${fmt(a.mTrimmed)}, ${fmt(a.bTrimmed)}`]);
  }
  if (a.constellation !== undefined) rows.push(['constellation (m* > 0)', a.constellation ? 'yes' : 'no']);
  if (a.retrieval !== undefined) {
    rows.push(['retrieval U→V, V→U (top-1)', `${fmt(a.retrieval.uToV)}, ${fmt(a.retrieval.vToU)}`]);
  }
  if (a.gap !== undefined) {
    rows.push([
      'modality gap: separable, fraction, margin',
      `${a.gap.separable ? 'yes' : 'no'}, ${fmt(a.gap.fraction)}, ${fmt(a.gap.margin)}`,
    ]);
  }
  if (a.xi !== undefined) rows.push(['ξ', fmt(a.xi)]);
  return (
    '<table class="kv analysis"><caption>analysed embeddings (--analysis)</caption><tbody>' +
    rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    '</tbody></table>'
  );
}

// ---------------------------------------------------------------------------------------------
// The page

/** Everything the page shows. */
export interface ReportInputs {
  readonly verify: VerifyDoc;
  /** Where the verdicts come from, e.g. `in-process run` or the --from path. */
  readonly verifyOrigin: string;
  /** Claim titles by id (from the registry), shown under each id. */
  readonly titles?: ReadonlyMap<string, string>;
  readonly run?: RunDoc;
  readonly runOrigin?: string;
  readonly analysis?: AnalysisDoc;
  readonly analysisOrigin?: string;
  /** Experiment outputs (`--experiment`, repeatable), in the order given. @defaultValue none */
  readonly experiments?: readonly { readonly doc: ExperimentDocument; readonly origin: string }[];
  /** The capacity table (`buildCapacityTable`, with the analysed pair when there is one). */
  readonly capacity: CapacityTable;
  /** The phase diagram's data (`buildPhaseDiagram`). */
  readonly phase: PhaseDiagram;
  /** sigcheck version shown in the header. */
  readonly version?: string;
}

/** Wall times of the report's parts, in ms. */
export interface ReportTimings {
  readonly plots: number;
  readonly assemble: number;
}

/** Content-Security-Policy of the page: nothing may be fetched; inline styles and data: images only. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function section(id: (typeof REPORT_SECTIONS)[number], body: string): string {
  return `<section id="${id}" data-section="${id}">\n<h2>${escapeHtml(SECTION_TITLES[id])}</h2>\n${body}\n</section>`;
}

/** The analysed embeddings' points of the plane: mean-based and exact (m*, b*). */
export function analysisPoints(a: AnalysisDoc): PlanePoint[] {
  return [
    {
      label: 'analysed (m_mean, b_mean)',
      group: 'analysed: mean-based (m_mean, b_mean)',
      m: a.mMean,
      bRel: a.bMean,
      d: a.d,
    },
    { label: 'analysed (m*, b*)', group: 'analysed: exact (m*, b*)', m: a.mStar, bRel: a.bStar, d: a.d },
  ];
}

/**
 * Builds the whole page. Every plot is rendered to SVG in Node (vega, loaded lazily); the page has
 * no script and makes no request (see {@link REPORT_CSP}).
 */
export async function renderReport(inputs: ReportInputs): Promise<{ html: string; timings: ReportTimings }> {
  const t0 = performance.now();
  const extraPoints = inputs.analysis !== undefined ? analysisPoints(inputs.analysis) : [];
  // Sequential: vega is single-threaded, and the order keeps the output deterministic.
  const phase = await phaseDiagramPlot(inputs.phase);
  const plane = await planePlot(extraPoints);
  const capacity = await capacityPlot(inputs.capacity);
  const trajectory =
    inputs.run !== undefined
      ? await trajectoryPlot(
          thin(inputs.run.trajectory.filter((s) => [s.step, s.t, s.bRel, s.mStar].every(Number.isFinite))),
          inputs.run,
        )
      : null;
  const seen = new Map<string, number>();
  const experimentBlocks: string[] = [];
  for (const e of inputs.experiments ?? []) {
    const anchor = experimentAnchor(e.doc.experiment, seen);
    // plots of very long outputs draw an even subset of the rows (the table keeps them all)
    const plot = await experimentPlot(
      { ...e.doc, rows: thin(e.doc.rows, 20 * MAX_PLOT_POINTS) },
      anchor,
      `${anchor}-plot.csv`,
    );
    experimentBlocks.push(experimentBlock(e.doc, e.origin, anchor, plot));
  }
  const t1 = performance.now();

  const planeExtra = [
    inputs.analysis !== undefined ? analysisTable(inputs.analysis) : '',
    plane.omitted.length > 0
      ? `<p class="note">Outside the drawn plane (m ∉ [0, 1] or b_rel ∉ [−1, 1]) and not drawn: ${plane.omitted
          .map((p) => `${escapeHtml(p.label)} (b_rel ${escapeHtml(fmt(p.bRel))}, m ${escapeHtml(fmt(p.m))})`)
          .join('; ')}. A negative m* means the configuration is not a constellation.</p>`
      : '',
  ].join('\n');
  const trajectoryBody =
    trajectory !== null
      ? `${figure(trajectory)}\n<p class="dim">Run file: ${escapeHtml(inputs.runOrigin ?? '')}</p>`
      : '<p class="note missing">No solver run given. Write one with <code>sigcheck solve --N 100 --d 10 --out run.json</code>, ' +
        'then <code>sigcheck report --run run.json --out report.html</code>.</p>';
  const experimentsBody =
    experimentBlocks.length > 0
      ? `<p class="dim">${experimentBlocks.length} experiment output${experimentBlocks.length === 1 ? '' : 's'}: ours (mean ± sample sd over the seeds) beside the published numbers and the theory's prediction, as <code>sigcheck experiment run</code> wrote them.</p>\n${publishedComparisonHtml((inputs.experiments ?? []).map((e) => e.doc))}\n${experimentBlocks.join('\n')}`
      : '<p class="note missing">No experiment outputs given. Write one with <code>sigcheck experiment run lcs24-phase --quick --format json --out lcs24-phase.json</code> ' +
        '(ids: <code>sigcheck experiment list</code>), then <code>sigcheck report --experiment lcs24-phase.json --out report.html</code>; ' +
        '<code>--experiment</code> is repeatable.</p>';
  const sources = [
    `verdicts: ${inputs.verifyOrigin}`,
    inputs.run !== undefined ? `run: ${inputs.runOrigin ?? ''}` : null,
    inputs.analysis !== undefined ? `analysis: ${inputs.analysisOrigin ?? ''}` : null,
    (inputs.experiments ?? []).length > 0
      ? `experiments: ${(inputs.experiments ?? []).map((e) => e.origin).join(', ')}`
      : null,
  ].filter((x): x is string => x !== null);
  const nav = REPORT_SECTIONS.map(
    (id) => `<li><a href="#${id}">${escapeHtml(SECTION_TITLES[id])}</a></li>`,
  ).join('');
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>sigcheck report</title>',
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>sigcheck report: the sigmoid contrastive loss, checked</h1>',
    `<p class="meta">sigcheck ${escapeHtml(inputs.version ?? '')} · seed ${escapeHtml(String(inputs.verify.seed))} · ${escapeHtml(sources.join(' · '))}</p>`,
    `<nav aria-label="sections"><ol>${nav}</ol></nav>`,
    '</header>',
    '<main>',
    section('verify', verifySection(inputs.verify, inputs.titles ?? new Map(), inputs.verifyOrigin)),
    section('phase-diagram', figure(phase)),
    section('plane', `${figure(plane)}\n${planeExtra}`),
    section('capacity', figure(capacity, capacity.note)),
    section('trajectory', trajectoryBody),
    section('experiments', experimentsBody),
    '</main>',
    '<footer>Sources: LCS24 = C. Lee, J. Chang, J. Sohn, <i>Analysis of Using Sigmoid Loss for Contrastive Learning</i>, ' +
      'AISTATS 2024 (arXiv 2402.12613). BBNP25 = K. Bangachev, G. Bresler, I. Noman, Y. Polyanskiy, <i>Global Minimizers ' +
      'of Sigmoid Contrastive Loss</i>, NeurIPS 2025 (arXiv 2509.18552). Conventions: logits t·G − b (bias subtracted), ' +
      'b_rel = b/t. This page is self-contained: it loads nothing; the CSV links carry their data.</footer>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, timings: { plots: t1 - t0, assemble: performance.now() - t1 } };
}
