import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, perAnchor as variant } from '../../theorems/zero-loss-certificate.js';

describe('zero-loss-certificate', () => {
  claimContract(main, [variant], 60);
});
