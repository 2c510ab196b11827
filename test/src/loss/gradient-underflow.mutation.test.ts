import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  exactArguments,
  type GradientTerm,
  scaledDouble,
  scaledToNumber,
  signedLogSum,
  underflowGradient,
} from '../../../src/loss/gradient-underflow.js';
import { type Normalization, normalizationScale } from '../../../src/loss/conventions.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';

// The log-form gradient's parts one at a time, against scripts/oracles/loss_grad_underflow.py
// (exact fractions and mpmath at 5000 bits).
interface SumCase {
  readonly name: string;
  readonly terms: { w: string; sign: 1 | -1; coef: string }[];
  readonly maxW: string;
  readonly sign: -1 | 0 | 1;
  readonly ln?: string;
  readonly sumError?: string;
}
interface LogEntry {
  readonly sign: -1 | 0 | 1;
  readonly ln?: string;
  readonly lnLargest?: string;
}
interface EntriesCase {
  readonly config: string;
  readonly U: number[][];
  readonly V: number[][];
  readonly t: string;
  readonly b: string;
  readonly normalization: Normalization;
  readonly rowNorms?: { u: number[]; v: number[] };
  readonly grad: { u: LogEntry[][]; v: LogEntry[][]; t: LogEntry; b: LogEntry };
}
interface SweepCase {
  readonly terms: { base: string; offset: string; nudge: [number, number]; sign: 1 | -1; coef: string }[];
  readonly sign: -1 | 1;
  readonly ln: string;
  readonly maxW: string;
}
const fixture = JSON.parse(readFileSync('test/fixtures/edges/loss-grad-underflow.json', 'utf8')) as {
  configs: Record<string, { U: number[][]; V: number[][] }>;
  scaled: { x: string; scaled: string }[];
  toNumber: { x: string; pow: number; value: string }[];
  arguments: { config: string; t: string; b: string; w: string[] }[];
  sums: SumCase[];
  entries: EntriesCase[];
  sweep: SweepCase[];
};

/** The fixture's terms as the module takes them (wDouble is not read by signedLogSum). */
function termsOf(c: SumCase): GradientTerm[] {
  return c.terms.map((x) => ({
    w: BigInt(x.w),
    wDouble: scaledToNumber(BigInt(x.w), 2148),
    sign: x.sign,
    coef: Number(x.coef),
  }));
}

describe('scaledDouble: x 2^1074 as an integer', () => {
  it.each(fixture.scaled)('$x', ({ x, scaled }) => {
    expect(scaledDouble(Number(x))).toBe(BigInt(scaled));
  });
});

describe('scaledToNumber: x 2^-pow as a double', () => {
  it.each(fixture.toNumber)('$x 2^-$pow', ({ x, pow, value }) => {
    expect(scaledToNumber(BigInt(x), pow)).toBe(Number(value));
  });
});

describe('exactArguments: w_ij = t G_ij - b times 2^2148, negated on the diagonal', () => {
  it.each(fixture.arguments)('$config, t = $t, b = $b', ({ config, t, b, w }) => {
    const cfg = fixture.configs[config]!;
    const got = exactArguments(fromRows(cfg.U), fromRows(cfg.V), Number(t), Number(b));
    expect(got.map(String)).toEqual(w);
  });
});

describe('signedLogSum: sign, ln |sum| and the cancellation bound', () => {
  it.each(fixture.sums)('$name', (c) => {
    const r = signedLogSum(termsOf(c));
    expect(r.sign).toBe(c.sign);
    if (c.sign === 0) {
      // the exact groups cancel exactly: an exact zero, no error
      expect(r.ln).toBe(Number.NEGATIVE_INFINITY);
      expect(r.sumError).toBe(0);
      return;
    }
    const want = Number(c.ln);
    const bound = Number(c.sumError);
    // the sum's own error (the bound) and the rounding of the largest argument to a double
    const tol = 2 * bound + 2 ** -51 * (Number(c.maxW) + Math.abs(want) + 1);
    expect(Math.abs(r.ln - want), `ln ${r.ln} vs ${want}`).toBeLessThanOrEqual(tol);
    // the bound is the documented one, computed from the exact pieces (the float ones differ by
    // the sum's rounding, relative to the bound itself)
    expect(Math.abs(r.sumError / bound - 1), `sumError ${r.sumError} vs ${bound}`).toBeLessThan(
      1e-6 + 2 * bound,
    );
  });

  it('arguments 2^-2148 apart (one unit of the exact grid) keep their difference', () => {
    // sigma(w) - sigma(w + e) = -e sigma(w) sigma(-w) (1 + O(e)), e = 2^-2148, w = -50
    const w = -50n << 2148n;
    const r = signedLogSum([
      { w, wDouble: -50, sign: 1, coef: 1 },
      { w: w + 1n, wDouble: -50, sign: -1, coef: 1 },
    ]);
    const want = -2148 * Math.LN2 - 50 - 2 * Math.log1p(Math.exp(-50));
    expect(r.sign).toBe(-1);
    expect(Math.abs(r.ln - want)).toBeLessThan(2 ** -50 * Math.abs(want));
  });

  it('a float sum that cancels to 0 leaves the sign unknown', () => {
    // c sigma(800) - 2 sigma(0) = -sigma(-800) != 0: the constant 1 and -2 sigma(0) = -1 cancel in
    // float64, and the remainder -e^-800 rounds to 0 there (its sign is not known to the sum)
    const r = signedLogSum([
      { w: 800n << 2148n, wDouble: 800, sign: 1, coef: 1 },
      { w: 0n, wDouble: 0, sign: -1, coef: 2 },
    ]);
    expect(r).toEqual({ sign: 0, ln: Number.NEGATIVE_INFINITY, sumError: Number.POSITIVE_INFINITY });
  });

  it('a float sum left with one subnormal bit overflows its bound: the sign is unknown too', () => {
    // 0.5 sigma(800) - sigma(0) + sigma(-744.5): 0.5 and -0.5 cancel in float64, and e^-744.5 summed
    // at their scale rounds to 2^-1074 (the true sum is about e^-744.5 > 0): 9 2^-52 / 2^-1074 overflows
    const r = signedLogSum([
      { w: 800n << 2148n, wDouble: 800, sign: 1, coef: 0.5 },
      { w: 0n, wDouble: 0, sign: -1, coef: 1 },
      { w: scaledDouble(-744.5) << 1074n, wDouble: -744.5, sign: 1, coef: 1 },
    ]);
    expect(r).toEqual({ sign: 0, ln: Number.NEGATIVE_INFINITY, sumError: Number.POSITIVE_INFINITY });
  });

  it('pieces 2^1000 apart in coefficient and e^-800 apart in ratio keep their digits', () => {
    // 1.5e-323 sigma(-1) + 1e300 sigma(-801), about 1e300 e^-801: one scale for both (the largest
    // coefficient's) would round the first to 0 and e^-800 to 0 with it
    const r = signedLogSum([
      { w: -1n << 2148n, wDouble: -1, sign: 1, coef: 1.5e-323 },
      { w: -801n << 2148n, wDouble: -801, sign: 1, coef: 1e300 },
    ]);
    const want = Math.log(1e300) - 801 - Math.log1p(Math.exp(-801));
    expect(r.sign).toBe(1);
    expect(Math.abs(r.ln - want)).toBeLessThan(1e-12);
  });

  it('no terms, or only zero coefficients: an exact zero', () => {
    expect(signedLogSum([])).toEqual({ sign: 0, ln: Number.NEGATIVE_INFINITY, sumError: 0 });
    expect(signedLogSum([{ w: 5n << 2148n, wDouble: 5, sign: 1, coef: 0 }])).toEqual({
      sign: 0,
      ln: Number.NEGATIVE_INFINITY,
      sumError: 0,
    });
  });
});

