import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, overK as variant } from '../../theorems/construction-2.js';

describe('construction-2', () => {
  claimContract(main, [variant], 40);
});
