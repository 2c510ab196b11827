import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { softplusFast } from '../../../../src/numeric/float/softplus-fast.js';

describe('softplusFast below the table range (z < -700) hands over to softplus', () => {
  it('softplus(z) = e^z to the last bit for z in [-745, -700] (decimal.js e^z, 30 digits), 0 below', () => {
    const D = Decimal.clone({ precision: 30 });
    for (const z of [-700.5, -709, -720, -740, -745]) {
      // log1p(e^z) = e^z (1 - e^z/2 + ...): the correction is below 1e-300 relative
      const want = new D(z).exp().toNumber();
      expect(softplusFast(z), `z = ${z}`).toBe(want);
    }
    expect(softplusFast(-800)).toBe(0);
    expect(softplusFast(-Infinity)).toBe(0);
  });
});
