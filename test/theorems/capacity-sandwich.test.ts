import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, halfBound as variant } from '../../theorems/capacity-sandwich.js';

describe('capacity-sandwich', () => {
  claimContract(main, [variant], 60);
});
