/** The SigLIP practitioner's answers: init bias, initial loss, threshold, logits memory. */
export { type SiglipAnswers, type SiglipOptions, OPEN_CLIP_MAX_T, siglipAnswers } from './answers.js';
export { cosineGrid, expectCosineLog, logCosineNormaliser } from './cosine.js';
export {
  batchForLogitBias,
  calibratedInitLogitBias,
  initLogitBias,
  initLogitBiasForBatch,
} from './init-bias.js';
export {
  type ByNormalization,
  type InitialLoss,
  type InitTerms,
  initialLoss,
  initialLossMonteCarlo,
  initTerms,
  logSoftplus,
  type MonteCarloEstimate,
} from './init-loss.js';
export { DTYPE_BYTES, formatBytes, type LogitsDtype, type LogitsMemory, logitsMemory } from './memory.js';
export {
  type ExactParameters,
  type MatchSide,
  matchProbability,
  matchSide,
  matchThreshold,
} from './threshold.js';
