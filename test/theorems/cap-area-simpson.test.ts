import { describe, expect, it } from 'vitest';
import { capByQuadrature, simpson } from '../../theorems/cap-area.js';

// The quadrature oracle's rule on its own, on intervals that do not start at 0 and integrands that
// do not vanish at the ends (capByQuadrature only integrates sin^{n-2} from 0, where a scale or sign
// slip cancels in the ratio).
describe("simpson: composite Simpson's rule", () => {
  it('is exact for cubics: int_1^3 x^3 = 20 with 2, 4 and 6 steps (f(a) = 1, f(b) = 27)', () => {
    for (const steps of [2, 4, 6]) {
      expect(Math.abs(simpson((x) => x ** 3, 1, 3, steps) - 20)).toBeLessThan(1e-13);
    }
  });
  it('with 2 steps it is (h/3)(f(a) + 4 f(m) + f(b)): int_{-1}^{2} e^x gives (1/2)(e^-1 + 4 e^{1/2} + e^2)', () => {
    const want = 0.5 * (Math.exp(-1) + 4 * Math.exp(0.5) + Math.exp(2));
    expect(Math.abs(simpson(Math.exp, -1, 2, 2) - want)).toBeLessThan(1e-14);
  });
  it('int_0^pi sin = 2 to 1e-13 with 4000 steps (error pi^5 / (180 steps^4) = 6.6e-15)', () => {
    expect(Math.abs(simpson(Math.sin, 0, Math.PI, 4000) - 2)).toBeLessThan(1e-13);
  });
  it('int_{pi/2}^{pi} sin = 1: the nodes run from a upward', () => {
    expect(Math.abs(simpson(Math.sin, Math.PI / 2, Math.PI, 400) - 1)).toBeLessThan(1e-10);
  });
  it('capByQuadrature is the ratio of two such integrals of sin^{n-2}: Omega_4(pi/2) = 1/2', () => {
    expect(Math.abs(capByQuadrature(4, Math.PI / 2) - 0.5)).toBeLessThan(1e-13);
  });
});
