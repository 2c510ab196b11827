/**
 * A file of finished runs (one group, one seed each), so one long experiment can be split into seed
 * chunks (`--first-seed`) run one at a time and then assembled into the same table as one
 * invocation: a unit found in the file is not run again.
 * @remarks Format: JSON lines `{ "experiment", "step", "quick", "params", "seed", "metrics" }`, the
 * metrics' non-finite values as the strings "NaN", "Infinity", "-Infinity" (JSON has no form for
 * them). A finite double survives JSON text exactly (shortest round-trip form), so an assembled
 * table is byte-identical to the one computed in a single run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic.js';
import type { UnitTask } from './pool.js';
import type { Metrics, Params } from './types.js';

/** The key of one unit: experiment, step, quick, parameters and seed. */
export function unitKey(t: Pick<UnitTask, 'experiment' | 'step' | 'quick' | 'params' | 'seed'>): string {
  return JSON.stringify([t.experiment, t.step, t.quick, t.params, t.seed]);
}

function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new UsageError(`experiment: ${where} is not a number, got ${JSON.stringify(v)}`);
}

/** One line of a run file. */
export function encodeRun(t: UnitTask, metrics: Metrics): string {
  const m: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(metrics)) m[k] = encodeNumber(v);
  return JSON.stringify({
    experiment: t.experiment,
    step: t.step,
    quick: t.quick,
    params: t.params,
    seed: t.seed,
    metrics: m,
  });
}

/**
 * Reads run files (JSON lines) into a map from {@link unitKey} to metrics. A missing file is an
 * empty cache; a malformed line, or the same unit with different metrics in two places, is a
 * {@link UsageError}.
 */
export function readRuns(paths: readonly string[]): Map<string, Metrics> {
  const out = new Map<string, Metrics>();
  const text = new Map<string, string>();
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      const where = `--runs ${path} line ${i + 1}`;
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        throw new UsageError(`experiment: ${where} is not JSON`);
      }
      if (typeof o !== 'object' || o === null) throw new UsageError(`experiment: ${where} is not an object`);
      const r = o as Record<string, unknown>;
      if (
        typeof r.experiment !== 'string' ||
        typeof r.step !== 'string' ||
        typeof r.quick !== 'boolean' ||
        typeof r.params !== 'object' ||
        r.params === null ||
        !Number.isInteger(r.seed) ||
        typeof r.metrics !== 'object' ||
        r.metrics === null
      ) {
        throw new UsageError(
          `experiment: ${where} needs experiment, step, quick, params, seed (integer) and metrics`,
        );
      }
      const metrics: Metrics = {};
      for (const [k, v] of Object.entries(r.metrics as Record<string, unknown>)) {
        metrics[k] = decodeNumber(v, `${where} metric ${k}`);
      }
      const key = unitKey({
        experiment: r.experiment,
        step: r.step as UnitTask['step'],
        quick: r.quick,
        params: r.params as Params,
        seed: r.seed as number,
      });
      const canonical = JSON.stringify(metrics, (_k, v) => (typeof v === 'number' ? encodeNumber(v) : v));
      const seen = text.get(key);
      if (seen !== undefined && seen !== canonical) {
        throw new UsageError(`experiment: ${where} repeats a run with different metrics`);
      }
      text.set(key, canonical);
      out.set(key, metrics);
    });
  }
  return out;
}

/**
 * Writes runs atomically as JSON lines: first `kept` (entries of {@link readRuns}, in their order),
 * then the runs of these tasks in task order.
 */
export function writeRuns(
  path: string,
  tasks: readonly UnitTask[],
  metrics: readonly Metrics[],
  kept: readonly (readonly [string, Metrics])[] = [],
): void {
  const lines = kept.map(([key, m]) => {
    const [experiment, step, quick, params, seed] = JSON.parse(key) as [
      string,
      UnitTask['step'],
      boolean,
      Params,
      number,
    ];
    return encodeRun({ index: 0, experiment, step, quick, params, seed }, m);
  });
  for (const [i, t] of tasks.entries()) lines.push(encodeRun(t, metrics[i] ?? {}));
  writeFileAtomic(path, `${lines.join('\n')}\n`);
}
