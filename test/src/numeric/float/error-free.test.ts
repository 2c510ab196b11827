import { describe, expect, it } from 'vitest';
import { logitOf, productError, sumError } from '../../../../src/numeric/float/error-free.js';
import { ulp } from '../../../../src/numeric/float/ulp.js';
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

  // |logitOf(t, g, b) - (t g - b)| <= one ulp of the result, the exact value from decimal.js
  const withinUlp = (t: number, g: number, b: number) => {
    const z = logitOf(t, g, b);
    const err = exact(D, z)
      .minus(exact(D, t).times(exact(D, g)).minus(exact(D, b)))
      .abs();
    return err.lte(exact(D, ulp(z)));
  };

  it('logitOf: t g - b within an ulp, cancelling terms included, t up to 1e308', () => {
    for (let q = 0; q < 2000; q++) {
      const t = Math.abs(rng.normal()) * 10 ** rng.int(-300, 302);
      const g = rng.normal() * (q % 5 === 0 ? 2 ** rng.int(-40, 12) : 1);
      // b on or near t g (cancellation), or drawn apart
      const b = q % 2 === 0 ? t * g * (1 + rng.int(-4, 4) * 2 ** -52) : rng.normal() * t;
      expect(withinUlp(t, g, b), `${t} ${g} ${b}`).toBe(true);
    }
  });

  it('logitOf keeps the digits the plain t g - b loses', () => {
    // 1e20 * 0.96 rounds to 9.6e19; the exact product is 9.6e19 - 3552.71...
    expect(1e20 * 0.96 - 9.6e19).toBe(0);
    expect(logitOf(1e20, 0.96, 9.6e19)).toBeCloseTo(-3552.713678800501, 9);
    expect(withinUlp(1e20, 0.96, 9.6e19)).toBe(true);
    // factors above 2^995: Dekker's split would overflow unscaled
    expect(withinUlp(1.5e308, 0.7, 1.05e308)).toBe(true);
    expect(withinUlp(0.7, 1.5e308, 1.05e308)).toBe(true);
    expect(logitOf(1e308, 10, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
