import { Command } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feasibility, rho } from '../../../src/bounds/constellation.js';
import { klExponent, shannonExponent, thm35Exponent } from '../../../src/bounds/exponents.js';
import { forwardRowHp, rowAgreement } from '../../../src/bounds/hp/table.js';
import { dimensionForN, forwardRow, log10CodeLower, marginFor } from '../../../src/bounds/table.js';
import { parseList } from '../../../src/cli/args.js';
import { register } from '../../../src/cli/bounds.js';
import { UsageError } from '../../../src/errors.js';
import { renderCsv } from '../../../src/report/csv.js';
import { renderMarkdown } from '../../../src/report/markdown.js';

/** The Must-show grid of issue 6. */
const GRID_D = [16, 32, 64, 128, 256, 512, 768, 1024, 1152];
const GRID_MB: [number, number][] = [
  [0.05, 0],
  [0.1, 0],
  [0.2, 0],
  [0.0627, 0.0322],
];
const MAX_D = 100_000;

/** Feasible (m, b) with m >= 0.01 * min(1 - b, (1 + b)/3) and b <= 0.95, so rho <= ~0.999 (cost bound). */
const feasibleMB = fc
  .record({
    b: fc.double({ noNaN: true, min: -0.9, max: 0.95 }),
    u: fc.double({ noNaN: true, min: 0.01, max: 1 }),
  })
  .map(({ b, u }) => ({ b, m: u * Math.min(1 - b, (1 + b) / 3) }));

describe('rho and feasibility (docs/theory.md §2)', () => {
  it('rho(m, b) = (1 + b - 3m)/(1 + b + m); the SigLIP-base point gives rho = 0.7709...', () => {
    expect(rho(0.1, 0)).toBeCloseTo(0.7 / 1.1, 15);
    expect(rho(0.0627, 0.0322)).toBeCloseTo((1.0322 - 0.1881) / 1.0949, 15);
  });
  it('outside the region: m + b > 1 (no constellation), 3m > 1 + b with the d-free bound 4m/(3m-1-b)', () => {
    expect(feasibility(0.6, 0.5).reason).toBe('margin-plus-bias-above-one');
    const f = feasibility(0.4, 0);
    expect(f.reason).toBe('three-m-above-one-plus-bias');
    expect(f.finiteBound).toBeCloseTo(8, 12);
    expect(forwardRow(768, 0.4, 0).log10NUpper).toBeCloseTo(Math.log10(8), 12);
  });
});

describe('forward table', () => {
  it('Must-show grid: float64 and decimal.js log10 N agree to >= 12 significant digits', () => {
    let worst = Number.POSITIVE_INFINITY;
    for (const [m, b] of GRID_MB) {
      for (const d of GRID_D) {
        const row = forwardRow(d, m, b);
        const a = rowAgreement(row, forwardRowHp(d, m, b, 30));
        expect(a).not.toBeNull();
        worst = Math.min(worst, a!);
      }
    }
    expect(worst).toBeGreaterThanOrEqual(12);
  });

  it('law: lower (paper) <= lower <= upper, and every value finite, for d <= 10^5 (feasible, m > 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: MAX_D }), feasibleMB, (d, { m, b }) => {
        const r = forwardRow(d, m, b);
        for (const v of [
          r.log10NLower,
          r.log10NLowerPaper,
          r.log10NUpper,
          r.exponentLowerShannon,
          r.exponentUpperKL,
        ]) {
          expect(v).not.toBeNull();
          expect(Number.isFinite(v)).toBe(true);
        }
        expect(r.log10NLowerPaper!).toBeLessThanOrEqual(r.log10NLower! * (1 + 1e-12) + 1e-12);
        expect(r.log10NLower!).toBeLessThanOrEqual(r.log10NUpper! * (1 + 1e-12) + 1e-12);
      }),
      { numRuns: 120 },
    );
  });

  it('law: no NaN or Infinity anywhere in a row for any valid input (d <= 10^5, m in [0, 1], b in [-1, 1])', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: MAX_D }),
        fc.double({ noNaN: true, min: 0, max: 1 }),
        fc.double({ noNaN: true, min: -1, max: 1 }),
        (d, m, b) => {
          const r = forwardRow(d, m, b);
          for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        },
      ),
      // pinned: rho = 1 - 1e-16 once gave an infinite packing bound
      {
        numRuns: 200,
        examples: [
          [3, 1.099120794378905e-16, 0.999999999999989],
          [100_000, 1e-300, 1],
          [2, 0, -1],
        ],
      },
    );
  });

  it('law: bounds are monotone: non-decreasing in d and b_rel, non-increasing in m (feasible region)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 2000 }),
        feasibleMB,
        fc.double({ noNaN: true, min: 0.05, max: 1 }),
        (d, { m, b }, t) => {
          const r = forwardRow(d, m, b);
          const rd = forwardRow(d + 1, m, b);
          const rm = forwardRow(d, m * t, b); // smaller margin
          const bMax = Math.min(1 - m, 1);
          const rb = forwardRow(d, m, b + t * (bMax - b)); // larger bias, still m + b <= 1
          const tol = (x: number) => 1e-12 * Math.abs(x) + 1e-12;
          for (const key of ['log10NLower', 'log10NUpper'] as const) {
            expect(rd[key]!).toBeGreaterThanOrEqual(r[key]! - tol(r[key]!));
            if (rm[key] !== null) expect(rm[key]!).toBeGreaterThanOrEqual(r[key]! - tol(r[key]!));
            expect(rb[key]!).toBeGreaterThanOrEqual(r[key]! - tol(r[key]!));
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('law: exponents are ordered Shannon <= KL <= Thm 3.5 (0 <= rho < 1)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: 0, max: 0.999999 }), (s) => {
        expect(shannonExponent(s)).toBeLessThanOrEqual(klExponent(s) + 1e-15);
        expect(klExponent(s)).toBeLessThanOrEqual(thm35Exponent(s) + 1e-15);
      }),
    );
  });
});

