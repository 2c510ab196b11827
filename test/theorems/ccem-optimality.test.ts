import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ccemOptimum } from '../../constructions/ccem.js';
import { claim, dBelowN } from '../../theorems/ccem-optimality.js';
import { claimContract } from '../__helpers__/claims.js';

// Independent route: softplus sp(z) = ln(1 + e^z) evaluated with 50 decimal digits.
const D50 = Decimal.clone({ precision: 50 });
const sp = (z: Decimal.Value) => new D50(z).exp().plus(1).ln();
/** A few float operations in the closed-form loss: 16 ulps of the value. */
const LOSS_ULPS = 16 * Number.EPSILON;

describe('ccem-optimality', () => {
  claimContract(claim, [dBelowN], 6, dBelowN.defaultRuns);

  it('N = 4, t = b = 1 (ETF regime): min loss = sp(0) + 3 sp(-4/3), from 50-digit decimals', () => {
    const got = ccemOptimum(4, 1, 1);
    const want = sp(0).plus(sp(new D50(-4).div(3)).times(3));
    expect(got.regime).toBe('etf');
    expect(got.c1).toBe(1);
    expect(new D50(got.loss).minus(want).abs().lte(want.times(LOSS_ULPS)), `${got.loss} vs ${want}`).toBe(
      true,
    );
  });

  it('N = 8, t = b = 0.25 (antipodal regime): min loss = sp(0.5) + 7 sp(-0.5), from 50-digit decimals', () => {
    const got = ccemOptimum(8, 0.25, 0.25);
    const want = sp(0.5).plus(sp(-0.5).times(7));
    expect(got.regime).toBe('antipodal');
    expect(got.c1).toBe(-1);
    expect(new D50(got.loss).minus(want).abs().lte(want.times(LOSS_ULPS)), `${got.loss} vs ${want}`).toBe(
      true,
    );
  });
});
