import { UsageError } from '../errors.js';
import { asLabels, asMatrix, type LoadedArray, type LoadedMatrix } from './array.js';
import { readNpy } from './npy.js';
import { readSafetensors } from './safetensors.js';
import { readCsv, readJsonArray } from './text.js';

/**
 * Reads an array named by `spec`: `path.npy`, `path.safetensors[#tensor]`, `path.json[#key]` or
 * `path.csv`, chosen by extension. `fallbackName` picks the tensor or key when the spec names none
 * and the file holds several (e.g. 'U' for `--u`).
 */
export function readArray(spec: string, fallbackName?: string): LoadedArray {
  const hash = spec.lastIndexOf('#');
  const path = hash >= 0 ? spec.slice(0, hash) : spec;
  const name = hash >= 0 ? spec.slice(hash + 1) : undefined;
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
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

/** Reads a configuration (2-D, rows are vectors) from `spec` (see {@link readArray}). */
export function readMatrix(spec: string, fallbackName?: string): LoadedMatrix {
  return asMatrix(readArray(spec, fallbackName));
}

/** Reads class labels (1-D integers) from `spec` (see {@link readArray}). */
export function readLabels(spec: string, fallbackName = 'labels'): Int32Array {
  return asLabels(readArray(spec, fallbackName));
}
