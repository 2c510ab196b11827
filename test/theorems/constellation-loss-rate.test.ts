import { describe, expect, it } from 'vitest';
import { claimContract } from '../__helpers__/claims.js';
import { claim as main, upperN as variant } from '../../theorems/constellation-loss-rate.js';
import { code } from '../../constructions/codes.js';
import { lnSoftplus } from '../../src/numeric/float/softplus.js';
import { infLoss, rateHp } from '../../theorems/constellation-loss-rate.js';

describe('constellation-loss-rate', () => {
  claimContract(main, [variant], 30);
});

describe('constellation-loss-rate numerics', () => {
  it('ln softplus(z) = z - e^z/2 below -30 and continues smoothly at the switch', () => {
    expect(lnSoftplus(-1000)).toBe(-1000);
    expect(Math.abs(lnSoftplus(-30.0000001) - lnSoftplus(-29.9999999))).toBeLessThan(1e-6);
  });

  it('the decimal.js loss at t = 1e4 agrees with the log-space value (simplex of 6 points)', () => {
    const x = code('simplex', 6).x;
    const inf = infLoss(x, x, 1e4);
    const hp = rateHp(x, x, 1e4, inf.b);
    expect(Math.abs(hp.loss.ln().toNumber() - inf.lnL)).toBeLessThan(1e-9);
    expect(hp.loss.gt(hp.lower) && hp.loss.lt(hp.upper)).toBe(true);
  });
});
