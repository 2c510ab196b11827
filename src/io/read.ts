import { closeSync, existsSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { asLabels, asMatrix, type LoadedArray, type LoadedMatrix } from './array.js';
import { openRegularFile, readFully, requireMemory } from './limits.js';
import { npyFileFootprint, readNpy } from './npy.js';
import { readSafetensors, safetensorsFootprint } from './safetensors.js';
import { readCsv, readJsonArray } from './text.js';

/**
 * The file and the tensor or key a spec names: `path#name`, unless the whole spec is an existing
 * file (a '#' in a file name). A name on a file that holds one array (.npy, .csv) is refused.
 */
function splitSpec(spec: string): { path: string; name: string | undefined; ext: string | undefined } {
  const hash = existsSync(spec) ? -1 : spec.lastIndexOf('#');
  const path = hash >= 0 ? spec.slice(0, hash) : spec;
  const name = hash >= 0 ? spec.slice(hash + 1) : undefined;
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (name !== undefined && (ext === 'npy' || ext === 'csv')) {
    throw new UsageError(
      `${spec}: '#${name}' names a tensor or key, but a .${ext} file holds one array (drop '#${name}')`,
    );
  }
  return { path, name, ext };
}

/**
 * Reads an array named by `spec`: `path.npy`, `path.safetensors[#tensor]`, `path.json[#key]` or
 * `path.csv`, chosen by extension. `fallbackName` picks the tensor or key when the spec names none
 * and the file holds several (e.g. 'U' for `--u`).
 */
export function readArray(spec: string, fallbackName?: string): LoadedArray {
  const { path, name, ext } = splitSpec(spec);
  switch (ext) {
    case 'npy':
      return readNpy(path);
    case 'safetensors':
      return readSafetensors(path, name, fallbackName);
    case 'json':
      return readJsonArray(path, name ?? fallbackName);
    case 'csv':
      return readCsv(path);
    default:
      throw new UsageError(`${path}: unknown file type (expected .npy, .safetensors, .json or .csv)`);
  }
}

/** What reading an array will take, known before reading it (see {@link arrayFootprint}). */
export interface ArrayFootprint {
  readonly bytes: number;
  /** The shape: exact from a binary header, estimated for CSV from its first line; null for JSON. */
  readonly shape: readonly number[] | null;
}

/** Estimated CSV shape: columns of the first data line, rows from the file size over its length. */
function csvShape(fd: number, size: number): readonly number[] | null {
  const head = Buffer.alloc(Math.min(size, 2 ** 20));
  readFully(fd, head, 0, head.length, 0);
  let at = 0;
  for (;;) {
    const nl = head.indexOf(0x0a, at);
    if (nl < 0) return null;
    const line = head.toString('latin1', at, nl).trim();
    if (line !== '' && !line.startsWith('#')) {
      return [Math.max(1, Math.floor(size / (nl - at + 1))), line.split(',').length];
    }
    at = nl + 1;
  }
}

/**
 * Bytes reading `spec` will take and its shape, known before reading: exact for .npy and
 * safetensors (from the header), an upper estimate for text (a JSON value takes >= 2 bytes of
 * text and ~40 bytes parsed and converted; a CSV value typically >= 4 bytes of text and 16 while
 * its array grows; the reader checks again as it grows).
 */
export function arrayFootprint(spec: string, fallbackName?: string): ArrayFootprint {
  const { path, name, ext } = splitSpec(spec);
  if (ext === 'npy') return npyFileFootprint(path);
  if (ext === 'safetensors') return safetensorsFootprint(path, name, fallbackName);
  const { fd, size } = openRegularFile(path);
  try {
    return ext === 'csv' ? { bytes: size * 4, shape: csvShape(fd, size) } : { bytes: size * 20, shape: null };
  } finally {
    closeSync(fd);
  }
}

/**
 * Refuses, before reading anything, inputs whose combined footprint (see {@link arrayFootprint})
 * plus `extraBytes` of working memory exceeds the memory available; returns each footprint.
 */
export function requireArraysFit(
  specs: readonly (readonly [string, string?])[],
  where: string,
  extraBytes = 0,
): ArrayFootprint[] {
  const each = specs.map(([spec, name]) => arrayFootprint(spec, name));
  const total = each.reduce((a, f) => a + f.bytes, extraBytes);
  requireMemory(total, where, `reading ${specs.map(([s]) => s).join(', ')}`);
  return each;
}

/** Reads a configuration (2-D, rows are vectors) from `spec` (see {@link readArray}). */
export function readMatrix(spec: string, fallbackName?: string): LoadedMatrix {
  return asMatrix(readArray(spec, fallbackName));
}

/** Reads class labels (1-D integers) from `spec` (see {@link readArray}). */
export function readLabels(spec: string, fallbackName = 'labels'): Int32Array {
  return asLabels(readArray(spec, fallbackName));
}
