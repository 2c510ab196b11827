import { UsageError } from '../errors.js';
import { UNIT_ROUNDOFF } from '../numeric/float/ulp.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { normalizeRows, rowNorm, zeros } from '../numeric/float/vectors.js';
import { describeValue, readJsonFile, requireMemory } from './limits.js';

/** Options of {@link readConfig}. */
export interface ReadConfigOptions {
  /** Scale every row to unit norm instead of refusing non-unit rows. @defaultValue false */
  readonly normalize?: boolean;
}

/** A configuration of N pairs of vectors in R^d. */
export interface Configuration {
  readonly u: Matrix;
  readonly v: Matrix;
}

/**
 * How far |x|^2 may be from 1 for a unit vector stored in a format with unit roundoff `u`:
 * each coordinate carries relative error u (|x|^2 gains 2u) and the d-term sum gamma_d, so
 * |x|^2 - 1 <= (2d + 4) u to first order. float64 JSON: u = 2^-53; float32 files: u = 2^-24.
 */
export function unitNormTolerance(d: number, u = UNIT_ROUNDOFF): number {
  return (2 * d + 4) * u;
}

/**
 * A matrix of vectors from parsed JSON: a non-empty array of equally long, non-empty arrays of
 * finite numbers (the U and V of a configuration or a run document). Errors name `file` and `name`.
 */
export function parseMatrix(value: unknown, name: string, file: string): Matrix {
  if (!Array.isArray(value) || value.length === 0) {
    throw new UsageError(`${file}: "${name}" must be a non-empty array of vectors`);
  }
  const first = value[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw new UsageError(`${file}: "${name}"[0] must be a non-empty array of numbers`);
  }
  const d = first.length;
  requireMemory(value.length * d * 8, file, `"${name}" of ${value.length} x ${d}`);
  const m = zeros(value.length, d);
  value.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row)) throw new UsageError(`${file}: "${name}"[${i}] is not an array`);
    if (row.length !== d) {
      throw new UsageError(
        `${file}: ragged rows: "${name}"[${i}] has ${row.length} entries, "${name}"[0] has ${d}`,
      );
    }
    row.forEach((x: unknown, k: number) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new UsageError(`${file}: "${name}"[${i}][${k}] is not a finite number (${describeValue(x)})`);
      }
      m.data[i * d + k] = x;
    });
  });
  return m;
}

/**
 * Checks a configuration: U and V the same shape, N >= 2, d >= 1, rows unit (or normalised when
 * asked, refusing zero rows). Throws UsageError naming `source`.
 */
export function validateConfiguration(
  u: Matrix,
  v: Matrix,
  source: string,
  options: ReadConfigOptions = {},
): void {
  if (u.rows !== v.rows) throw new UsageError(`${source}: U has ${u.rows} rows but V has ${v.rows}`);
  if (u.cols !== v.cols) throw new UsageError(`${source}: U has dimension ${u.cols} but V has ${v.cols}`);
  if (u.rows < 2) throw new UsageError(`${source}: need N >= 2 pairs, got N = ${u.rows}`);
  for (const [name, m] of [
    ['U', u],
    ['V', v],
  ] as const) {
    if (options.normalize) {
      const zero = normalizeRows(m);
      if (zero >= 0)
        throw new UsageError(`${source}: ${name}[${zero}] is the zero vector and cannot be normalised`);
      continue;
    }
    const tol = unitNormTolerance(m.cols);
    for (let i = 0; i < m.rows; i++) {
      const n = rowNorm(m, i);
      if (!(Math.abs(n * n - 1) <= tol)) {
        throw new UsageError(
          `${source}: ${name}[${i}] has norm ${n}, not 1 (|norm^2 - 1| > ${tol.toExponential(2)}); pass --normalize to rescale`,
        );
      }
    }
  }
}

/**
 * Reads a JSON configuration `{ "U": [[...]], "V": [[...]] }` (rows are vectors; other keys, such as
 * those of a `solve --out` file, are ignored).
 */
export function readConfig(path: string, options: ReadConfigOptions = {}): Configuration {
  const parsed = readJsonFile(path);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${path}: expected an object { "U": [[...]], "V": [[...]] }`);
  }
  const obj = parsed as Record<string, unknown>;
  if (!('U' in obj) || !('V' in obj)) throw new UsageError(`${path}: missing "U" or "V"`);
  const u = parseMatrix(obj.U, 'U', path);
  const v = parseMatrix(obj.V, 'V', path);
  validateConfiguration(u, v, path, options);
  return { u, v };
}

/**
 * The row norms of U and V as stored in a configuration file that {@link readConfig} has accepted
 * (for the chain rule through `normalize`: the loss sees U_i / |U_i|).
 */
export function readConfigRowNorms(path: string): { u: Float64Array; v: Float64Array } {
  const obj = readJsonFile(path) as Record<string, unknown>;
  const norms = (m: Matrix) => Float64Array.from({ length: m.rows }, (_, i) => rowNorm(m, i));
  return { u: norms(parseMatrix(obj.U, 'U', path)), v: norms(parseMatrix(obj.V, 'V', path)) };
}
