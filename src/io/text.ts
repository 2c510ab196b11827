import { requireAllocatable, UsageError } from '../errors.js';
import type { LoadedArray } from './array.js';
import { readWhole } from './array.js';

function nestedToArray(value: unknown, source: string): LoadedArray {
  if (!Array.isArray(value)) throw new UsageError(`${source}: expected an array of rows or a 1-D array`);
  if (value.length > 0 && Array.isArray(value[0])) {
    const rows = value.length;
    const cols = (value[0] as unknown[]).length;
    requireAllocatable(rows * cols, source, `a ${rows} x ${cols} array`);
    const data = new Float64Array(rows * cols);
    value.forEach((row, i) => {
      if (!Array.isArray(row) || row.length !== cols) {
        throw new UsageError(
          `${source}: row ${i} has ${Array.isArray(row) ? row.length : 'no'} values, expected ${cols}`,
        );
      }
      row.forEach((x, k) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) {
          throw new UsageError(
            `${source}: ${JSON.stringify(x)} at row ${i}, column ${k} is not a finite number`,
          );
        }
        data[i * cols + k] = x;
      });
    });
    return { source, shape: [rows, cols], dtype: 'float64', data };
  }
  const data = new Float64Array(value.length);
  value.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new UsageError(`${source}: ${JSON.stringify(x)} at element ${i} is not a finite number`);
    }
    data[i] = x;
  });
  return { source, shape: [value.length], dtype: 'float64', data };
}

/**
 * Reads `key` from a JSON file `{ "U": [[...]], "V": [[...]], "labels": [...] }` (rows are vectors),
 * or the whole file when it is itself an array. Numbers are parsed as float64 (dtype 'float64').
 */
export function parseJsonArray(text: string, source: string, key?: string): LoadedArray {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${source}: invalid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(json)) return nestedToArray(json, source);
  if (json === null || typeof json !== 'object')
    throw new UsageError(`${source}: expected a JSON object or array`);
  const obj = json as Record<string, unknown>;
  const k = key ?? (Object.keys(obj).length === 1 ? Object.keys(obj)[0] : undefined);
  if (k === undefined || !(k in obj)) {
    throw new UsageError(`${source}: no key '${key ?? '?'}' (has: ${Object.keys(obj).join(', ') || 'none'})`);
  }
  return nestedToArray(obj[k], `${source}#${k}`);
}

/**
 * Parses CSV text: one vector per non-empty line, values separated by commas (whitespace around
 * them ignored), every line the same length; lines starting with '#' are comments.
 */
export function parseCsv(text: string, source: string): LoadedArray {
  const lines = text.split(/\r?\n/);
  const values: number[] = [];
  let cols = -1;
  let rows = 0;
  lines.forEach((line, li) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const cells = t.split(',');
    if (cols < 0) cols = cells.length;
    else if (cells.length !== cols) {
      throw new UsageError(`${source}: line ${li + 1} has ${cells.length} values, expected ${cols}`);
    }
    for (const [k, c] of cells.entries()) {
      const s = c.trim();
      const x = s === '' ? Number.NaN : Number(s);
      if (!Number.isFinite(x)) {
        throw new UsageError(`${source}: '${s}' at line ${li + 1}, column ${k} is not a finite number`);
      }
      values.push(x);
    }
    rows++;
  });
  if (rows === 0) throw new UsageError(`${source}: no data rows`);
  return { source, shape: [rows, cols], dtype: 'float64', data: Float64Array.from(values) };
}

/** Reads a JSON file (see {@link parseJsonArray}). */
export function readJsonArray(path: string, key?: string): LoadedArray {
  return parseJsonArray(readWhole(path).toString('utf8'), path, key);
}

/** Reads a CSV file (see {@link parseCsv}). */
export function readCsv(path: string): LoadedArray {
  return parseCsv(readWhole(path).toString('utf8'), path);
}
