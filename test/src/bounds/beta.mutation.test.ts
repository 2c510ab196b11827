import { describe, expect, it } from 'vitest';
import { betaContinuedFraction, logBetaInc } from '../../../src/bounds/beta.js';

// Closed forms of the regularised incomplete beta (DLMF 8.17.1): I_x(a, 1) = x^a,
// I_x(1, b) = 1 - (1 - x)^b, I_x(2, 2) = 3x^2 - 2x^3, I_x(1/2, 1/2) = (2/pi) arcsin(sqrt x).
const EPS = Number.EPSILON;
function nearLn(got: number, wantLn: number, k: number, what: string): void {
  // ln I to k eps (|ln I| + 1): a relative error of k eps in I
  const tol = k * EPS * (Math.abs(wantLn) + 1);
  expect(Math.abs(got - wantLn), `${what}: got ${got}, want ${wantLn}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('logBetaInc against closed forms, on both sides of the switch x = (a + 1)/(a + b + 2)', () => {
  it('I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b', () => {
    for (const x of [0.05, 0.3, 0.6, 0.95]) {
      for (const a of [0.5, 3, 40]) nearLn(logBetaInc(x, a, 1), a * Math.log(x), 64, `I_${x}(${a}, 1)`);
      for (const b of [0.5, 3, 40])
        nearLn(logBetaInc(x, 1, b), Math.log1p(-((1 - x) ** b)), 64, `I_${x}(1, ${b})`);
    }
    // a = 10^4: the continued fraction with a large shape parameter
    nearLn(logBetaInc(0.9999, 1e4, 1), 1e4 * Math.log(0.9999), 256, 'I_0.9999(1e4, 1)');
  });

  it('I_x(2, 2) = 3x^2 - 2x^3 and I_x(1/2, 1/2) = (2/pi) arcsin(sqrt x)', () => {
    for (const x of [0.01, 0.2, 0.5, 0.7, 0.99]) {
      nearLn(logBetaInc(x, 2, 2), Math.log(3 * x * x - 2 * x ** 3), 64, `I_${x}(2, 2)`);
      nearLn(
        logBetaInc(x, 0.5, 0.5),
        Math.log((2 / Math.PI) * Math.asin(Math.sqrt(x))),
        64,
        `I_${x}(1/2, 1/2)`,
      );
    }
  });

  it('the complement y = 1 - x given separately keeps digits that 1 - x would lose', () => {
    // x = 1 - 1e-20 is the double 1; I_x(1, 1) = x, so ln I = log1p(-1e-20)
    nearLn(logBetaInc(1, 1, 1, 1e-20), Math.log1p(-1e-20), 4, 'I_{1-1e-20}(1, 1)');
    // I_x(1, 2) = 1 - y^2 at y = 1e-10: ln I = log1p(-1e-20)
    nearLn(logBetaInc(1, 1, 2, 1e-10), Math.log1p(-1e-20), 4, 'I_{1-1e-10}(1, 2)');
    // I_x(3, 1) = x^3 with x = 1 - y, y = 1e-9 (not representable as 1 - x): 3 log1p(-1e-9)
    nearLn(logBetaInc(1 - 1e-9, 3, 1, 1e-9), 3 * Math.log1p(-1e-9), 4, 'I(3, 1) near x = 1');
  });

  it('near x = 1 and x = 0 the logs come from the accurate complement (relative error of ln I)', () => {
    const rel = (got: number, want: number, k: number, what: string) =>
      expect(Math.abs(got - want), `${what}: got ${got}, want ${want}`).toBeLessThanOrEqual(
        k * EPS * Math.abs(want),
      );
    // direct side with x > 1/2: I_x(1e6, 1) = x^1e6 at x = 1 - 1e-5 (ln x = log1p(-y), not ln of a rounded x)
    // tolerance: about 4 sqrt(a) = 4000 Lentz steps, each rounding h by a few eps (8 eps a step, absolute
    // on ln I); ln of the rounded x = 0.99999 would be off by 4.6e-11, six times more
    const lnI = logBetaInc(1 - 1e-5, 1e6, 1, 1e-5);
    const want = 1e6 * Math.log1p(-1e-5);
    expect(Math.abs(lnI - want), `I(1e6, 1) at y = 1e-5: got ${lnI}, want ${want}`).toBeLessThanOrEqual(
      8 * 4000 * EPS,
    );
    // complement side: I_x(3, 1) = x^3, ln I = 3 log1p(-y) ~ -3e-9
    rel(logBetaInc(1 - 1e-9, 3, 1, 1e-9), 3 * Math.log1p(-1e-9), 64, 'I(3, 1) at y = 1e-9');
    // x = 1e-20, b = 1e17: I_x(1, b) = 1 - (1 - x)^b = -expm1(b log1p(-x)), and 1 - x rounds to 1
    rel(
      logBetaInc(1e-20, 1, 1e17),
      Math.log(-Math.expm1(1e17 * Math.log1p(-1e-20))),
      256,
      'I(1, 1e17) at x = 1e-20',
    );
  });

  it('ln x supplied by the caller is used (x subnormal or zero)', () => {
    // I_x(2, 1) = x^2 with ln x = -800 given (x itself underflows to 0)
    nearLn(logBetaInc(0, 2, 1, 1, -800), -1600, 4, 'I(2, 1) at ln x = -800');
    nearLn(logBetaInc(5e-324, 1, 1, 1, Math.log(5e-324)), Math.log(5e-324), 4, 'I(1, 1) at 5e-324');
  });

  it('the ends: -inf at x = 0, 0 at x = 1', () => {
    expect(logBetaInc(0, 2, 3)).toBe(Number.NEGATIVE_INFINITY);
    expect(logBetaInc(1, 2, 3)).toBe(0);
    expect(logBetaInc(0.4, 2, 3, 0)).toBe(0);
  });

  it('shape parameters must be positive and finite, x and 1 - x in [0, 1]', () => {
    for (const [x, a, b, y] of [
      [0.5, 0, 1, 0.5],
      [0.5, 1, 0, 0.5],
      [0.5, -1, 1, 0.5],
      [0.5, Infinity, 1, 0.5],
      [0.5, 1, Infinity, 0.5],
      [0.5, Number.NaN, 1, 0.5],
      [-0.1, 1, 1, 1.1],
      [1.1, 1, 1, -0.1],
      [0.5, 1, 1, 1.5],
      [0.5, 1, 1, -0.5],
      [Number.NaN, 1, 1, 0.5],
      // x out of range while the complement passed is in range
      [-0.1, 1, 1, 0.5],
      [1.5, 1, 1, 0.5],
    ] as const) {
      expect(() => logBetaInc(x, a, b, y), `${x}, ${a}, ${b}, ${y}`).toThrow(RangeError);
    }
  });

  it('betaContinuedFraction: I_x(a, b) = x^a y^b / (a B(a, b)) * CF, so CF = (1 - x)^-1 at b = 1, a = 1', () => {
    // I_x(1, 1) = x = x (1 - x) / 1 * CF  =>  CF = 1 / (1 - x)
    for (const x of [0.1, 0.3, 0.45]) {
      const cf = betaContinuedFraction(x, 1, 1);
      expect(Math.abs(cf - 1 / (1 - x)), `x = ${x}`).toBeLessThanOrEqual(8 * EPS);
    }
    // I_x(2, 2) = 3x^2 - 2x^3 = x^2 (1 - x)^2 / (2 B(2, 2)) CF, B(2, 2) = 1/6  =>  CF = (3 - 2x) / (3 (1 - x)^2)
    for (const x of [0.1, 0.3, 0.45]) {
      const cf = betaContinuedFraction(x, 2, 2);
      const want = (3 - 2 * x) / (3 * (1 - x) ** 2);
      expect(Math.abs(cf - want), `x = ${x}`).toBeLessThanOrEqual(16 * EPS * want);
    }
  });
});
