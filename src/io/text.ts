import { closeSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { requireAllocatable, UsageError } from '../errors.js';
import type { LoadedArray } from './array.js';
import {
  cut,
  describeValue,
  formatBytes,
  openRegularFile,
  quote,
  readJsonFile,
  requireMemory,
  withoutBom,
} from './limits.js';

function nestedToArray(value: unknown, source: string): LoadedArray {
  if (!Array.isArray(value)) throw new UsageError(`${source}: expected an array of rows or a 1-D array`);
  if (value.length > 0 && Array.isArray(value[0])) {
    const rows = value.length;
    const cols = (value[0] as unknown[]).length;
    requireAllocatable(rows * cols, source, `a ${rows} x ${cols} array`);
    requireMemory(rows * cols * 8, source, `a ${rows} x ${cols} array`);
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
            `${source}: ${describeValue(x)} at row ${i}, column ${k} is not a finite number`,
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
      throw new UsageError(`${source}: ${describeValue(x)} at element ${i} is not a finite number`);
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
    json = JSON.parse(withoutBom(text));
  } catch (e) {
    throw new UsageError(`${source}: invalid JSON (${cut((e as Error).message, 120)})`);
  }
  return jsonToArray(json, source, key);
}

function jsonToArray(json: unknown, source: string, key?: string): LoadedArray {
  if (Array.isArray(json)) return nestedToArray(json, source);
  if (json === null || typeof json !== 'object')
    throw new UsageError(`${source}: expected a JSON object or array`);
  const obj = json as Record<string, unknown>;
  const k = key ?? (Object.keys(obj).length === 1 ? Object.keys(obj)[0] : undefined);
  if (k === undefined || !(k in obj)) {
    throw new UsageError(
      `${source}: no key '${quote(key ?? '?')}' (has: ${quote(Object.keys(obj).join(', ')) || 'none'})`,
    );
  }
  return nestedToArray(obj[k], `${source}#${k}`);
}

/** A decimal number as CSV writers print it (numpy, pandas, spreadsheets): sign, digits, exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Rows of CSV values collected line by line into a growing Float64Array. */
class CsvRows {
  private data = new Float64Array(1024);
  private used = 0;
  cols = -1;
  rows = 0;
  constructor(private readonly source: string) {}

  line(line: string, lineNo: number): void {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    const cells = t.split(',');
    if (this.cols < 0) this.cols = cells.length;
    else if (cells.length !== this.cols) {
      throw new UsageError(
        `${this.source}: line ${lineNo} has ${cells.length} values, expected ${this.cols}`,
      );
    }
    if (this.used + cells.length > this.data.length) {
      const next = Math.max(2 * this.data.length, this.used + cells.length);
      requireMemory((next + this.used) * 8, this.source, `reading ${this.used} CSV values and more`);
      const grown = new Float64Array(next);
      grown.set(this.data.subarray(0, this.used));
      this.data = grown;
    }
    for (const [k, c] of cells.entries()) {
      const s = c.trim();
      // decimal syntax only: Number() would also read 0x10 as 16, 0b11 as 3 and 0o7 as 7
      const x = DECIMAL.test(s) ? Number(s) : Number.NaN;
      if (!Number.isFinite(x)) {
        throw new UsageError(
          `${this.source}: '${quote(s)}' at line ${lineNo}, column ${k} is not a finite number`,
        );
      }
      this.data[this.used++] = x;
    }
    this.rows++;
  }

  result(): LoadedArray {
    if (this.rows === 0) throw new UsageError(`${this.source}: no data rows`);
    return {
      source: this.source,
      shape: [this.rows, this.cols],
      dtype: 'float64',
      data: this.data.slice(0, this.used),
    };
  }
}

/** Longest CSV line accepted (a vector of a few hundred thousand coordinates). */
const MAX_CSV_LINE = 16 * 2 ** 20;

/**
 * Parses CSV text: one vector per non-empty line, values separated by commas (whitespace around
 * them ignored), every line the same length; lines starting with '#' are comments.
 */
export function parseCsv(text: string, source: string): LoadedArray {
  const rows = new CsvRows(source);
  let at = 0;
  let lineNo = 1;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    rows.line(text.slice(at, end), lineNo++);
    at = end + 1;
  }
  return rows.result();
}

/** Reads a JSON file (see {@link parseJsonArray}); limits as in {@link readJsonFile}. */
export function readJsonArray(path: string, key?: string): LoadedArray {
  return jsonToArray(
    readJsonFile(path, path, (why) => `${path}: invalid JSON (${why})`),
    path,
    key,
  );
}

/**
 * Reads a CSV file (see {@link parseCsv}) in chunks, so its size is bounded by memory for the
 * values, not by the engine's string limit.
 */
export function readCsv(path: string): LoadedArray {
  const { fd, size } = openRegularFile(path);
  const rows = new CsvRows(path);
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.allocUnsafe(Math.min(8 * 2 ** 20, Math.max(size, 1)));
  let carry = '';
  let lineNo = 1;
  let pos = 0;
  try {
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, pos);
      if (got === 0) break;
      pos += got;
      const text = carry + decoder.write(chunk.subarray(0, got));
      let at = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
        rows.line(text.slice(at, nl), lineNo++);
        at = nl + 1;
      }
      carry = text.slice(at);
      if (carry.length > MAX_CSV_LINE) {
        throw new UsageError(`${path}: line ${lineNo} is longer than ${formatBytes(MAX_CSV_LINE)}`);
      }
    }
  } finally {
    closeSync(fd);
  }
  rows.line(carry + decoder.end(), lineNo);
  return rows.result();
}
