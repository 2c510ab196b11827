import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildCcem, exactInput, readableDecimal } from '../../../src/documents/ccem.js';

// The values themselves are checked end to end against the mpmath oracle (test/e2e/ccem.test.ts);
// here: the sweep order, the diagonal's thresholds and the decimal forms.
const v = (text: string) => ({ text, x: Number(text) });

describe('buildCcem', () => {
  it('sweeps N outermost, then t, then b; b = t (with thresholds) when no b is given', () => {
    const rows = buildCcem({ ns: [v('5'), v('8')], ts: [v('1'), v('2')] });
    expect(rows.map((r) => [r.N, r.t, r.b])).toEqual([
      [5, 1, 1],
      [5, 2, 2],
      [8, 1, 1],
      [8, 2, 2],
    ]);
    // LCS24 thresholds at N = 8: T_ETF = (7/8) ln 5, T_ANTI = ln(3) / 2 (closed forms)
    const th = rows[2]!.thresholds as { etf: number; antipodal: number };
    expect(Math.abs(th.etf - (7 / 8) * Math.log(5))).toBeLessThanOrEqual(4e-16);
    expect(Math.abs(th.antipodal - Math.log(3) / 2)).toBeLessThanOrEqual(4e-16);
  });

  it('off the diagonal there are no thresholds; b varies fastest', () => {
    const rows = buildCcem({ ns: [v('8')], ts: [v('2')], bs: [v('1'), v('3')] });
    expect(rows.map((r) => r.b)).toEqual([1, 3]);
    expect(rows.every((r) => !('thresholds' in r))).toBe(true);
  });

  it('with digits every number is a decimal string and t, b are the exact inputs', () => {
    const [row] = buildCcem({ ns: [v('8')], ts: [v('0.10')], bs: [v('1e-300')], digits: 20 });
    expect(row!.t).toBe('0.1');
    expect(row!.b).toBe('1e-300');
    expect(typeof row!.c1).toBe('string');
    expect((row!.c1 as string).replace(/^-?0\.0*|[.-]|e.*$/g, '')).toHaveLength(20);
  });
});

describe('decimal forms', () => {
  it('readableDecimal: D significant digits, exponent form outside 1e-6 .. 1e21', () => {
    expect(readableDecimal(new Decimal('0.000123456'), 3)).toBe('0.000123');
    expect(readableDecimal(new Decimal('1.5e-7'), 3)).toBe('1.50e-7');
    expect(readableDecimal(new Decimal('0'), 3)).toBe('0');
  });
  it('exactInput: the shortest exact form of the user decimal', () => {
    expect(exactInput('1e-300')).toBe('1e-300');
    expect(exactInput(' 2.50 ')).toBe('2.5');
    expect(exactInput('0.1000000000000000000000000000001')).toBe('0.1000000000000000000000000000001');
  });
});
