import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NORMALIZATIONS, type Normalization, normalizationScale } from '../../../src/loss/conventions.js';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { rbSigmoidLoss } from '../../../src/loss/rb-sig.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { sigmoid } from '../../../src/numeric/float/softplus.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { exact } from '../../../src/numeric/hp/decimal.js';
import {
  central,
  D,
  infoNceLossDec,
  shifted,
  sigLossDec,
  toDecimal,
} from '../../__helpers__/decimal-loss.js';

// Every gradient of the loss module against central differences of a decimal.js loss (40 digits,
// h = 1e-13): U and V along random directions, log t, b, b_rel and tau. The float error bound is
// per term: N^2 + d + 8 rounding steps, plus t (d + 1) u from the rounded G inside z (|s'| <= |s|),
// so |float - exact| <= 2 (N^2 + d + 8 + t (d + 1)) u S, S the sum of the absolute terms.

const u = UNIT_ROUNDOFF;

interface Case {
  readonly n: number;
  readonly d: number;
  readonly t: number;
  readonly bRel: number;
  readonly seed: number;
  readonly normalization: Normalization;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  n: fc.integer({ min: 1, max: 5 }),
  d: fc.integer({ min: 1, max: 4 }),
  t: fc.double({ min: 0.05, max: 60, noNaN: true }),
  bRel: fc.double({ min: -2, max: 2, noNaN: true }),
  seed: fc.integer(),
  normalization: fc.constantFrom(...NORMALIZATIONS),
});

/** Corners: large t, b negative, tiny N (1 and 2), every normalisation. */
const corners: Case[] = NORMALIZATIONS.flatMap((normalization) => [
  { n: 1, d: 1, t: 3, bRel: 0.4, seed: 1, normalization },
  { n: 2, d: 1, t: 1e3, bRel: -0.3, seed: 2, normalization },
  { n: 2, d: 3, t: 500, bRel: 0.9, seed: 3, normalization },
  { n: 4, d: 2, t: 20, bRel: -1.5, seed: 4, normalization },
  { n: 3, d: 2, t: 0.01, bRel: -40, seed: 5, normalization },
]);

function setup(c: Case) {
  const rng = new Rng(c.seed);
  const x = randomUnitRows(c.n, c.d, rng);
  const y = randomUnitRows(c.n, c.d, rng);
  const wu = Array.from({ length: c.n * c.d }, () => rng.normal());
  const wv = Array.from({ length: c.n * c.d }, () => rng.normal());
  return { x, y, wu, wv };
}

function dot(a: Float64Array, w: readonly number[]): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * w[k]!;
  return s;
}

/** Sums of absolute terms of the sigmoid-loss derivatives (float, for the error bound). */
function sigScales(x: Matrix, y: Matrix, t: number, b: number, c: number, wu: number[], wv: number[]) {
  const { rows: n, cols: d } = x;
  let dir = 0;
  let dt = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      let w = 0;
      for (let k = 0; k < d; k++) {
        g += x.data[i * d + k]! * y.data[j * d + k]!;
        w += Math.abs(wu[i * d + k]! * y.data[j * d + k]!) + Math.abs(x.data[i * d + k]! * wv[j * d + k]!);
      }
      const z = t * g - b;
      const s = i === j ? sigmoid(-z) : sigmoid(z);
      dir += s * t * w;
      dt += s * Math.abs(g);
      db += s;
    }
  }
  return { dir: c * dir, dt: c * dt, db: c * db };
}

function bound(c: Case, scale: number, value: number): number {
  return 2 * (c.n * c.n + c.d + 8 + c.t * (c.d + 1)) * u * scale + u * Math.abs(value);
}

function checkRbSig(c: Case): void {
  const { x, y, wu, wv } = setup(c);
  const r = rbSigmoidLoss(x, y, { t: c.t, bRel: c.bRel, normalization: c.normalization, grad: true });
  const U = toDecimal(x);
  const V = toDecimal(y);
  const T = exact(D, c.t);
  const BR = exact(D, c.bRel);
  const L = (uu: typeof U, vv: typeof V, t: typeof T, br: typeof BR) =>
    sigLossDec(uu, vv, c.n, c.d, t, t.times(br), c.normalization);
  const sc = sigScales(x, y, c.t, c.t * c.bRel, normalizationScale(c.normalization, c.n), wu, wv);
  // along (W_U, W_V)
  const fdDir = central((s, h) => L(shifted(U, wu, s, h), shifted(V, wv, s, h), T, BR));
  const dir = dot(r.gradU!, wu) + dot(r.gradV!, wv);
  expect(Math.abs(dir - fdDir), JSON.stringify({ c, dir, fdDir })).toBeLessThanOrEqual(
    bound(c, sc.dir, fdDir),
  );
  // log t at fixed b_rel: t -> t e^{+-h}
  const fdLogT = central((s, h) => L(U, V, T.times(h.times(s).exp()), BR));
  const sLogT = c.t * (sc.dt + Math.abs(c.bRel) * sc.db);
  expect(Math.abs(r.dLogT! - fdLogT), JSON.stringify({ c, dLogT: r.dLogT, fdLogT })).toBeLessThanOrEqual(
    bound(c, sLogT, fdLogT),
  );
  // b_rel at fixed t
  const fdBRel = central((s, h) => L(U, V, T, BR.plus(h.times(s))));
  expect(Math.abs(r.dBRel! - fdBRel), JSON.stringify({ c, dBRel: r.dBRel, fdBRel })).toBeLessThanOrEqual(
    bound(c, c.t * sc.db, fdBRel),
  );
}

