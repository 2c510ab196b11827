/**
 * Measures of a configuration (U, V): margins m*, b* and their mean and trimmed forms, the
 * constellation test, retrieval, xi, the modality-gap separator, row norms. docs/theory.md §2.
 * @packageDocumentation
 */
export { BLOCK_COLS, BLOCK_ROWS, gramBlock, scanGram } from './gram-block.js';
export { isConstellation, margins, trimmedMargins } from './margins.js';
export { type NormStats, normStats, unitNormTolerance } from './norms.js';
export {
  COLLECT_CAP,
  type Margins,
  PARALLEL_MIN_WORK,
  type PairScan,
  type PairScanOptions,
  positiveIndex,
  type Retrieval,
  scanPairs,
  type TrimmedMargins,
  WASM_MIN_WORK,
} from './pairs.js';
export { lerpNumpy, quantileRanks, quantileSorted } from './quantile.js';
export { retrieval } from './retrieval.js';
export { type Separator, type SeparatorOptions, separator } from './separator.js';
export { xi, xiCov } from './xi.js';
