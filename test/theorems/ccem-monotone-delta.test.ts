import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { c1Of, claim, fixedBias, TOL } from '../../theorems/ccem-monotone-delta.js';
import { claimContract } from '../__helpers__/claims.js';

describe('ccem-monotone-delta', () => {
  claimContract(claim, [fixedBias], 6, fixedBias.defaultRuns);

  it('at N = 4 along b = kappa t, c1* = (3 kappa + 1)/2 for every t (flat ray), to 1e-20', () => {
    // closed form: at N = 4 the stationarity equation f'(x) = 0 is solved by x = (3 kappa + 1)/2
    // whenever that lies in (-1, 1); b is passed as an exact decimal string
    for (const kappa of ['-0.5', '0', '0.1', '0.2']) {
      const want = new Decimal(kappa).times(3).plus(1).div(2);
      for (const t of ['0.5', '2', '10']) {
        const b = new Decimal(kappa).times(t).toString();
        const got = c1Of(4, Number(t), b);
        expect(got.minus(want).abs().lte(TOL), `kappa=${kappa} t=${t}: ${got}`).toBe(true);
      }
    }
  });

  it('with b = 1 fixed (the must-refute variant) c1* falls from t = 2 to its limit N/(3N-4) = 0.4 (N = 8)', () => {
    const early = c1Of(8, 2, 1);
    const late = c1Of(8, 1e4, 1);
    expect(early.minus(late).gt(0.1)).toBe(true);
    // the limit N/(3N-4) of the claim's statement, approached like 0.63/t
    expect(late.minus(0.4).abs().lt(1e-3)).toBe(true);
  });
});
