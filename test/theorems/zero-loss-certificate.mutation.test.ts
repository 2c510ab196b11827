import { describe, expect, it } from 'vitest';
import { buildConstellation } from '../../constructions/random-constellation.js';
import {
  caseTb,
  certificateDomain,
  certificateTolerance,
  measureCertificate,
} from '../../theorems/zero-loss-certificate.js';

// The antipodal pair U = V = (1), (-1): m* = 1, b* = 0. Sum normalisation, mpmath 1.3 at 30 digits.
const pair = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };

describe('measureCertificate by hand', () => {
  it('t = 10, b = 0: L = 4 softplus(-10), eta = ln(1/(e^L - 1)), slack m* - eta/t + tol', () => {
    const r = measureCertificate(pair, pair, 10, 0, 'sum');
    expect(r.applies).toBe(true);
    expect(r.loss).toBeCloseTo(0.0001815955968674586, 17);
    expect(r.eta).toBeCloseTo(8.613637539243122, 12);
    expect(r.tolerance).toBe(certificateTolerance(2, 1, 10, 0));
    expect(r.slack).toBeCloseTo(0.13863624607568784 + r.tolerance, 13);
  });

  it('t = 10, b = 2: L = 2 softplus(-8) + 2 softplus(-12), slack m* - eta/t - |b/t - b*| + tol', () => {
    const r = measureCertificate(pair, pair, 10, 2, 'sum');
    expect(r.loss).toBeCloseTo(0.000683101132747003, 16);
    expect(r.eta).toBeCloseTo(7.288526067973902, 11);
    expect(r.slack).toBeCloseTo(0.07114739320260975 + r.tolerance, 12);
  });

  it('L >= ln 2 is outside the hypothesis: eta NaN, slack +Infinity', () => {
    // t = 0.1: L = 4 softplus(-0.1) > ln 2
    const r = measureCertificate(pair, pair, 0.1, 0, 'sum');
    expect(r.applies).toBe(false);
    expect(r.eta).toBeNaN();
    expect(r.slack).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the slack is assembled as documented: m* - eta/t - |b/t - b*| + tol', () => {
  it.each([
    [10, 0],
    [10, 2],
  ])('t = %d, b = %d (the tolerance enters with its sign: 2 tol would be 1.7e-14 off)', (t, b) => {
    const r = measureCertificate(pair, pair, t, b, 'sum');
    expect(r.mStar).toBe(1);
    expect(r.bStar).toBe(0);
    expect(r.slack).toBe(1 - r.eta / t - Math.abs(b / t) + r.tolerance);
  });
});

describe('the case parameters and the boundary', () => {
  const spec = {
    family: 'cross-polytope',
    p: 3,
    dim: 3,
    form: 'identity',
    delta: 1,
    phiShare: 0,
    noise: 0,
    seed: 7,
  } as const;
  it('cross-polytope in R^3 (rho = 0: m = b = 1/2): t = tau ln(2 N^2) / (1/2), b = t (1/2 + kappa / 2)', () => {
    const { t, b } = caseTb({ spec, tau: 2, kappa: 0.5 }, 6);
    expect(t).toBeCloseTo(4 * Math.log(72), 12);
    expect(b / t).toBeCloseTo(0.75, 14);
    const neg = caseTb({ spec, tau: 1, kappa: -1.5 }, 6);
    expect(neg.t).toBeCloseTo(2 * Math.log(72), 12);
    expect(neg.b / neg.t).toBeCloseTo(-0.25, 14);
  });
  it('the predicted margin is floored at 0.05 for a code and at 0.02 for a random one', () => {
    const thin = { ...spec, form: 'one-coordinate', delta: 0.1 } as const;
    expect(buildConstellation(thin).predicted.m).toBeLessThan(0.02);
    expect(caseTb({ spec: thin, tau: 1, kappa: 0 }, 6).t).toBeCloseTo(Math.log(72) / 0.05, 10);
    const random = { ...spec, family: 'random', p: 40, dim: 2 } as const;
    const built = buildConstellation(random);
    expect(built.predicted.m).toBeLessThan(0.02);
    const r = caseTb({ spec: random, tau: 1, kappa: 1 }, 40);
    expect(r.t).toBeCloseTo(Math.log(3200) / 0.02, 10);
    expect(r.b / r.t).toBeCloseTo(built.predicted.b + 0.02, 14);
  });
  it('the boundary is the exact constellation at its predicted bias: noise 0 and kappa 0 together', () => {
    const [exactAtBias] = certificateDomain.boundaries!;
    expect(exactAtBias!.on({ spec, tau: 1, kappa: 0 })).toBe(true);
    expect(exactAtBias!.on({ spec, tau: 1, kappa: 0.1 })).toBe(false);
    expect(exactAtBias!.on({ spec: { ...spec, noise: 0.01 }, tau: 1, kappa: 0 })).toBe(false);
    expect(exactAtBias!.on({ spec: { ...spec, noise: 0.01 }, tau: 1, kappa: 0.1 })).toBe(false);
  });
});
