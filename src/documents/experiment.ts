/**
 * The experiment document (`sigcheck experiment run <id> --format json`): its types, its flat key
 * list, and the parser the report reads it back with. The experiment framework (src/experiments)
 * builds it; the report and the text renderers read it.
 */
import { UsageError } from '../errors.js';
import { finiteNum, num, type Obj, obj, oneOf, show, str } from './parse.js';

/** A plain JSON value for unit parameters (structured-cloneable). */
export type Param = number | string | boolean;

/** The parameters of one group (one row or a few rows of the result before seed averaging). */
export type Params = Readonly<Record<string, Param>>;

/** The solver's vector update used by the experiments (see the solver's `optimizer` option). */
export type Step = 'projected-adam' | 'adam' | 'riemannian-adam';

/**
 * The role of a column: a parameter of the row, our measurement (mean, with a `<key>_sd` column
 * beside it), a published number, the theory's prediction, or a derived comparison.
 */
export type ColumnKind = 'param' | 'ours' | 'published' | 'theory' | 'compare';

/** One column of the result table. */
export interface Column {
  readonly key: string;
  readonly label: string;
  readonly kind: ColumnKind;
}

/** A table cell: a number, a word, or null (no value, e.g. nothing published). */
export type Cell = number | string | boolean | null;

/** A result row, keyed by column key (ours columns also carry `<key>_sd`). */
export type Row = Record<string, Cell>;

/** The document an experiment run produces (what --format json writes). */
export interface ExperimentDocument {
  readonly experiment: string;
  readonly title: string;
  readonly reproduces: string;
  readonly notes: readonly string[];
  readonly seed: number;
  readonly seeds: number;
  readonly quick: boolean;
  /** The vector update of every solver run. */
  readonly step: Step;
  readonly protocol: Readonly<Record<string, Param>>;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  readonly summary: Readonly<Record<string, Cell>>;
  /** Every published number of the experiment beside ours, with a verdict (empty when none). */
  readonly published: readonly PublishedRow[];
}

/** Whether a published number came out within the stated rule. */
export type PublishedVerdict = 'reproduced' | 'not reproduced';

/** One published number beside ours (the `published` array of the JSON document). */
export interface PublishedRow {
  /** Short name of the measured quantity: `t`, `bRel`, `b`, `margin`, `bStar`, `loss`, `log10Xi`, ... */
  readonly quantity: string;
  /** The group's parameters the number belongs to. */
  readonly params: Params;
  readonly published: number;
  /** Where the number is printed (paper figure, notebook cell, CSV). */
  readonly source: string;
  /** Ours over the seeds: mean, sample sd (null for one seed), and the seeds used. */
  readonly mean: number | null;
  readonly sd: number | null;
  readonly seeds: readonly number[];
  /** The theory's prediction for this number, where there is one. */
  readonly theory: number | null;
  /** |published - mean| and the tolerance the rule allowed. */
  readonly deviation: number | null;
  readonly tolerance: number;
  /** The rule in words (with its floor). */
  readonly rule: string;
  readonly verdict: PublishedVerdict;
  /** Why a miss is a miss, where known (else null). */
  readonly reason: string | null;
}

/** The CSV/JSON key list: every column, with `<key>_sd` after each `ours` column. */
export function flatKeys(columns: readonly Column[]): string[] {
  return columns.flatMap((c) => (c.kind === 'ours' ? [c.key, `${c.key}_sd`] : [c.key]));
}

/** The column keys each plotted experiment needs (a plot also reads `<key>_sd` when present). */
export const EXPERIMENT_PLOT_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['lcs24-phase', ['n', 't', 's', 'c1']],
  ['bbnp25-fixed-brel', ['bRel', 'margin', 'pub_margin', 'pred', 'predPub']],
  ['xi-decay', ['d', 'step', 'log10Xi', 'pub_log10Xi']],
]);

const COLUMN_KINDS: readonly ColumnKind[] = ['param', 'ours', 'published', 'theory', 'compare'];

/** A table cell: number, string, boolean or null (a missing key reads as null). */
function cell(o: Obj, key: string, where: string): Cell {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  throw new UsageError(`${where}.${key} must be a number, string, boolean or null, got ${show(v)}`);
}

/** An `ours` mean or sd: a number, null, or a non-finite number written as a string. */
function measured(o: Obj, key: string, where: string): number | null {
  return o[key] === undefined || o[key] === null ? null : num(o, key, where);
}

/**
 * Checks a `sigcheck experiment run <id> --format json` document and returns it typed: the header
 * (id, title, reproduces, notes, seeds), the columns (key, label, kind), and rows whose `ours`
 * cells (and their `<key>_sd`) are numbers. A document without an `experiment` id (e.g. a verify or
 * solve output) is refused as the wrong kind; a plotted experiment must have the plot's columns.
 * @param where - names the input in messages, e.g. `report: --experiment e.json`
 */
