import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { hpContext } from '../../../src/numeric/hp/decimal.js';
import { softplus as hpSoftplus } from '../../../src/numeric/hp/softplus.js';
import { siglipAnswers } from '../../../src/siglip/answers.js';
import {
  cosineGrid,
  cosineGridNodes,
  logCosineNormaliser,
  MAX_COSINE_NODES,
} from '../../../src/siglip/cosine.js';
import {
  batchForLogitBias,
  calibratedInitLogitBias,
  initLogitBias,
  initLogitBiasForBatch,
} from '../../../src/siglip/init-bias.js';
import {
  initialLoss,
  initialLossMonteCarlo,
  initTerms,
  initTermsShape,
  logSoftplus,
  softplusSlope,
} from '../../../src/siglip/init-loss.js';
import { logitsMemory, MAX_BATCH } from '../../../src/siglip/memory.js';
import { matchSide, matchThreshold } from '../../../src/siglip/threshold.js';
import reference from '../../fixtures/siglip/reference.json' with { type: 'json' };
import { ulpDistance } from '../../__helpers__/ulps.js';

const D = hpContext(50);

/**
 * Relative tolerance of one expectation: each node's softplus(t s - b) is perturbed relatively by
 * at most about (t |s| + |b|) u through the rounding of s and t s - b, exp/log1p/tanh add a few u,
 * and the compensated sums add O(u): (t + |b| + 32) EPS covers all of it.
 */
const termTolerance = (t: number, b: number) => (t + Math.abs(b) + 32) * EPS;

describe('initTerms: E[softplus(+-(t s - b))] over the random-init cosine (mpmath reference)', () => {
  for (const c of reference.cases) {
    it(`d = ${c.d}, t = ${c.t}, b = ${c.b}`, () => {
      const r = initTerms(c.d, c.t, c.b);
      const tol = termTolerance(c.t, c.b);
      for (const [name, actual, expected] of [
        ['positive', r.positive, Number(c.positive)],
        ['negative', r.negative, Number(c.negative)],
      ] as const) {
        const rel = Math.abs(actual - expected) / expected;
        expect(
          rel,
          `${name}: actual ${actual}, expected ${expected}, rel ${rel}, tol ${tol}`,
        ).toBeLessThanOrEqual(tol);
      }
    });
  }
  it('small d is cut where tanh x rounds to 1, the tails added in closed form (the d = 2, 3 cases above use it)', () => {
    expect(cosineGrid(2, Math.PI / 1001, 2000).saturated).toBe(true);
    expect(cosineGrid(3, Math.PI / 11, 40).saturated).toBe(true);
    expect(cosineGrid(768, Math.PI / 11, 40).saturated).toBe(false);
  });
  it('the trapezoidal normaliser equals ln B(1/2, (d-1)/2) (lgamma route, mpmath)', () => {
    for (const c of reference.cases) {
      const got = logCosineNormaliser(c.d, cosineGrid(c.d, 1, 0));
      // ~2n terms of relative error u each in a compensated sum, plus ln h: 512 EPS absolute
      expect(Math.abs(got - Number(c.logNormaliser)), `d = ${c.d}`).toBeLessThanOrEqual(512 * EPS);
    }
  });
  it('law: E[softplus(b - t s)] - E[softplus(t s - b)] = b, since softplus(z) - softplus(-z) = z and E[s] = 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 2000 }),
        fc.double({ noNaN: true, min: 0.01, max: 200 }),
        fc.double({ noNaN: true, min: -30, max: 30 }),
        (d, t, b) => {
          const r = initTerms(d, t, b);
          const tol = termTolerance(t, b) * (r.positive + r.negative) + 4 * EPS * Math.abs(b);
          return Math.abs(r.positive - r.negative - b) <= tol;
        },
      ),
      { numRuns: 40 },
    );
  });
  it('logSoftplus is ln softplus to a few ulps, also where softplus underflows (decimal.js)', () => {
    for (const z of [-2000, -745.5, -100, -40, -30.5, -29.5, -1, 0, 3, 700]) {
      const expected = hpSoftplus(D, new D(z)).ln();
      expect(ulpDistance(logSoftplus(z), expected), `z = ${z}`).toBeLessThanOrEqual(4);
    }
  });
});

