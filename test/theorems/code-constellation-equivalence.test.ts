import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, noHalf as variant } from '../../theorems/code-constellation-equivalence.js';

describe('code-constellation-equivalence', () => {
  claimContract(main, [variant], 60);
});
