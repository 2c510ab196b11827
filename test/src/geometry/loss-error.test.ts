import { describe, expect, it } from 'vitest';
import { fmtError } from '../../../src/cli/analyze.js';
import { analysisLoss, LOSS_MAX_RELATIVE_ERROR } from '../../../src/documents/analysis.js';
import type { KernelName } from '../../../src/geometry/gram-plan.js';
import { lossErrorBound, plainLogitsExact, scanPairs } from '../../../src/geometry/pairs.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { softplus as softplusHp } from '../../../src/numeric/hp/softplus.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { evaluateGates, parseRequirement } from '../../../src/siglip/gates.js';

// The loss of the exact entries (naive float64 dots of the stored values), every logit and term
// in decimal.js at 60 digits: an independent route to the sum the scan approximates.
const D = hpContext(60);
function exactLoss(u: Matrix, v: Matrix, t: number, b: number): ReturnType<typeof D.prototype.plus> {
  const d = u.cols;
  let sum = new D(0);
  for (let i = 0; i < u.rows; i++) {
    for (let j = 0; j < v.rows; j++) {
      let g = 0;
      for (let q = 0; q < d; q++) g += u.data[i * d + q]! * v.data[j * d + q]!;
      const z = exact(D, t).times(exact(D, g)).minus(exact(D, b));
      const y = i === j ? z.neg() : z;
      sum = sum.plus(softplusHp(D, y));
    }
  }
  return sum;
}

const f32 = (m: Matrix): Matrix => ({ ...m, data: m.data.map((x) => Math.fround(x)) });

describe('the loss of a pair scan and its error bound', () => {
  const rng = new Rng(2027);
  const u = f32(randomUnitRows(60, 48, rng.fork('u')));
  const v = f32(randomUnitRows(60, 48, rng.fork('v')));

  const kernels: KernelName[] = ['js', 'wasm', ...(loadBlas().ok ? (['openblas'] as const) : [])];
  it(`${kernels.join(', ')}: |lossSum - exact| <= lossError at t from 1 to 1e5`, () => {
    for (const [t, b] of [
      [1, 0],
      [10, 10],
      [117, 12.9],
      [1e3, -30],
      [1e5, 2e3],
      // logits ~ 1e300 (b fixed and negative, or t huge): each term moves by at most |dz|
      [117, -1e300],
      [1e300, -5],
    ] as const) {
      const want = exactLoss(u, v, t, b);
      for (const kernel of kernels) {
        const s = scanPairs(u, v, { kernel, loss: { t, b } });
        const err = exact(D, s.lossSum!).minus(want).abs();
        expect(err.lte(exact(D, s.lossError!)), `${kernel} t ${t}: error ${err} > ${s.lossError}`).toBe(true);
        // the exact entries' bound is the evaluation's: 2^-40 of the sums and the logits' rounding
        if (kernel === 'js')
          expect(s.lossError! / s.lossSum!).toBeLessThan(2 ** -39 + 2 ** -51 * (t + Math.abs(b)));
      }
    }
  });

  it('logits that cancel: t = 1e20, b = 9.6e19, G = 0.96 everywhere (the plain logit is 0)', () => {
    const rows = (x: number, y: number): Matrix => ({
      rows: 2,
      cols: 2,
      data: Float64Array.from([x, y, x, y]),
    });
    const [uu, vv] = [rows(0.6, 0.8), rows(0.8, 0.6)];
    const s = scanPairs(uu, vv, { kernel: 'js', loss: { t: 1e20, b: 9.6e19 } });
    // every logit is 1e20 fl(0.96) - 9.6e19 = -3552.713678800500929355621337890625 exactly
    const want = exactLoss(uu, vv, 1e20, 9.6e19);
    expect(want.toNumber()).toBeCloseTo(7105.427357601002, 9);
    expect(exact(D, s.lossSum!).minus(want).abs().lte(exact(D, s.lossError!))).toBe(true);
    expect(s.lossError! / s.lossSum!).toBeLessThan(2 ** -38);
  });

  it('plainLogitsExact switches at |t| B + |b| = 2^11', () => {
    expect(plainLogitsExact(2047, 0, 1)).toBe(true);
    expect(plainLogitsExact(2048, 0, 1)).toBe(false);
    expect(plainLogitsExact(1000, -1047, 1)).toBe(true);
    expect(plainLogitsExact(1000, -1048, 1)).toBe(false);
    // t times the entries' bound B (2 here)
    expect(plainLogitsExact(1023, 0, 2)).toBe(true);
    expect(plainLogitsExact(1024, 0, 2)).toBe(false);
  });

  it('lossErrorBound: the entries term t eps e^(t eps) lossNeg, the logit rounding, 2^-40 of the sums', () => {
    // eps = 0, plain logits: their rounding 2^-52 (10 * 1 + 0) (1 + 2^-40), and the evaluation term
    const dz0 = 2 ** -52 * 10 * (1 + 2 ** -40);
    expect(lossErrorBound(100, 50, 10, 0, 0, 1)).toBe(
      (dz0 * (Math.exp(dz0) * 100 * (1 + 2 ** -40)) + 2 ** -40 * 150) * (1 + 2 ** -50),
    );
    // eps = 1e-6 at t = 100: dz = 1e-4 plus the rounding 2^-52 (100 (1 + 1e-6)) (1 + 2^-40)
    const dz = 1e-4 + 2 ** -52 * 100 * (1 + 1e-6) * (1 + 2 ** -40);
    const want = (dz * (Math.exp(dz) * 100 * (1 + 2 ** -40)) + 2 ** -40 * 150) * (1 + 2 ** -50);
    // (the same formula up to the order of its roundings: within 2^-49)
    expect(Math.abs(lossErrorBound(100, 50, 100, 0, 1e-6, 1) - want) / want).toBeLessThan(2 ** -49);
    // eps = 0 with t B >= 2^11: exact logits, no rounding term
    expect(lossErrorBound(100, 50, 4096, 0, 0, 1)).toBe(2 ** -40 * 150 * (1 + 2 ** -50));
    // eps > 0 and t B >= 2^11: the logits are plain (rounded) where the entries are not exact
    const dzr = 1e6 * 1e-30 + 2 ** -52 * (1e6 * (1 + 1e-30) + 0) * (1 + 2 ** -40);
    expect(lossErrorBound(100, 50, 1e6, 0, 1e-30, 1)).toBe(
      (dzr * (Math.exp(dzr) * 100 * (1 + 2 ** -40)) + 2 ** -40 * 150) * (1 + 2 ** -50),
    );
    // every part of the rounding term: t (B + eps) + |b|, here 10 (2 + 0.5) + 30
    const dzb = 10 * 0.5 + 2 ** -52 * (10 * (2 + 0.5) + Math.abs(-30)) * (1 + 2 ** -40);
    expect(lossErrorBound(100, 50, 10, -30, 0.5, 2)).toBe(
      (dzb * (Math.exp(dzb) * 100 * (1 + 2 ** -40)) + 2 ** -40 * 150) * (1 + 2 ** -50),
    );
    // huge logit errors: each term moves by at most |dz| (sigma <= 1), so dz times the count
    const dzh = 1e300 * 1e-13 + 2 ** -52 * (1e300 * (1 + 1e-13) + 5) * (1 + 2 ** -40);
    expect(lossErrorBound(1e303, 50, 1e300, -5, 1e-13, 1, 3540)).toBe(
      (dzh * 3540 + 2 ** -40 * (1e303 + 50)) * (1 + 2 ** -50),
    );
    // the positives' sum is not moved by the entries
    expect(lossErrorBound(0, 50, 100, 0, 1e-6, 1)).toBe(2 ** -40 * 50 * (1 + 2 ** -50));
  });
});

