import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim, reversedUpper } from '../../theorems/known-code-sizes.js';

describe('known-code-sizes', () => {
  claimContract(claim, [reversedUpper]);
});
