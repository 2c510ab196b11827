import type { Claim } from '../../src/claims/types.js';
import * as generalThresholds from '../ccem-general-thresholds.js';
import * as monotone from '../ccem-monotone-delta.js';
import * as optimality from '../ccem-optimality.js';
import * as thresholds from '../ccem-thresholds.js';
import * as infonce from '../infonce-etf.js';

/** docs/theory.md §1 (LCS24): every claim with its must-refute variants. */
export const lcs24Claims: readonly Claim[] = [
  optimality.claim,
  optimality.dBelowN,
  thresholds.claim,
  thresholds.wrongConstant,
  generalThresholds.claim,
  generalThresholds.flippedBias,
  monotone.claim,
  monotone.fixedBias,
  infonce.claim,
  infonce.wrongSign,
];
