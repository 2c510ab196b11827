import { describe, expect, it } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, unconditional as variant } from '../../theorems/feasibility-region.js';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import { measureFeasibility } from '../../theorems/feasibility-region.js';

describe('feasibility-region', () => {
  claimContract(main, [variant], 60);
});

describe('feasibility-region at the simplex N = d + 1', () => {
  it('3m - (1 + b) = 2/(N - 1) exactly where the exact form is tight', () => {
    for (const n of [3, 5, 9]) {
      const x = simplexEtf(n);
      const r = measureFeasibility(x, x, () => 3);
      expect(r.detail.threeM).toBeCloseTo(-2 / (n - 1), 13);
    }
  });
});