export function parseExperimentDoc(x: unknown, where: string): ExperimentDocument {
  const o = obj(x, where);
  if (typeof o.experiment !== 'string' || o.experiment === '') {
    throw new UsageError(
      `${where}.experiment must be a non-empty string, got ${show(o.experiment)} (expected the output of \`sigcheck experiment run <id> --format json\`)`,
    );
  }
  const experiment = o.experiment;
  if (!Array.isArray(o.notes) || !o.notes.every((n) => typeof n === 'string')) {
    throw new UsageError(`${where}.notes must be an array of strings, got ${show(o.notes)}`);
  }
  const seeds = finiteNum(o, 'seeds', where);
  if (!Number.isInteger(seeds) || seeds < 1)
    throw new UsageError(`${where}.seeds must be a positive integer, got ${show(o.seeds)}`);
  if (typeof o.quick !== 'boolean')
    throw new UsageError(`${where}.quick must be a boolean, got ${show(o.quick)}`);
  const p = obj(o.protocol, `${where}.protocol`);
  for (const k of Object.keys(p)) {
    if (!['number', 'string', 'boolean'].includes(typeof p[k])) {
      throw new UsageError(`${where}.protocol.${k} must be a number, string or boolean, got ${show(p[k])}`);
    }
  }
  if (!Array.isArray(o.columns) || o.columns.length === 0) {
    throw new UsageError(`${where}.columns must be a non-empty array, got ${show(o.columns)}`);
  }
  const keys = new Set<string>();
  const columns = o.columns.map((c, k): Column => {
    const w = `${where}.columns[${k}]`;
    const col = obj(c, w);
    const key = str(col, 'key', w);
    if (keys.has(key)) throw new UsageError(`${w}.key repeats '${key}'`);
    keys.add(key);
    return { key, label: str(col, 'label', w), kind: oneOf(col, 'kind', w, COLUMN_KINDS) };
  });
  for (const key of EXPERIMENT_PLOT_KEYS.get(experiment) ?? []) {
    if (!keys.has(key)) {
      throw new UsageError(`${where}.columns must include '${key}' (the ${experiment} plot reads it)`);
    }
  }
  if (!Array.isArray(o.rows)) throw new UsageError(`${where}.rows must be an array, got ${show(o.rows)}`);
  const rows = o.rows.map((r, k): Row => {
    const w = `${where}.rows[${k}]`;
    const row = obj(r, w);
    // fromEntries defines own properties, so a key such as `__proto__` stays plain data.
    return Object.fromEntries(
      columns.flatMap((c): [string, Cell][] =>
        c.kind === 'ours'
          ? [
              [c.key, measured(row, c.key, w)],
              [`${c.key}_sd`, measured(row, `${c.key}_sd`, w)],
            ]
          : [[c.key, cell(row, c.key, w)]],
      ),
    );
  });
  const s = obj(o.summary, `${where}.summary`);
  const summary = Object.fromEntries(Object.keys(s).map((k) => [k, cell(s, k, `${where}.summary`)]));
  return {
    experiment,
    title: str(o, 'title', where),
    reproduces: str(o, 'reproduces', where),
    notes: o.notes as string[],
    seed: finiteNum(o, 'seed', where),
    seeds,
    quick: o.quick,
    // documents written before the step option used raw-gradient Adam
    step: o.step === undefined ? 'adam' : oneOf(o, 'step', where, EXPERIMENT_STEPS),
    protocol: p as Record<string, Param>,
    columns,
    rows,
    summary,
    published: o.published === undefined ? [] : parsePublished(o.published, `${where}.published`),
  };
}

const EXPERIMENT_STEPS: readonly Step[] = ['projected-adam', 'adam', 'riemannian-adam'];

/** The `published` rows of an experiment document (see {@link PublishedRow}). */
function parsePublished(x: unknown, where: string): PublishedRow[] {
  if (!Array.isArray(x)) throw new UsageError(`${where} must be an array, got ${show(x)}`);
  return x.map((r, k): PublishedRow => {
    const w = `${where}[${k}]`;
    const o = obj(r, w);
    const params = obj(o.params, `${w}.params`);
    for (const key of Object.keys(params)) {
      if (!['number', 'string', 'boolean'].includes(typeof params[key])) {
        throw new UsageError(
          `${w}.params.${key} must be a number, string or boolean, got ${show(params[key])}`,
        );
      }
    }
    if (!Array.isArray(o.seeds) || !o.seeds.every((v) => Number.isInteger(v))) {
      throw new UsageError(`${w}.seeds must be an array of integers, got ${show(o.seeds)}`);
    }
    const reason = o.reason === null || o.reason === undefined ? null : str(o, 'reason', w);
    return {
      quantity: str(o, 'quantity', w),
      params: params as Record<string, Param>,
      published: finiteNum(o, 'published', w),
      source: str(o, 'source', w),
      mean: measured(o, 'mean', w),
      sd: measured(o, 'sd', w),
      seeds: o.seeds as number[],
      theory: measured(o, 'theory', w),
      deviation: measured(o, 'deviation', w),
      tolerance: finiteNum(o, 'tolerance', w),
      rule: str(o, 'rule', w),
      verdict: oneOf(o, 'verdict', w, ['reproduced', 'not reproduced'] as const),
      reason,
    };
  });
}
