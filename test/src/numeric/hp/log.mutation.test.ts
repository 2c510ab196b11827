import { describe, expect, it } from 'vitest';
import { hpContext } from '../../../../src/numeric/hp/decimal.js';
import { log1pHp } from '../../../../src/numeric/hp/log.js';

describe('decimal log1p series carries its guard digits', () => {
  it('log1pHp(y) near the series limit |y| = 1/100 is correct to 1e-49 at 50 digits (ln(1 + y) at 200 digits)', () => {
    // the slowest series: each term gains only two digits, so a stopping rule short of its 5 guard
    // digits leaves a remainder of 1e-48 relative
    const D = hpContext(50);
    const W = hpContext(200);
    for (const y of ['0.0099', '-0.0099', '0.00999', '-0.0051', '0.0073', '0.0031']) {
      const want = new W(y).plus(1).ln();
      const got = log1pHp(D, new D(y));
      const rel = new W(got).minus(want).abs().div(want.abs());
      expect(rel.lte('1e-49'), `${y}: relative error ${rel.toExponential(3)}`).toBe(true);
    }
  });
});
