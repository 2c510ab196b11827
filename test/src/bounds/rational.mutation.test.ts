import { describe, expect, it } from 'vitest';
import { add, rat, sub, toNumber, typedDecimal } from '../../../src/bounds/rational.js';

/**
 * The typed-decimal reader (signs, blanks, garbage) and the correct rounding of toNumber at a
 * midpoint between two doubles, where a quotient of 20 digits would round the wrong way.
 */
describe('typedDecimal reads the whole literal', () => {
  it('a minus sign negates, blanks around the literal are dropped', () => {
    expect(typedDecimal('-0.5').exact).toEqual({ p: -1n, q: 2n });
    expect(typedDecimal('-3e-2').exact).toEqual({ p: -3n, q: 100n });
    expect(typedDecimal(' 0.25\n').exact).toEqual({ p: 1n, q: 4n });
  });
  it('a positive exponent multiplies: 25e2 = 2500, 1.5E3 = 1500', () => {
    expect(typedDecimal('25e2').exact).toEqual({ p: 2500n, q: 1n });
    expect(typedDecimal('1.5E3').exact).toEqual({ p: 1500n, q: 1n });
  });
  it('text before or after the literal is refused', () => {
    for (const t of ['x1', '1x', '0.5 0.5', 'e5', '-']) expect(() => typedDecimal(t), t).toThrow(RangeError);
  });
});

describe('toNumber rounds correctly next to a midpoint', () => {
  // 1 + 2^-53 is the midpoint of the doubles 1 and 1 + 2^-52; its 20-digit decimal
  // 1.0000000000000001110 lies below it, so only a longer quotient sees 10^-30 above it
  const mid = rat(2n ** 53n + 1n, 2n ** 53n);
  const tiny = rat(1n, 10n ** 30n);
  it('10^-30 above the midpoint rounds up to 1 + 2^-52, 10^-30 below it down to 1', () => {
    expect(toNumber(add(mid, tiny))).toBe(1 + 2 ** -52);
    expect(toNumber(sub(mid, tiny))).toBe(1);
  });
});
