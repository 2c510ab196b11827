import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';
import { ccemThresholdsHp } from '../../constructions/hp/ccem.js';
import { hpContext } from '../../src/numeric/hp/decimal.js';
import { claim, wrongConstant } from '../../theorems/ccem-thresholds.js';
import { claimContract } from '../__helpers__/claims.js';

// Independent route: the closed forms evaluated directly with a 50-digit decimal.js clone.
const D50 = Decimal.clone({ precision: 50 });
const tEtf = (n: number) => new D50(n - 1).div(n).times(new D50(n - 3).ln());
const tAnti = (n: number) => new D50(n - 2).div(2).ln().div(2);
const ULP = Number.EPSILON;

describe('ccem-thresholds', () => {
  claimContract(claim, [wrongConstant], 4);

  it('T_ETF(N) and T_ANTI(N) in float are the 50-digit closed forms to within 2 ulps (N = 5, 8, 100, 10^6)', () => {
    for (const n of [5, 8, 100, 1_000_000]) {
      const got = ccemThresholds(n);
      for (const [actual, want] of [
        [got.etf, tEtf(n)],
        [got.antipodal, tAnti(n)],
      ] as const) {
        const diff = new D50(actual).minus(want).abs();
        expect(diff.lte(want.abs().times(2 * ULP)), `N=${n} ${actual} vs ${want}`).toBe(true);
      }
    }
  });

  it('the 40-digit decimal thresholds agree with the 50-digit closed forms to 38 digits (N = 8)', () => {
    const hp = ccemThresholdsHp(hpContext(40), 8);
    expect(new D50(hp.etf.toString()).minus(tEtf(8)).abs().lte('1e-38')).toBe(true);
    expect(new D50(hp.antipodal.toString()).minus(tAnti(8)).abs().lte('1e-38')).toBe(true);
  });

  it('the CCEM optimum switches regime across each threshold (N = 8, t = b = T (1 +- 1e-6))', () => {
    const { etf, antipodal } = ccemThresholds(8);
    expect(ccemOptimum(8, etf * (1 + 1e-6), etf * (1 + 1e-6)).regime).toBe('etf');
    expect(ccemOptimum(8, etf * (1 - 1e-6), etf * (1 - 1e-6)).regime).toBe('interior');
    expect(ccemOptimum(8, antipodal * (1 - 1e-6), antipodal * (1 - 1e-6)).regime).toBe('antipodal');
    expect(ccemOptimum(8, antipodal * (1 + 1e-6), antipodal * (1 + 1e-6)).regime).toBe('interior');
  });
});
