import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim, doubledDimension } from '../../theorems/code-bounds-sandwich.js';

describe('code-bounds-sandwich', () => {
  claimContract(claim, [doubledDimension]);
});
