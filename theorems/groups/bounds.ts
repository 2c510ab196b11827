import type { Claim } from '../../src/claims/types.js';
import * as monotone from '../bounds-monotone.js';
import * as capArea from '../cap-area.js';
import * as sandwich from '../code-bounds-sandwich.js';
import * as known from '../known-code-sizes.js';

/** Issue 6: cap areas and spherical-code / constellation bounds, with their must-refute variants. */
export const boundsClaims: readonly Claim[] = [
  capArea.claim,
  capArea.wrongParameter,
  sandwich.claim,
  sandwich.doubledDimension,
  monotone.claim,
  monotone.increasingInMargin,
  known.claim,
  known.reversedUpper,
];
