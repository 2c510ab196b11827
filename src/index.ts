/**
 * sigcheck's programmatic API: `import { ... } from 'sigcheck'`.
 *
 * @example
 * ```js
 * import { sigmoidLoss, fromRows, ccemOptimum, feasibility, analyzeEmbeddings, siglipAnswers } from 'sigcheck';
 * const U = fromRows([[1, 0], [0, 1]]);
 * sigmoidLoss(U, U, { t: 1, b: 0, normalization: 'sum' }).loss; // => 2 * Math.log1p(Math.exp(-1)) + 2 * Math.LN2 +- 1e-15
 * ccemOptimum(8, 1.125, 1.125).regime;                          // => 'interior' // LCS24
 * feasibility(0.1, 0).feasible;                                 // => true // BBNP25
 * analyzeEmbeddings([[1, 0], [0, 1]], [[1, 0], [0, 1]]).mStar;  // => 0.5
 * siglipAnswers({ t: 117.8, b: 12.9, batch: 32768 }).matchThreshold; // => 0.1095 +- 1e-4
 * ```
 * Every function is documented at its definition; the README (section "Programmatic API") lists them with examples.
 */

// The loss family and conventions
export { infoNceLoss, type InfoNceOptions, type InfoNceResult } from './loss/infonce.js';
export { rbSigmoidLoss, type RbSigmoidLossOptions, type RbSigmoidLossResult } from './loss/rb-sig.js';
export { sigmoidLoss, type SigmoidLossOptions, type SigmoidLossResult } from './loss/sigmoid.js';
export {
  fromSiglip,
  type Normalization,
  NORMALIZATIONS,
  normalizationScale,
  SIGLIP_INIT,
  type TemperatureBias,
  toSiglip,
} from './loss/conventions.js';
export { sigmoid, softplus, logSigmoid } from './numeric/float/softplus.js';
export { fromRows, type Matrix, toRows } from './numeric/float/vectors.js';

// LCS24: the CCEM optimum
export {
  buildCcem,
  type CcemOptimum,
  type CcemThresholds,
  ccemLoss,
  ccemOptimum,
  ccemThresholds,
} from '../constructions/ccem.js';

// BBNP25: constellation bounds
export { bestBRel, type Feasibility, feasibility, rho } from './bounds/constellation.js';
export {
  type BoundsRow,
  dimensionForN,
  type DimensionRow,
  forwardRow,
  marginFor,
  type MarginRow,
} from './bounds/table.js';

// Measures of a configuration
export {
  type AnalyzeEmbeddingsOptions,
  analyzeEmbeddings,
  type EmbeddingAnalysis,
} from './documents/analysis.js';
export {
  evaluateGates,
  type GateInput,
  type GateResult,
  parseRequirement,
  type Requirement,
} from './siglip/gates.js';

// Claims
export { CLAIMS, selectClaims } from './claims/registry.js';
export { type RunOptions, type RunResult, runClaims } from './claims/runner.js';
export type { Claim, Verdict } from './claims/types.js';

// SigLIP answers and checkpoints
export { type CheckpointLogitParameters, readCheckpointLogits } from './io/checkpoint.js';
export * from './siglip/index.js';
export { UsageError } from './errors.js';
