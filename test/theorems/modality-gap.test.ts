import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, dPlusOne as variant } from '../../theorems/modality-gap.js';

describe('modality-gap', () => {
  claimContract(main, [variant], 30);
});