describe('init bias for a match prior', () => {
  it('prior 1/B gives logit_bias = -ln(B - 1): B = 32768 and 1024 (decimal.js ln)', () => {
    for (const B of [32768, 1024, 2]) {
      const expected = new D(B - 1).ln().neg();
      expect(ulpDistance(initLogitBiasForBatch(B), expected)).toBeLessThanOrEqual(1);
      expect(ulpDistance(initLogitBias(1 / B), expected), `B = ${B}`).toBeLessThanOrEqual(4);
    }
  });
  it("open_clip's -10 is the 1/B bias of B = 1 + e^10 = 22027.47 (decimal.js exp)", () => {
    expect(ulpDistance(batchForLogitBias(-10), new D(10).exp().plus(1))).toBeLessThanOrEqual(2);
  });
  it('law: sigmoid(initLogitBias(p)) = p', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: 1e-9, max: 1 - 1e-9 }), (p) => {
        const lb = initLogitBias(p);
        const back = new D(1).div(new D(1).plus(new D(-lb).exp()));
        return ulpDistance(p, back) <= 8 + Math.abs(lb) * 2;
      }),
    );
  });
  it('calibrated bias (E[sigmoid] = prior over the random-init cosine) matches mpmath', () => {
    for (const c of reference.calibrated) {
      const got = calibratedInitLogitBias(1 / c.batch, c.d, c.t);
      expect(ulpDistance(got, new D(c.logitBias)), `B = ${c.batch}`).toBeLessThanOrEqual(64);
    }
  });
  it('refuses a prior outside (0, 1)', () => {
    expect(() => initLogitBias(1)).toThrow(UsageError);
    expect(() => initLogitBias(0)).toThrow(UsageError);
  });
});

describe('initial loss under each normalisation', () => {
  it('at s = 0: B sp(b) + B(B-1) sp(-b), per-anchor / B, mean / B^2 (B = 1024, t = b = 10, decimal.js)', () => {
    const B = 1024;
    const L = initialLoss(B, null, 10, 10);
    const sp = (z: number) => new D(1).plus(new D(z).exp()).ln();
    const sum = sp(10)
      .times(B)
      .plus(sp(-10).times(B * (B - 1)));
    expect(ulpDistance(L.atZero.sum, sum)).toBeLessThanOrEqual(4);
    expect(ulpDistance(L.atZero['per-anchor'], sum.div(B))).toBeLessThanOrEqual(4);
    expect(ulpDistance(L.atZero.mean, sum.div(B * B))).toBeLessThanOrEqual(4);
    expect(L.expected).toBeNull();
  });
  it('the expected loss lies in its range and above the s = 0 value (softplus is convex, Jensen)', () => {
    const L = initialLoss(32768, 768, 10, 10);
    for (const n of ['sum', 'per-anchor', 'mean'] as const) {
      expect(L.expected![n]).toBeGreaterThan(L.atZero[n]);
      expect(L.expected![n]).toBeGreaterThan(L.min[n]);
      expect(L.expected![n]).toBeLessThan(L.max[n]);
    }
  });
  it('seeded Monte Carlo (Gaussian route) agrees with the quadrature within 4 standard errors; same seed, same output', () => {
    for (const [B, d, t, b] of [
      [32768, 768, 10, 10],
      [1024, 64, 117.8, 12.9],
      [256, 3, 5, -2],
    ] as const) {
      const q = initialLoss(B, d, t, b).expected!;
      const mc = initialLossMonteCarlo(B, d, t, b, 3000, 7);
      const gap = Math.abs(mc.mean.sum - q.sum);
      expect(gap, `B=${B} d=${d}: mc ${mc.mean.sum} ± ${mc.standardError.sum}, quad ${q.sum}`).toBeLessThan(
        4 * mc.standardError.sum,
      );
      expect(initialLossMonteCarlo(B, d, t, b, 3000, 7)).toEqual(mc);
    }
  });
});

describe('match threshold and the exact side of it', () => {
  it('SigLIP 2: t = 117.8, logit_bias = -12.9 put p = 1/2 at s = 12.9/117.8 = 0.10950...', () => {
    expect(ulpDistance(matchThreshold(117.8, 12.9), new D('12.9').div('117.8'))).toBeLessThanOrEqual(1);
  });
  it('decides ties exactly where float64 would not: t = 3, b = 0.3, s = 0.1 is on the boundary', () => {
    expect(3 * 0.1 - 0.3 > 0).toBe(true); // float64 says match
    expect(matchSide('0.1', { kind: 'canonical', t: '3', b: '0.3' })).toBe('boundary');
    expect(matchSide('0.1000000000000000000001', { kind: 'canonical', t: '3', b: '0.3' })).toBe('match');
    expect(matchSide('0.0999999999999999999999', { kind: 'canonical', t: '3', b: '0.3' })).toBe('no-match');
  });
  it('SigLIP form: ties only at logit_scale = 0 or s = logit_bias = 0', () => {
    expect(matchSide('0.3', { kind: 'siglip', logitScale: '0', logitBias: '-0.3' })).toBe('boundary');
    expect(matchSide('0', { kind: 'siglip', logitScale: '4.7', logitBias: '0' })).toBe('boundary');
    expect(
      matchSide('0.11', { kind: 'siglip', logitScale: String(Math.log(117.8)), logitBias: '-12.9' }),
    ).toBe('match');
    expect(
      matchSide('0.109', { kind: 'siglip', logitScale: String(Math.log(117.8)), logitBias: '-12.9' }),
    ).toBe('no-match');
  });
});

