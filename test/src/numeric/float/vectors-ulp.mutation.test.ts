import { describe, expect, it } from 'vitest';
import { logitOf } from '../../../../src/numeric/float/error-free.js';
import { adjacentDouble } from '../../../../src/numeric/float/ulp.js';
import { fromRows, normalizeRows, rowNorm, toRows } from '../../../../src/numeric/float/vectors.js';
import { formatSignificant } from '../../../../src/numeric/format.js';

describe('rowNorm and normalizeRows at the edges', () => {
  it('a zero row has norm 0 (not 0 times the 0/0 of its scaled entries)', () => {
    expect(rowNorm(fromRows([[0, 0, 0]]), 0)).toBe(0);
    expect(rowNorm(fromRows([[-0]]), 0)).toBe(0);
  });

  it('a row of subnormals is divided by its largest entry first (its norm would keep ~11 bits)', () => {
    const m = fromRows([[1e-320, -1e-320]]);
    expect(normalizeRows(m)).toBe(-1);
    // 1 / fl(sqrt 2): within one ulp of 1/sqrt 2
    const [x, y] = toRows(m)[0]!;
    expect(Math.abs(x! - Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
    expect(Math.abs(y! + Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
  });

  it('a row whose norm overflows (MAX_VALUE twice) is divided by its largest entry first, not by Infinity', () => {
    const m = fromRows([[Number.MAX_VALUE, -Number.MAX_VALUE]]);
    expect(normalizeRows(m)).toBe(-1);
    const [x, y] = toRows(m)[0]!;
    expect(Math.abs(x! - Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
    expect(Math.abs(y! + Math.SQRT1_2)).toBeLessThanOrEqual(2 ** -53);
  });

  it('a row with an infinite entry cannot be normalised: its index is returned, no NaN row', () => {
    const m = fromRows([
      [3, 4],
      [Number.POSITIVE_INFINITY, 1],
      [0, 2],
    ]);
    expect(normalizeRows(m)).toBe(1);
    expect(toRows(m)[0]).toEqual([0.6, 0.8]);
    expect(toRows(m)[2]).toEqual([0, 2]);
  });
});

describe('adjacentDouble', () => {
  it('steps one ulp up and down', () => {
    expect(adjacentDouble(1, 1n)).toBe(1 + 2 ** -52);
    expect(adjacentDouble(1, -1n)).toBe(1 - 2 ** -53);
    expect(adjacentDouble(5e-324, -1n)).toBe(0);
    expect(adjacentDouble(2 ** -1022, -1n)).toBe(2 ** -1022 - 2 ** -1074);
  });
});

describe('logitOf with an infinite product or bias', () => {
  it('t g - b is +Infinity for b = -Infinity and a product that overflows, NaN for Infinity - Infinity', () => {
    expect(logitOf(1e300, 1e300, Number.NEGATIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(logitOf(1e300, 1e300, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(logitOf(1e300, -1e300, 5)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('formatSignificant', () => {
  it.each([
    [0.000123456, 3, '1.23e-4'],
    [0.0723456, 3, '0.0723'],
    [0.001, 3, '0.00100'],
    [0.00099, 2, '9.9e-4'],
    [123.456, 4, '123.5'],
    [-123.456, 2, '-1.2e+2'],
    [999999.5, 3, '1.00e+6'],
    [1234567.8, 3, '1.23e+6'],
    [1234567.8, 8, '1.2345678e+6'],
    [0.5, 3, '0.500'],
    [42, 3, '42'],
    [-7, 2, '-7'],
    [0, 3, '0'],
    [999999999, 2, '999999999'],
    [1e9, 2, '1.0e+9'],
    [-1e9, 3, '-1.00e+9'],
    [Number.POSITIVE_INFINITY, 3, 'Infinity'],
    [Number.NaN, 3, 'NaN'],
  ])('%s to %s digits: %s', (x, digits, want) => {
    expect(formatSignificant(x, digits)).toBe(want);
  });
});
