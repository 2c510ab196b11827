/**
 * The text renderers of an experiment document: the table `sigcheck experiment run` prints, its
 * CSV and its JSON.
 */
import {
  type Cell,
  type Column,
  type ExperimentDocument,
  flatKeys,
  type Row,
} from '../documents/experiment.js';
import { renderCsv } from './csv.js';
import { toJson } from './output.js';
import { renderTable } from './table.js';

/** Output formats of `sigcheck experiment run`. */
export type ExperimentFormat = 'table' | 'json' | 'csv';

/** The formats, in help order. */
export const EXPERIMENT_FORMATS: readonly ExperimentFormat[] = ['table', 'json', 'csv'];

/** A number for the text table: 4 significant digits, integers as they are, tiny values in e-notation. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function text(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return formatNumber(c);
  return String(c);
}

/** One table cell: `ours` columns as "mean ± sd" (sd omitted for one seed). */
function tableCell(col: Column, row: Row): string {
  const v = text(row[col.key]);
  if (col.kind !== 'ours') return v;
  const sd = row[`${col.key}_sd`];
  return typeof sd === 'number' && v !== '' ? `${v} ± ${formatNumber(sd)}` : v;
}

const KIND_TAG: Record<Column['kind'], string> = {
  param: '',
  ours: '',
  published: ' [pub]',
  theory: ' [theory]',
  compare: '',
};

/**
 * The human-readable report: header, notes, the table (ours ± sd, [pub], [theory]) and the
 * summary; then the published numbers under `rule` (the reproduction rule in words).
 */
export function renderExperimentTable(doc: ExperimentDocument, rule: string): string {
  const lines = [
    `${doc.experiment}: ${doc.title}`,
    `reproduces: ${doc.reproduces}`,
    `seed ${doc.seed}, ${doc.seeds} seed${doc.seeds === 1 ? '' : 's'} (mean ± sample sd), step ${doc.step}${doc.quick ? ', --quick (CI size: not the published budget)' : ''}`,
    `protocol: ${Object.entries(doc.protocol)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(', ')}`,
  ];
  for (const n of doc.notes) lines.push(`note: ${n}`);
  const head = doc.columns.map((c) => `${c.label}${KIND_TAG[c.kind]}`);
  lines.push(
    renderTable(
      head,
      doc.rows.map((r) => doc.columns.map((c) => tableCell(c, r))),
    ),
  );
  for (const [k, v] of Object.entries(doc.summary)) lines.push(`${k}: ${text(v)}`);
  if (doc.published.length > 0) lines.push(renderPublished(doc, rule));
  return `${lines.join('\n')}\n`;
}

/** The parameters of a published row as `k=v` words. */
export function paramsText(params: Readonly<Record<string, unknown>>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

/** The published numbers beside ours, their verdicts and the count reproduced. */
export function renderPublished(doc: ExperimentDocument, rule: string): string {
  const rows = doc.published.map((p) => [
    p.quantity,
    paramsText(p.params),
    formatNumber(p.published),
    p.mean === null ? '' : `${formatNumber(p.mean)}${p.sd === null ? '' : ` ± ${formatNumber(p.sd)}`}`,
    p.deviation === null ? '' : formatNumber(p.deviation),
    formatNumber(p.tolerance),
    p.theory === null ? '' : formatNumber(p.theory),
    p.verdict,
    p.reason ?? '',
  ]);
  const ok = doc.published.filter((p) => p.verdict === 'reproduced').length;
  const seeds = doc.published[0]?.seeds ?? [];
  return [
    `published numbers (step ${doc.step}; seeds ${seeds.join(' ')}): ${ok} of ${doc.published.length} reproduced`,
    `rule: ${rule}`,
    renderTable(
      [
        'quantity',
        'params',
        'published',
        `ours (${doc.step})`,
        '|pub - ours|',
        'tolerance',
        'theory',
        'verdict',
        'reason',
      ],
      rows,
    ),
  ].join('\n');
}

/** CSV of the rows: one header line of column keys (with `_sd` columns), non-finite numbers as text. */
export function renderExperimentCsv(doc: ExperimentDocument): string {
  const keys = flatKeys(doc.columns);
  return renderCsv(
    keys,
    doc.rows.map((r) => keys.map((k) => r[k] ?? null)),
  );
}

/**
 * Renders the document in the chosen format; the table states `rule`, the reproduction rule in
 * words (JSON and CSV carry each published row's own rule).
 */
export function renderExperiment(doc: ExperimentDocument, format: 'json' | 'csv'): string;
export function renderExperiment(doc: ExperimentDocument, format: ExperimentFormat, rule: string): string;
export function renderExperiment(doc: ExperimentDocument, format: ExperimentFormat, rule = ''): string {
  if (format === 'json') return `${toJson(doc)}\n`;
  if (format === 'csv') return renderExperimentCsv(doc);
  return renderExperimentTable(doc, rule);
}
