import { describe, expect, it } from 'vitest';
import { positiveIndex } from '../../../src/geometry/pairs.js';
import { UsageError } from '../../../src/errors.js';

// positiveIndex's refusals at their edges (each a UsageError: one clear line, exit code 2).
const m = (rows: number, cols: number) => ({ rows, cols, data: new Float64Array(rows * cols) });

describe('positiveIndex', () => {
  it('no U row with an empty label list is refused, one U row and two V rows are enough', () => {
    expect(() => positiveIndex(m(0, 2), m(2, 2), [], 'scan')).toThrow(UsageError);
    expect(() => positiveIndex(m(0, 2), m(2, 2), [], 'scan')).toThrow(/at least one U row and two V rows/);
    expect(Array.from(positiveIndex(m(1, 2), m(2, 2), [1], 'scan'))).toEqual([1]);
    expect(() => positiveIndex(m(1, 2), m(1, 2), [0], 'scan')).toThrow(/at least one U row and two V rows/);
  });

  it('labels run over [0, K - 1]: K itself is out of range', () => {
    expect(() => positiveIndex(m(2, 2), m(3, 2), [0, 3], 'scan')).toThrow(
      /label 3 of row 1 is out of range \[0, 2\]/,
    );
    expect(Array.from(positiveIndex(m(2, 2), m(3, 2), [2, 0], 'scan'))).toEqual([2, 0]);
  });
});
