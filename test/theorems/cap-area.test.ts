import { describe } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim, wrongParameter } from '../../theorems/cap-area.js';

describe('cap-area', () => {
  claimContract(claim, [wrongParameter]);
});
