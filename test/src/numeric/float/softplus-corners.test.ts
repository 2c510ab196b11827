import { describe, expect, it } from 'vitest';
import { sigmoid, softplus } from '../../../../src/numeric/float/softplus.js';

describe('float softplus and sigmoid where e^{|z|} would overflow', () => {
  it('sigmoid(z) = e^z to the last bit for z in [-745, -710] (1 + e^z = 1; e^{-z} overflows)', () => {
    for (const z of [-710, -720, -740, -745]) {
      const s = sigmoid(z);
      expect(s).toBeGreaterThan(0);
      expect(s).toBe(Math.exp(z));
    }
  });

  it('softplus(z) = z for z in [40, 1e300] and e^z for z in [-745, -40] (ln(1 + y) = y - y^2/2 + ...)', () => {
    for (const z of [40, 800, 1e300]) expect(softplus(z)).toBe(z);
    for (const z of [-40, -720, -745]) expect(softplus(z)).toBe(Math.exp(z));
  });
});