describe('the loss document and gates with an error bound', () => {
  it('a sum whose bound exceeds 2^-8 of it is not printed; the reason says why', () => {
    const ok = analysisLoss(10, 10, 256, 4, 4, 0.5, 0.1, 1);
    expect(ok).toEqual({ t: 10, b: 10, sum: 256, perAnchor: 64, mean: 16, sumError: 1 });
    const edge = analysisLoss(10, 10, 256, 4, 4, 0.5, 0.1, 256 * LOSS_MAX_RELATIVE_ERROR);
    expect(edge.sum).toBe(256);
    const no = analysisLoss(117, 10, 256, 4, 4, 0.5, 0.1, 1.0000001);
    expect([no.sum, no.perAnchor, no.mean, no.sumError]).toEqual([null, null, null, 1.0000001]);
    expect(no.reason).toMatch(/moves the loss by up to 1\.0000001, more than 2\^-8 of its sum 256: --kernel/);
    expect(analysisLoss(10, 10, 256, 4, 4, 0.5, 0.1, Number.POSITIVE_INFINITY).sum).toBeNull();
  });

  it('a loss gate decides on value -+ error: passes, fails, or is undecided', () => {
    const input = (perAnchor: number, sumError: number) => ({
      N: 4,
      mStar: 0.1,
      bStar: 0.2,
      mMean: 0.1,
      mTrimmed: 0.1,
      constellation: true,
      retrieval: { uToV: 1, vToU: 1 },
      gap: { separable: true },
      xi: 0,
      loss: { perAnchor, sumError },
    });
    const gate = (text: string, perAnchor: number, sumError: number) =>
      evaluateGates([parseRequirement(text)], input(perAnchor, sumError))[0]!;
    // per anchor 2 within 0.25 (sum error 1 over N = 4): [1.75, 2.25]
    expect(gate('loss<=2.3', 2, 1).passed).toBe(true);
    expect(gate('loss<=2.2', 2, 1).passed).toBe(false);
    expect(gate('loss<=2.2', 2, 1).message).toMatch(/within 0\.25\): undecided against 2\.2$/);
    expect(gate('loss<=1.7', 2, 1).message).toMatch(/, not <= 1\.7$/);
    expect(gate('loss>=1.7', 2, 1).passed).toBe(true);
    // the interval is widened by 2^-50 for the roundings of error / N and the value: 2.25 is undecided
    expect(gate('loss<=2.25', 2, 1).passed).toBe(false);
    expect(gate('loss<=2.2500000001', 2, 1).passed).toBe(true);
    // at value 0 the widening is all on the error: 0.25 (1 + 2^-50) passes 0.25
    expect(gate('loss<=0.25', 0, 1).passed).toBe(false);
    // no error: the value alone decides
    expect(gate('loss<=2', 2, 0).passed).toBe(true);
  });

  it('fmtError rounds a bound up to two digits', () => {
    expect(fmtError(3.261665617062494)).toBe('3.3e0');
    expect(fmtError(3.2)).toBe('3.2e0');
    expect(fmtError(6.4623485355705345e-9)).toBe('6.5e-9');
    expect(fmtError(9.96)).toBe('1.0e1');
    expect(fmtError(0)).toBe('0');
    expect(fmtError(1e-300)).toBe('1.0e-300');
    // x / 10^e rounds to exactly 11 here: the digits 1.1e-300 would sit below x, so one step up
    expect(fmtError(1.1000000000000002e-300)).toBe('1.2e-300');
    for (const x of [1.0000000000000002, 0.30000000000000004, 7.000000000000001e-7, 123456789]) {
      expect(Number(fmtError(x))).toBeGreaterThanOrEqual(x);
    }
    expect(fmtError(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
