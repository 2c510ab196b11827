import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, signFlip as variant } from '../../theorems/relative-bias-equivalence.js';

describe('relative-bias-equivalence', () => {
  claimContract(main, [variant], 40);
});
