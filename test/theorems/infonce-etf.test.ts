import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { claim, infoNceOnCcem, wrongSign } from '../../theorems/infonce-etf.js';
import { claimContract } from '../__helpers__/claims.js';

// Independent route: 2 ln(1 + (N-1) e^{(c2 - c1)/tau}) in 50-digit decimals, with the ETF's
// c2 = -1/(N-1) written by hand.
const D50 = Decimal.clone({ precision: 50 });
const etfLoss = (n: number, tau: number) =>
  new D50(n - 1)
    .times(
      new D50(-1)
        .div(n - 1)
        .minus(1)
        .div(tau)
        .exp(),
    )
    .plus(1)
    .ln()
    .times(2);

describe('infonce-etf', () => {
  claimContract(claim, [wrongSign], 6, wrongSign.defaultRuns);

  it('the symmetric InfoNCE loss of the ETF is 2 ln(1 + (N-1) e^{-N/((N-1) tau)}) to 8 ulps', () => {
    for (const [n, tau] of [
      [4, 1],
      [3, 0.25],
      [10, 5],
    ] as const) {
      const got = infoNceOnCcem(n, tau, 1);
      const want = etfLoss(n, tau);
      expect(
        new D50(got)
          .minus(want)
          .abs()
          .lte(want.times(8 * Number.EPSILON)),
        `N=${n} tau=${tau}: ${got}`,
      ).toBe(true);
    }
  });

  it('the ETF (c1 = 1) has the lowest loss of the CCEM family (N = 6, tau = 0.5, c1 on a grid)', () => {
    const atEtf = infoNceOnCcem(6, 0.5, 1);
    for (let x = -1; x < 1; x += 0.125) expect(infoNceOnCcem(6, 0.5, x)).toBeGreaterThan(atEtf);
  });
});