function checkSig(c: Case): void {
  const { x, y, wu, wv } = setup(c);
  const b = c.t * c.bRel;
  const r = sigmoidLoss(x, y, { t: c.t, b, normalization: c.normalization, grad: true });
  const U = toDecimal(x);
  const V = toDecimal(y);
  const T = exact(D, c.t);
  const B = exact(D, b);
  const L = (uu: typeof U, vv: typeof V, t: typeof T, bb: typeof B) =>
    sigLossDec(uu, vv, c.n, c.d, t, bb, c.normalization);
  const sc = sigScales(x, y, c.t, b, normalizationScale(c.normalization, c.n), wu, wv);
  const fdDir = central((s, h) => L(shifted(U, wu, s, h), shifted(V, wv, s, h), T, B));
  const dir = dot(r.gradU!, wu) + dot(r.gradV!, wv);
  expect(Math.abs(dir - fdDir), JSON.stringify({ c, dir, fdDir })).toBeLessThanOrEqual(
    bound(c, sc.dir, fdDir),
  );
  // the solver trains log t (dL/dlog t = t dL/dt) and b
  const fdLogT = central((s, h) => L(U, V, T.times(h.times(s).exp()), B));
  expect(Math.abs(c.t * r.dt! - fdLogT)).toBeLessThanOrEqual(bound(c, c.t * sc.dt, fdLogT));
  const fdB = central((s, h) => L(U, V, T, B.plus(h.times(s))));
  expect(Math.abs(r.db! - fdB)).toBeLessThanOrEqual(bound(c, sc.db, fdB));
}

function checkInfoNce(c: Case): void {
  const { x, y, wu, wv } = setup(c);
  const tau = 1 / Math.min(c.t, 50);
  const r = infoNceLoss(x, y, { tau, normalization: c.normalization, grad: true });
  const U = toDecimal(x);
  const V = toDecimal(y);
  const TAU = exact(D, tau);
  const L = (uu: typeof U, vv: typeof V, tt: typeof TAU) =>
    infoNceLossDec(uu, vv, c.n, c.d, tt, c.normalization);
  // terms: (p + q + 2) / tau per entry times |directional products|; exp(x) with |x| <= 1/tau adds 2/tau u
  const cc = normalizationScale(c.normalization, c.n) * c.n;
  let sDir = 0;
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.n; j++) {
      for (let k = 0; k < c.d; k++) {
        sDir +=
          (4 / tau / c.n) *
          (Math.abs(wu[i * c.d + k]! * y.data[j * c.d + k]!) +
            Math.abs(x.data[i * c.d + k]! * wv[j * c.d + k]!));
      }
    }
  }
  const tol = (s: number, v: number) =>
    2 * (c.n * c.n + c.d + 8 + (4 * (c.d + 1)) / tau) * u * cc * s + u * Math.abs(v);
  const fdDir = central((s, h) => L(shifted(U, wu, s, h), shifted(V, wv, s, h), TAU));
  const dir = dot(r.gradU!, wu) + dot(r.gradV!, wv);
  expect(Math.abs(dir - fdDir), JSON.stringify({ c, dir, fdDir })).toBeLessThanOrEqual(tol(sDir, fdDir));
  const fdTau = central((s, h) => L(U, V, TAU.plus(h.times(s))));
  const sTau = (4 * c.n * c.n) / tau / tau;
  expect(Math.abs(r.dTau! - fdTau), JSON.stringify({ c, dTau: r.dTau, fdTau })).toBeLessThanOrEqual(
    tol(sTau, fdTau),
  );
}

describe('loss gradients against decimal.js central differences', () => {
  it('rb-sig: U, V, log t (fixed b_rel) and b_rel, every normalisation, random points and corners', () => {
    for (const c of corners) checkRbSig(c);
    fc.assert(
      fc.property(caseArb, (c) => checkRbSig(c)),
      { numRuns: 15 },
    );
  });

  it('sig: U, V, log t (fixed b) and b, every normalisation, random points and corners', () => {
    for (const c of corners) checkSig(c);
    fc.assert(
      fc.property(caseArb, (c) => checkSig(c)),
      { numRuns: 15 },
    );
  });

  it('infonce: U, V and tau, every normalisation, random points and corners', () => {
    for (const c of corners) checkInfoNce(c);
    fc.assert(
      fc.property(caseArb, (c) => checkInfoNce(c)),
      { numRuns: 15 },
    );
  });

  it('rb-sig: dL/dlog t = t (dL/dt + b_rel dL/db) carries the bias term (N = 2, b_rel = 1/2, by hand)', () => {
    // U = V = (1), (-1) (N = 2, d = 1): G = [[1, -1], [-1, 1]], so dL/db != 0 at b_rel = 1/2.
    const x = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };
    const t = 2;
    const bRel = 0.5;
    const r = rbSigmoidLoss(x, x, { t, bRel, normalization: 'sum', grad: true });
    // z_ii = 2 - 1 = 1 (positives: softplus(-1)), z_ij = -2 - 1 = -3 (negatives: softplus(-3))
    // dL/dt = 2 (-sigma(-1)) + 2 sigma(-3) (-1), dL/db = 2 sigma(-1) - 2 sigma(-3)
    const s1 = 1 / (1 + Math.exp(1));
    const s3 = 1 / (1 + Math.exp(3));
    const dt = -2 * s1 - 2 * s3;
    const db = 2 * s1 - 2 * s3;
    expect(r.dLogT!).toBeCloseTo(t * (dt + bRel * db), 14);
    expect(r.dBRel!).toBeCloseTo(t * db, 14);
  });
});
