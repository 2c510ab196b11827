import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { formatDecimal, formatNumber, readableNumbers } from '../../../src/numeric/format.js';
import { hpContext } from '../../../src/numeric/hp/decimal.js';

describe('number formatting for people', () => {
  it('doubles keep their shortest round-trip form', () => {
    for (const x of [0.1, 1e-300, 5e-324, 1.7976931348623157e308, -2.5, 0, 1e21, 123456789012]) {
      expect(Number(formatNumber(x))).toBe(x);
    }
    expect(formatNumber(1e-300)).toBe('1e-300');
  });

  it('decimals: positional for exponents in [-6, 21), exponent form outside, every digit kept', () => {
    const cases: [string, string][] = [
      ['0.5', '0.5'],
      ['123.45', '123.45'],
      ['100', '100'],
      ['-0.00000012', '-1.2e-7'],
      ['0.0000012', '0.0000012'],
      [`0.${'0'.repeat(1736)}12`, '1.2e-1737'],
      [`-${'9'.repeat(3)}${'0'.repeat(30)}`, '-9.99e+32'],
      ['1.2e-1737', '1.2e-1737'],
      ['4.5e+3', '4500'],
      ['0.000', '0'],
      ['simplex(4)', 'simplex(4)'],
      ['Infinity', 'Infinity'],
    ];
    for (const [input, want] of cases) expect(formatDecimal(input), input).toBe(want);
  });

  it('a Decimal with thousands of zeros comes out exact and short (value preserved to the last digit)', () => {
    const D = hpContext(40);
    const x = new D(2).pow(-9000).times(new D(3).sqrt());
    const s = formatDecimal(x);
    expect(s.length).toBeLessThan(60);
    expect(new D(s).eq(x)).toBe(true);
    expect(formatDecimal(new Decimal('NaN'))).toBe('NaN');
  });

  it('readableNumbers rewrites decimals deeply and leaves doubles and words alone', () => {
    const v = readableNumbers({
      a: `0.${'0'.repeat(2600)}5`,
      b: [1e-300, 'x'],
      c: { d: new Decimal('1e-5000') },
    });
    expect(v).toEqual({ a: '5e-2601', b: [1e-300, 'x'], c: { d: '1e-5000' } });
  });
});