describe('underflowGradient: each entry and the size of its largest term', () => {
  it.each(fixture.entries)('$config, t = $t, b = $b, $normalization', (c) => {
    const t = Number(c.t);
    const b = Number(c.b);
    const u = fromRows(c.U);
    const logs = underflowGradient({
      u,
      v: fromRows(c.V),
      t,
      b,
      scale: normalizationScale(c.normalization, u.rows),
      ...(c.rowNorms
        ? { rowNorms: { u: Float64Array.from(c.rowNorms.u), v: Float64Array.from(c.rowNorms.v) } }
        : {}),
    });
    // the logits' rounding (2^-52 (t + |b|) in ln) and a few ulps of ln and of the sum
    const tol = (ln: number) => 2 ** -50 * (t + Math.abs(b) + Math.abs(ln) + 1);
    const check = (where: string, got: ReturnType<typeof logs.t>, want: LogEntry) => {
      expect(got.sign, where).toBe(want.sign);
      if (want.sign !== 0) {
        const ln = Number(want.ln);
        expect(Math.abs(got.ln - ln), `${where}: ln ${got.ln} vs ${ln}`).toBeLessThanOrEqual(tol(ln));
      }
      if (want.lnLargest === undefined) expect(got.lnLargest, where).toBe(Number.NEGATIVE_INFINITY);
      else {
        const big = Number(want.lnLargest);
        expect(
          Math.abs(got.lnLargest - big),
          `${where}: lnLargest ${got.lnLargest} vs ${big}`,
        ).toBeLessThanOrEqual(tol(big));
      }
    };
    check('t', logs.t(), c.grad.t);
    check('b', logs.b(), c.grad.b);
    for (const [i, row] of c.grad.u.entries())
      for (const [k, e] of row.entries()) check(`u(${i}, ${k})`, logs.u(i, k), e);
    for (const [j, row] of c.grad.v.entries())
      for (const [k, e] of row.entries()) check(`v(${j}, ${k})`, logs.v(j, k), e);
  });
});

describe('signedLogSum over a seeded sweep (arguments down to 2^-2148 apart, coefficients 1.5e-323 to 1e300)', () => {
  it('every answer is the exact sum to its stated bound, or says its sign is unknown', () => {
    let unknown = 0;
    for (const [i, c] of fixture.sweep.entries()) {
      const terms = c.terms.map((x) => {
        const w =
          ((scaledDouble(Number(x.base)) + scaledDouble(Number(x.offset))) << 1074n) +
          BigInt(x.nudge[0]) * (1n << BigInt(2148 - x.nudge[1]));
        return { w, wDouble: scaledToNumber(w, 2148), sign: x.sign, coef: Number(x.coef) };
      });
      const r = signedLogSum(terms);
      if (r.sign === 0 || r.sumError >= 1) {
        unknown++;
        expect(r.sumError, `case ${i}`).toBeGreaterThanOrEqual(1);
        continue;
      }
      const want = Number(c.ln);
      const tol = 2 * r.sumError + 2 ** -50 * (Number(c.maxW) + Math.abs(want) + 1);
      expect(r.sign, `case ${i}`).toBe(c.sign);
      expect(Math.abs(r.ln - want), `case ${i}: ln ${r.ln} vs ${want}`).toBeLessThanOrEqual(tol);
    }
    // the sweep must test answers, not refusals
    expect(unknown).toBeLessThanOrEqual(fixture.sweep.length / 20);
  });
});
