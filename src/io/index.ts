/**
 * Readers and writers for embeddings: NumPy .npy, safetensors, JSON and CSV.
 * @packageDocumentation
 */
export {
  asLabels,
  asMatrix,
  convert,
  type DType,
  itemSize,
  type LoadedArray,
  type LoadedMatrix,
  readWhole,
  unitRoundoffOf,
} from './array.js';
export {
  encodeNpy,
  type NpyHeader,
  type NpyWriteType,
  parseNpy,
  parseNpyHeader,
  readNpy,
  writeNpy,
} from './npy.js';
export { readArray, readLabels, readMatrix } from './read.js';
export {
  encodeSafetensors,
  parseSafetensors,
  parseSafetensorsHeader,
  readSafetensors,
  type SafetensorsEntry,
  type TensorToWrite,
  writeSafetensors,
} from './safetensors.js';
export { parseCsv, parseJsonArray, readCsv, readJsonArray } from './text.js';
