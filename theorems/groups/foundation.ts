import type { Claim } from '../../src/claims/types.js';
import * as innerProducts from '../ccem-inner-products.js';
import * as keyInequality from '../ccem-key-inequality.js';

/** The first slice: CCEM inner products and the key inequality, with their must-refute variants. */
export const foundationClaims: readonly Claim[] = [
  innerProducts.claim,
  innerProducts.wrongConstant,
  keyInequality.claim,
  keyInequality.wrongCoefficient,
];