describe('logits memory', () => {
  it('B = 32768 bf16 on 8 devices, chunk 512 (hand products: 32768^2 2, 4096 32768 2, 512 32768 2, 4096^2 2)', () => {
    const m = logitsMemory(32768, 8, 512, 'bf16');
    expect(m.global.bytes).toBe(2_147_483_648);
    expect(m.perDevice.bytes).toBe(268_435_456);
    expect(m.perChunk!.bytes).toBe(33_554_432);
    expect(m.ringBlock.bytes).toBe(33_554_432);
    expect(m.perDevice.bytesWithGradient).toBe(536_870_912);
    expect(logitsMemory(32768, 8, null, 'fp32').perDevice.bytes).toBe(536_870_912);
  });
  it('MAX_BATCH = 2^25 - 1 is the largest batch whose fp32 logits and gradient bytes are exact', () => {
    const m = logitsMemory(MAX_BATCH, 1, null, 'fp32');
    // 8 B^2 computed in BigInt: the table's number is that integer exactly
    expect(BigInt(m.global.bytesWithGradient)).toBe(8n * BigInt(MAX_BATCH) ** 2n);
    expect(() => logitsMemory(MAX_BATCH + 1, 1, null, 'fp32')).toThrow(UsageError);
  });
  it('refuses devices that do not divide the batch and chunks larger than B/D', () => {
    expect(() => logitsMemory(1000, 3, null, 'fp32')).toThrow(/dividing/);
    expect(() => logitsMemory(1024, 8, 256, 'fp32')).toThrow(/chunk/);
  });
});

describe('siglipAnswers', () => {
  it('warns at the open_clip clamp and names matchThreshold / initLogitBias', () => {
    const a = siglipAnswers({ t: 117.8, b: 12.9, batch: 32768 });
    expect(a.warnings.some((w) => /open_clip clamps/.test(w))).toBe(true);
    expect(a.matchThreshold).toBe(12.9 / 117.8);
    expect(a.initLogitBias).toBe(-Math.log(32767));
    expect(siglipAnswers({ t: 100, b: 10 }).warnings.some((w) => /clamp/.test(w))).toBe(true);
    expect(siglipAnswers({ t: 99, b: 10 }).warnings).toEqual([]);
  });
  it('BBNP25: |b_rel| >= 1 admits no separation; otherwise Thm 3.4 margin min(1 - b, (1 + b) B/(3B - 4))', () => {
    expect(siglipAnswers({ t: 10, b: 10, batch: 1024 }).bbnp25!.separable).toBe(false);
    const g = siglipAnswers({ t: 117.8, b: 12.9, batch: 1024 }).bbnp25!;
    const r = 12.9 / 117.8;
    expect(g.marginNecessary).toBeCloseTo(((1 + r) * 1024) / (3 * 1024 - 4), 14);
  });
});

describe('siglip quadrature limit', () => {
  it('refuses a t whose random-init quadrature is too fine, naming --t and --d and the t that fits', () => {
    expect(() => siglipAnswers({ t: 1e15, b: -1e15, d: 2, batch: 8 })).toThrow(
      /--t 1000000000000000 with --d 2: the expected initial loss needs \d+ quadrature nodes .* it fits up to t = /,
    );
    expect(() => siglipAnswers({ t: 1e6, b: 0, d: 768 })).not.toThrow();
    for (const [what, max, range] of [
      ['expected initial loss', MAX_COSINE_NODES, (t: number) => initTermsShape(t, 0).logRange],
      ['calibrated logit_bias', MAX_COSINE_NODES / 16, (t: number) => 2 * t + Math.abs(Math.log(1 / 7)) + 2],
    ] as const) {
      for (const tAsked of [1e6, 1e300]) {
        const shown = (() => {
          try {
            siglipAnswers({
              t: tAsked,
              b: 0,
              d: 768,
              ...(what === 'expected initial loss' ? { batch: 8, prior: 0.5 } : { prior: 0.125 }),
            });
          } catch (e) {
            return Number(/fits up to t = ([0-9.e+]+)/.exec((e as Error).message)![1]);
          }
          return Number.NaN;
        })();
        // the t it names fits; 1 % more does not (the node count grows like t)
        const nodes = (t: number) => cosineGridNodes(768, Math.PI / (t + 1), range(t));
        expect(nodes(shown), what).toBeLessThanOrEqual(max);
        expect(nodes(shown * 1.01), what).toBeGreaterThan(max);
      }
    }
  });
});

