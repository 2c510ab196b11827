import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ccemOptimum } from '../../constructions/ccem.js';
import { hpContext } from '../../src/numeric/hp/decimal.js';
import { claim, flippedBias, generalConditions } from '../../theorems/ccem-general-thresholds.js';
import { claimContract } from '../__helpers__/claims.js';

const D = hpContext(40);

describe('ccem-general-thresholds', () => {
  claimContract(claim, [flippedBias], 20, flippedBias.defaultRuns);

  it('on t = b the conditions are the LCS24 thresholds: N = 8 flips at (7/8) ln 5 and (1/2) ln 3', () => {
    // independent route: the diagonal thresholds in 50-digit decimals, probed 1e-12 either side
    const D50 = Decimal.clone({ precision: 50 });
    const etf = new D50(7).div(8).times(new D50(5).ln());
    const anti = new D50(3).ln().div(2);
    const at = (x: Decimal, rel: number) => new D(x.times(1 + rel).toString());
    expect(generalConditions(8, at(etf, 1e-12), at(etf, 1e-12)).etf).toBe(true);
    expect(generalConditions(8, at(etf, -1e-12), at(etf, -1e-12)).etf).toBe(false);
    expect(generalConditions(8, at(anti, -1e-12), at(anti, -1e-12)).antipodal).toBe(true);
    expect(generalConditions(8, at(anti, 1e-12), at(anti, 1e-12)).antipodal).toBe(false);
  });

  it('off the diagonal the antipodal edge is t + b = ln 3 exactly (N = 8, t = 2): b = ln 3 - 2 -+ 1e-15', () => {
    const edge = new D(3).ln().minus(2);
    expect(generalConditions(8, new D(2), edge.minus('1e-15')).antipodal).toBe(true);
    expect(generalConditions(8, new D(2), edge.plus('1e-15')).antipodal).toBe(false);
  });

  it('the conditions name the regime the float optimiser of f finds (N = 8, a grid of (t, b))', () => {
    for (const t of [0.3, 1, 3, 8]) {
      for (const b of [-2, -0.5, 0.4, 1.5, 4]) {
        const k = generalConditions(8, new D(t), new D(b));
        const want = k.etf ? 'etf' : k.antipodal ? 'antipodal' : 'interior';
        expect(ccemOptimum(8, t, b).regime, `t=${t} b=${b}`).toBe(want);
      }
    }
  });
});
