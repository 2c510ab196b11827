import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, epsFourM as variant } from '../../theorems/retrieval.js';

describe('retrieval', () => {
  claimContract(main, [variant], 60);
});