describe('softplusSlope: (softplus(z + t s) - softplus(z)) / t keeps its digits at any t', () => {
  const H = hpContext(400);
  it('against a 400-digit evaluation on each branch (t s below 1e-8, below 1, above), t from 1e-300 to 1e3', () => {
    let worst = 0;
    for (const z of [-30, -3, 0, 2.5, 10, 40])
      for (const s of [-0.9, -0.01, 0.3, 1])
        for (const t of [1e-300, 1e-20, 1e-9, 1e-7, 0.5, 3, 1e3]) {
          const want = hpSoftplus(H, new H(z).plus(new H(t).times(s)))
            .minus(hpSoftplus(H, new H(z)))
            .div(t)
            .toNumber();
          const got = softplusSlope(z, s, t);
          const rel = Math.abs(got - want) / Math.abs(want);
          worst = Math.max(worst, rel);
          // a few roundings of softplus or log1p/expm1 relative to the difference they leave
          expect(rel, `z ${z}, s ${s}, t ${t}: ${got} vs ${want}`).toBeLessThanOrEqual(64 * EPS);
        }
    expect(worst).toBeGreaterThan(0);
  });
});

describe('initialLossMonteCarlo: the standard error where the draws differ below their rounding', () => {
  it('log10 SE at tiny t is t sqrt(var / n), var = (B^2 sigma(b)^2 + B^2 (B-1)^2 sigma(-b)^2) / d', () => {
    // to first order in t a draw is x_0 + t (-B sigma(b) s_p + B (B-1) sigma(-b) s_n), and the
    // cosine s of a uniform unit vector with a fixed axis has mean 0 and variance 1/d; the sample
    // variance of 4000 draws is within a few percent of it (0.05 in log10 is over 8 of its SDs)
    for (const [B, d, t, b] of [
      [2, 2, 1e-300, 10],
      [16, 64, 1e-12, 3],
      [4, 8, 1e-20, -2],
    ] as const) {
      const n = 4000;
      const mc = initialLossMonteCarlo(B, d, t, b, n, 7);
      const sp = 1 / (1 + Math.exp(-b));
      const sn = 1 / (1 + Math.exp(b));
      const variance = (B * B * sp * sp + (B * (B - 1)) ** 2 * sn * sn) / d;
      const want = Math.log10(t) + 0.5 * Math.log10(variance / n);
      const got = mc.log10StandardError.sum;
      expect(Math.abs(got - want), `B ${B}, d ${d}, t ${t}, b ${b}: ${got} vs ${want}`).toBeLessThan(0.05);
      expect(Math.abs(Math.log10(mc.standardError.sum) - got)).toBeLessThan(1e-12);
    }
  });

  it('at t = 1e-300 the standard error is that of the first-order draws, recomputed from the same seeded cosines', () => {
    // the documented draws: per sample the cosine s_p, then s_n, each x_1 / |x| of a standard
    // Gaussian x in R^d from Rng(seed); to first order a draw is x_0 + t R with
    // R = -B sigma(b) s_p + B (B - 1) sigma(-b) s_n (the second order is 1e-300 of it)
    const [B, d, t, b, n, seed] = [3, 5, 1e-300, 1.5, 500, 11];
    const rng = new Rng(seed);
    const cosine = () => {
      const x = Array.from({ length: d }, () => rng.normal());
      return x[0]! / Math.hypot(...x);
    };
    const sp = 1 / (1 + Math.exp(-b));
    const sn = 1 / (1 + Math.exp(b));
    const r = Array.from({ length: n }, () => {
      const p = cosine();
      const q = cosine();
      return -B * sp * p + B * (B - 1) * sn * q;
    });
    const mean = r.reduce((a, x) => a + x, 0) / n;
    const variance = r.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
    const want = Math.log10(t) + 0.5 * Math.log10(variance / n);
    const got = initialLossMonteCarlo(B, d, t, b, n, seed).log10StandardError.sum;
    expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThan(1e-12);
  });
});