describe('inversions', () => {
  it('dimension for N: dSufficient is the first d whose lower bound reaches N (and d - 1 is not)', () => {
    const r = dimensionForN(1e9, 0.1, 0);
    const rr = rho(0.1, 0);
    expect(log10CodeLower(r.dSufficient! - 1, rr)).toBeGreaterThanOrEqual(9);
    expect(log10CodeLower(r.dSufficient! - 2, rr)).toBeLessThan(9);
    expect(r.dNecessary!).toBeLessThanOrEqual(r.dSufficient!);
    expect(forwardRow(r.dNecessary!, 0.1, 0).log10NUpper!).toBeGreaterThanOrEqual(9);
    expect(forwardRow(r.dNecessary! - 1, 0.1, 0).log10NUpper!).toBeLessThan(9);
  });

  it('margin for (N, d): mGuaranteed <= mMax, and the lower bound at mGuaranteed reaches N', () => {
    const r = marginFor(1e9, 768, 0);
    expect(r.mGuaranteed!).toBeLessThanOrEqual(r.mMax!);
    expect(forwardRow(768, r.mGuaranteed!, 0).log10NLower!).toBeGreaterThanOrEqual(9);
    expect(forwardRow(768, r.mGuaranteed! * 1.001, 0).log10NLower!).toBeLessThan(9);
    expect(forwardRow(768, r.mMax!, 0).log10NUpper!).toBeGreaterThanOrEqual(9);
  });

  it("b_rel = 'best' (= 1 - m) never gives a smaller guaranteed margin than b_rel = 0", () => {
    expect(marginFor(1e9, 768, 'best').mGuaranteed!).toBeGreaterThanOrEqual(
      marginFor(1e9, 768, 0).mGuaranteed!,
    );
  });
});

describe('sigcheck bounds (in-process)', () => {
  const run = async (args: string[]) => {
    const program = new Command().exitOverride();
    register(program);
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['bounds', ...args], { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    return out;
  };

  it('forward mode as JSON has the documented keys', async () => {
    const rows = JSON.parse(await run(['--d', '64,128', '--m', '0.1', '--format', 'json']));
    expect(rows).toHaveLength(2);
    for (const k of ['d', 'm', 'bRel', 'rho', 'feasible', 'log10NLower', 'log10NLowerPaper', 'log10NUpper']) {
      expect(rows[0]).toHaveProperty(k);
    }
  });

  it('csv and md render one line per row plus header', async () => {
    expect((await run(['--d', '16:32:3', '--m', '0.1', '--format', 'csv'])).trim().split('\n')).toHaveLength(
      4,
    );
    expect((await run(['--N', '1e9', '--d', '768', '--format', 'md'])).trim().split('\n')).toHaveLength(3);
  });

  it.each([
    [['--d', '64', '--m', '-1'], /--m must be in \[0, 1\]/],
    [['--d', '64', '--m', '0.1', '--b-rel', '1.5'], /--b-rel must be in \[-1, 1\]/],
    [['--d', '1', '--m', '0.1'], /--d must be in/],
    [['--N', '0.5', '--m', '0.1'], /--N must be >= 1/],
    [['--d', '1:x:3', '--m', '0.1'], /must be a number/],
    [['--d', '2:1001:1000', '--m', '0:1:1001'], /more than 1000000/],
    [['--d', '64'], /give exactly two/],
  ])('bad input %j is one UsageError line', async (args, re) => {
    await expect(run(args)).rejects.toThrow(UsageError);
    await expect(run(args)).rejects.toThrow(re);
  });

  it('parseList expands ranges with both ends included', () => {
    expect(parseList('--d', '16:64:4', true)).toEqual([16, 32, 48, 64]);
  });
});

describe('generic renderers', () => {
  it('csv quotes commas and quotes (RFC 4180); md escapes pipes', () => {
    expect(renderCsv(['a', 'b'], [[1, 'x,"y"']])).toBe('a,b\n1,"x,""y"""\n');
    expect(renderMarkdown(['a', 'b'], [[1, 'p|q']])).toBe('| a | b |\n| ---: | --- |\n| 1 | p\\|q |\n');
  });
});
