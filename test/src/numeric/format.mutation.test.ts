import { describe, expect, it } from 'vitest';
import { formatDecimal, readableNumbers } from '../../../src/numeric/format.js';

// Expected strings written by hand from the rule: positional for decimal exponents in [-6, 21).
describe('formatDecimal at the edges of the positional range', () => {
  it('exponent -6 and 20 are positional, -7 and 21 are not', () => {
    expect(formatDecimal('0.0000015')).toBe('0.0000015');
    expect(formatDecimal('1.5e-7')).toBe('1.5e-7');
    expect(formatDecimal('1e20')).toBe('100000000000000000000');
    expect(formatDecimal('1e21')).toBe('1e+21');
    expect(formatDecimal('-2.5e21')).toBe('-2.5e+21');
  });

  it('exponent 0 and integers whose digits fill the integer part exactly', () => {
    expect(formatDecimal('7.5')).toBe('7.5');
    expect(formatDecimal('7')).toBe('7');
    expect(formatDecimal('123')).toBe('123');
    expect(formatDecimal('1.23e2')).toBe('123');
  });

  it('exponents without a sign and with several digits', () => {
    expect(formatDecimal('4.5e3')).toBe('4500');
    expect(formatDecimal('0.5e10')).toBe('5000000000');
    expect(formatDecimal('25E-10')).toBe('2.5e-9');
  });

  it('a string is a numeral only as a whole', () => {
    expect(formatDecimal('N=12')).toBe('N=12');
    expect(formatDecimal('12abc')).toBe('12abc');
    expect(formatDecimal('1e5x')).toBe('1e5x');
  });
});

describe('readableNumbers walks arrays and plain objects only', () => {
  it('rewrites numerals inside arrays', () => {
    expect(readableNumbers(['0.00000012', 3, ['1e21']])).toEqual(['1.2e-7', 3, ['1e+21']]);
  });

  it('null, undefined, numbers and non-plain objects come back as they are', () => {
    expect(readableNumbers(null)).toBeNull();
    expect(readableNumbers(undefined)).toBeUndefined();
    expect(readableNumbers(5)).toBe(5);
    const date = new Date(0);
    expect(readableNumbers(date)).toBe(date);
    const m = new Map([['a', '0.00000012']]);
    expect(readableNumbers(m)).toBe(m);
    expect(readableNumbers({ a: null, b: undefined })).toEqual({ a: null, b: undefined });
  });
});
