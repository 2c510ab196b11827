import { describe, expect, it } from 'vitest';
import { productError, sumError } from '../../../../src/numeric/float/error-free.js';
import { exact, hpContext } from '../../../../src/numeric/hp/decimal.js';
import { Rng } from '../../../../src/numeric/float/rng.js';

// fl(x) + error = the exact result, checked in decimal.js (every double and every exact sum or
// product of two doubles below has fewer than 400 significant digits)
const D = hpContext(400);

describe('error-free transformations', () => {
  const rng = new Rng(11);
  const draw = () => rng.normal() * 2 ** rng.int(-60, 60);

  it('sumError: a + b = fl(a + b) + error exactly, either order of magnitudes', () => {
    for (let q = 0; q < 2000; q++) {
      const a = draw();
      const b = q % 3 === 0 ? -a * (1 + 2 ** -40) : draw();
      const s = a + b;
      const e = sumError(a, b, s);
      expect(
        exact(D, s)
          .plus(exact(D, e))
          .eq(exact(D, a).plus(exact(D, b))),
        `${a} + ${b}`,
      ).toBe(true);
    }
  });

  it('productError: a b = fl(a b) + error exactly', () => {
    for (let q = 0; q < 2000; q++) {
      const a = draw();
      const b = draw();
      const p = a * b;
      const e = productError(a, b, p);
      expect(
        exact(D, p)
          .plus(exact(D, e))
          .eq(exact(D, a).times(exact(D, b))),
        `${a} * ${b}`,
      ).toBe(true);
    }
  });

  it('the classic cases: 1 + 2^-53 and (1 + 2^-30)^2', () => {
    expect(sumError(1, 2 ** -53, 1 + 2 ** -53)).toBe(2 ** -53);
    expect(sumError(2 ** -53, 1, 1 + 2 ** -53)).toBe(2 ** -53);
    const a = 1 + 2 ** -30;
    expect(productError(a, a, a * a)).toBe(2 ** -60);
  });
});
