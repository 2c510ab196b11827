import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim, increasingInMargin } from '../../theorems/bounds-monotone.js';

describe('bounds-monotone', () => {
  claimContract(claim, [increasingInMargin]);
});
