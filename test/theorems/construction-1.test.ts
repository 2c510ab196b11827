import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, signError as variant } from '../../theorems/construction-1.js';

describe('construction-1', () => {
  claimContract(main, [variant], 60);
});
