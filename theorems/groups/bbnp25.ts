import type { Claim } from '../../src/claims/types.js';
import * as capacity from '../capacity-sandwich.js';
import * as codeEquivalence from '../code-constellation-equivalence.js';
import * as lossRate from '../constellation-loss-rate.js';
import * as construction1 from '../construction-1.js';
import * as construction2 from '../construction-2.js';
import * as feasibility from '../feasibility-region.js';
import * as modalityGap from '../modality-gap.js';
import * as rbSigDynamics from '../rb-sig-dynamics.js';
import * as relativeBias from '../relative-bias-equivalence.js';
import * as retrieval from '../retrieval.js';
import * as certificate from '../zero-loss-certificate.js';

/** BBNP25 (docs/theory.md §2 and s3): every claim with its must-refute variants, in report order. */
export const bbnp25Claims: readonly Claim[] = [
  certificate.claim,
  certificate.perAnchor,
  lossRate.claim,
  lossRate.upperN,
  retrieval.claim,
  retrieval.epsFourM,
  codeEquivalence.claim,
  codeEquivalence.noHalf,
  construction1.claim,
  construction1.signError,
  construction2.claim,
  construction2.overK,
  feasibility.claim,
  feasibility.unconditional,
  capacity.claim,
  capacity.halfBound,
  modalityGap.claim,
  modalityGap.dPlusOne,
  relativeBias.claim,
  relativeBias.signFlip,
  rbSigDynamics.claim,
  rbSigDynamics.allB0,
];
