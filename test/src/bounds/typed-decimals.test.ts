import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { feasibility } from '../../../src/bounds/constellation.js';
import { typedDecimal } from '../../../src/bounds/rational.js';
import { dimensionForN, forwardRow, marginFor } from '../../../src/bounds/table.js';
import { boundsWorkSeconds } from '../../../src/cli/bounds.js';
import { runCli } from '../../__helpers__/cli.js';

/**
 * Boundary decisions on 16-digit typed decimals: the expected yes/no comes from decimal.js on the
 * typed strings (exact at 60 digits for these sums and products), and each case is one where the
 * binary values of the doubles fall on the other side (checked here too, from the exact doubles).
 */
const D = Decimal.clone({ precision: 60 });
const exactDouble = (text: string) => new D(Number(text).toPrecision(100));
const td = typedDecimal;

describe('bounds decide on the decimals the user typed, also with 16 digits', () => {
  const m = '0.1234567890123456';
  const b = '0.8765432109876544';

  it('m + b_rel = 1 exactly (U = V codes): feasible, although the doubles sum above 1', () => {
    expect(new D(m).plus(b).eq(1)).toBe(true);
    expect(exactDouble(m).plus(exactDouble(b)).gt(1)).toBe(true);
    expect(feasibility(td(m), td(b)).feasible).toBe(true);
    const row = forwardRow(3, td(m), td(b));
    expect(row.feasible).toBe(true);
    expect(row.reason).toBeNull();
    expect(dimensionForN(td('5'), td(m), td(b)).dSufficient).not.toBeNull();
  });

  it('one unit more in the 16th digit of b_rel: above the edge, infeasible', () => {
    const b2 = '0.8765432109876545';
    expect(new D(m).plus(b2).gt(1)).toBe(true);
    expect(feasibility(td(m), td(b2)).reason).toBe('margin-plus-bias-above-one');
  });

  it('Thm 3.4 edge (3 - 4/N) m = 1 + b_rel at N = 4: the CCEM of 4 pairs fits; the doubles gave "impossible"', () => {
    const m4 = '0.5617283945061728';
    const b4 = '0.1234567890123456';
    // 4m / (3m - 1 - b) = 4 exactly for the decimals, below 4 for the doubles
    expect(new D(m4).times(4).div(new D(m4).times(3).minus(1).minus(b4)).eq(4)).toBe(true);
    const dm = exactDouble(m4);
    expect(
      dm
        .times(4)
        .div(dm.times(3).minus(1).minus(exactDouble(b4)))
        .lt(4),
    ).toBe(true);
    const row = dimensionForN(td('4'), td(m4), td(b4));
    expect(row.dSufficient).toBe(4);
    expect(String(row.reason)).not.toMatch(/impossible/);
    // the largest margin for N = 4 is N (1 + b) / (3N - 4) = m4 itself, as the decimal it prints as
    expect(new D(4).times(new D(1).plus(b4)).div(8).eq(m4)).toBe(true);
    expect(String(marginFor(td('4'), 5, td(b4)).mMax)).toBe(m4);
  });

  it('typedDecimal keeps every digit of the literal', () => {
    const e = td('0.1234567890123456').exact; // 1234567890123456 / 10^16 in lowest terms
    expect(e.p * 10n ** 16n).toBe(1234567890123456n * e.q);
    expect(e.q).toBe(10n ** 16n / 64n); // 1234567890123456 = 2^6 * 19290123283179
    expect(td('1e-300').exact).toEqual({ p: 1n, q: 10n ** 300n });
    expect(td('-0').exact).toEqual({ p: 0n, q: 1n });
    expect(td('.5').exact).toEqual({ p: 1n, q: 2n });
    expect(td('2.50E+2').exact).toEqual({ p: 250n, q: 1n });
  });
});

describe('bounds CLI: typed decimals and the cost of margin rows', () => {
  it('the 16-digit edge is feasible; a decimal below the double range is refused, not read as 0', () => {
    const r = runCli([
      'bounds',
      '--d',
      '3',
      '--m',
      '0.1234567890123456',
      '--b-rel',
      '0.8765432109876544',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { feasible: boolean }[])[0]!.feasible).toBe(true);
    const tiny = runCli(['bounds', '--d', '3', '--m', '1e-400']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr.trim().split('\n')).toHaveLength(1);
    expect(tiny.stderr).toMatch(/below the smallest positive double/);
  });

  it('margin rows are costed at their measured size: 1000 rows up to N = 1e300 at d = 768 are refused', () => {
    // one margin row at N = 1e300, d = 768 took 0.7-1.4 s on one core (a bisection whose last
    // probes go to the decimal cap area); the model must not be below that
    expect(boundsWorkSeconds('margin', [768], [1e300], 1, false)).toBeGreaterThanOrEqual(1.4);
    expect(boundsWorkSeconds('margin', [100_000], [1e300], 1, false)).toBeGreaterThanOrEqual(6.7);
    const r = runCli(['bounds', '--N', '1:1e300:1000', '--d', '768']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sigcheck: bounds: 1000 rows need about .* more than --max-work 120 s/);
  });
});

describe('refusal messages read true at a boundary crossed by 1e-16 or 1e-300', () => {
  // each number in the message is parsed back and checked against decimal.js on the typed strings
  // (400 digits: 1 + 1e-300 must not round to 1); a number reads "x", "p/q" or "x + y"
  const W = Decimal.clone({ precision: 400 });
  const one = (s: string) => {
    const [p, q] = s.split('/');
    return q === undefined ? new W(p!) : new W(p!).div(q);
  };
  const num = (s: string) => {
    const parts = s.split(' + ');
    return parts.length === 2 ? one(parts[0]!).plus(one(parts[1]!)) : one(s);
  };
  for (const [m, b] of [
    ['0.3', '0.7000000000000001'],
    ['1e-300', '1'],
    ['0.4', '0.19999999999999999'],
    ['0.5', '0.2499999999999999'],
    ['0.3333333333333333333333334', '0'],
  ] as const) {
    it(`m ${m}, b_rel ${b}`, () => {
      const f = feasibility(td(m), td(b));
      expect(f.feasible).toBe(false);
      const sum = /^m \+ b_rel = (.+) > 1: /.exec(f.message!);
      if (sum) {
        expect(num(sum[1]!).eq(new W(m).plus(b)), f.message!).toBe(true);
        expect(num(sum[1]!).gt(1), f.message!).toBe(true);
        return;
      }
      const three = /^3m = (.+) > 1 \+ b_rel = (.+): N <= 4m\/\(3m-1-b_rel\) = (\S+) for every d/.exec(
        f.message!,
      );
      expect(three, f.message!).not.toBeNull();
      const [, lhs, rhs, bound] = three!;
      expect(num(lhs!).eq(new W(m).times(3)), f.message!).toBe(true);
      expect(num(lhs!).gt(num(rhs!)), f.message!).toBe(true);
      const exact = new W(m).times(4).div(new W(m).times(3).minus(1).minus(b));
      // the bound is printed exactly or to 21 significant digits
      expect(num(bound!).minus(exact).abs().lte(exact.times('1e-20')), f.message!).toBe(true);
    });
  }
});
