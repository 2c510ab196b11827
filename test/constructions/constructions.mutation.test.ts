import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  code,
  hamming,
  MAX_CODE_PARAMETER,
  maxInnerProduct,
  reedMuller1,
  rootsD,
} from '../../constructions/codes.js';
import {
  construction1,
  construction1Parameters,
  construction1Predicted,
  oneCoordinate,
  oneCoordinateDelta,
  oneCoordinatePredicted,
} from '../../constructions/construction-1.js';
import { construction2, construction2Predicted, MAX_MODALITIES } from '../../constructions/construction-2.js';
import { crossPolytope } from '../../constructions/cross-polytope.js';
import {
  buildConstellation,
  type ConstellationSpec,
  constellationSpecArbitrary,
  constellationSpecDomainArbitrary,
  FAMILY_RANGES,
  MAX_RANDOM_CODE_DIM,
  MIN_DELTA,
  specParams,
  specValues,
} from '../../constructions/random-constellation.js';
import { Rng } from '../../src/numeric/float/rng.js';
import {
  fromRows,
  type Matrix,
  normalizeRows,
  randomOrthogonal,
  rotateRows,
} from '../../src/numeric/float/vectors.js';

// Expected values are closed forms worked by hand (docs/theory.md §2) or plain-loop Gram entries.
const EPS = Number.EPSILON;
const dot = (a: Matrix, i: number, b: Matrix, j: number): number => {
  let s = 0;
  for (let k = 0; k < a.cols; k++) s += a.data[i * a.cols + k]! * b.data[j * b.cols + k]!;
  return s;
};
/** (m*, b*) of a constellation from its Gram entries: positives G_ii, negatives G_ij (i != j). */
function marginBias(u: Matrix, v: Matrix): { m: number; b: number } {
  let minPos = Number.POSITIVE_INFINITY;
  let maxNeg = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < u.rows; i++) {
    for (let j = 0; j < v.rows; j++) {
      const g = dot(u, i, v, j);
      if (i === j) minPos = Math.min(minPos, g);
      else maxNeg = Math.max(maxNeg, g);
    }
  }
  return { m: (minPos - maxNeg) / 2, b: (minPos + maxNeg) / 2 };
}
function maxRowDeviation(x: Matrix): number {
  let worst = 0;
  for (let i = 0; i < x.rows; i++) worst = Math.max(worst, Math.abs(Math.sqrt(dot(x, i, x, i)) - 1));
  return worst;
}

describe('construction1: entries, predicted (m, b) and argument range', () => {
  it('rows are (delta U_i, phi, +w) and (delta V_i, phi, -w), w = sqrt(1 - delta^2 - phi^2)', () => {
    // delta = 0.6, phi = 0.48: w^2 = 1 - 0.36 - 0.2304 = 0.4096, w = 0.64
    const u = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const v = fromRows([
      [0, 1],
      [-1, 0],
    ]);
    const p = construction1(u, v, 0.6, 0.48);
    expect(p.u.cols).toBe(4);
    expect(p.v.rows).toBe(2);
    const want = [
      [0.6, 0, 0.48, 0.64],
      [0, 0.6, 0.48, 0.64],
    ];
    const wantV = [
      [0, 0.6, 0.48, -0.64],
      [-0.6, 0, 0.48, -0.64],
    ];
    for (let i = 0; i < 2; i++) {
      for (let k = 0; k < 4; k++) {
        expect(Math.abs(p.u.data[i * 4 + k]! - want[i]![k]!)).toBeLessThanOrEqual(4 * EPS);
        expect(Math.abs(p.v.data[i * 4 + k]! - wantV[i]![k]!)).toBeLessThanOrEqual(4 * EPS);
      }
    }
  });

  it('predicted (m, b) = (delta^2 m, delta^2 b + phi^2 - w^2): (0.2, 0.3), delta 0.6, phi 0.5 -> (0.072, -0.032)', () => {
    // w^2 = 1 - 0.36 - 0.25 = 0.39; b' = 0.108 + 0.25 - 0.39 = -0.032
    const p = construction1Predicted(0.2, 0.3, 0.6, 0.5);
    expect(p.m).toBeCloseTo(0.072, 15);
    expect(p.b).toBeCloseTo(-0.032, 15);
  });

  it('the built pair has the predicted (m, b) on the simplex of 3 points (delta 0.5, phi^2 = 0.375)', () => {
    // simplex(3): G = 1 on the diagonal, -1/2 off it; G' = delta^2 G + phi^2 - w^2, w^2 = 0.375
    const x = code('simplex', 3).x;
    const phi = Math.sqrt(0.375);
    const { u, v } = construction1(x, x, 0.5, phi);
    const got = marginBias(u, v);
    expect(Math.abs(got.m - 0.1875)).toBeLessThan(1e-15);
    expect(Math.abs(got.b - 0.0625)).toBeLessThan(1e-15);
    expect(maxRowDeviation(u)).toBeLessThan(1e-15);
  });

  it('accepts delta = 1 and delta^2 + phi^2 = 1 (w = 0), refuses delta = 0, > 1, phi < 0, NaN, and the sum past 1 + 4 eps', () => {
    const x = fromRows([[1]]);
    expect(construction1(x, x, 1, 0).u.data[2]).toBe(0);
    expect(construction1(x, x, 0.6, 0.8).v.data[2]).toBe(-0);
    // delta^2 + phi^2 a rounding above 1: w^2 clamped to 0, not NaN
    const r = construction1(x, x, Math.SQRT1_2, Math.SQRT1_2 * (1 + EPS));
    expect(r.u.data[2]).toBe(0);
    expect(() => construction1(x, x, 0, 0.5)).toThrow(RangeError);
    // refused by the delta check, not later by the delta^2 + phi^2 <= 1 check
    expect(() => construction1(x, x, 1 + 1e-15, 0)).toThrow(/delta must be in \(0, 1\]/);
    expect(() => construction1(x, x, Number.NaN, 0)).toThrow(RangeError);
    expect(() => construction1(x, x, 0.5, -1e-300)).toThrow(RangeError);
    expect(() => construction1(x, x, 0.5, Number.NaN)).toThrow(RangeError);
    // 0.36 + 0.64 (1 + 1e-14) = 1 + 6.4e-15 > 1 + 4 eps
    expect(() => construction1(x, x, 0.6, Math.sqrt(0.64 * (1 + 1e-14)))).toThrow(RangeError);
    // at exactly 1 + 4 eps (w^2 = -4 eps) still accepted
    const d = 0.6;
    const phiEdge = Math.sqrt(1 - d * d + 3 * EPS);
    expect(1 - d * d - phiEdge * phiEdge).toBeGreaterThanOrEqual(-4 * EPS);
    expect(construction1(x, x, d, phiEdge).u.data[2]).toBe(0);
  });
});

describe('construction1Parameters (Thm 3.3) and the one-coordinate variant', () => {
  it('delta^2 = 2m/(1 - alpha), phi^2 = (2b + 2 - delta^2 (3 + alpha))/4: alpha 0, (0.25, 0.5) -> (1/2, 3/8)', () => {
    // delta^2 = 0.5; phi^2 = (1 + 2 - 1.5)/4 = 0.375
    const { delta, phi } = construction1Parameters(0, 0.25, 0.5);
    expect(Math.abs(delta * delta - 0.5)).toBeLessThan(4 * EPS);
    expect(Math.abs(phi * phi - 0.375)).toBeLessThan(4 * EPS);
    // and that hits (0.25, 0.5) through construction1Predicted from the code's ((1-a)/2, (1+a)/2)
    const p = construction1Predicted(0.5, 0.5, delta, phi);
    expect(Math.abs(p.m - 0.25)).toBeLessThan(4 * EPS);
    expect(Math.abs(p.b - 0.5)).toBeLessThan(8 * EPS);
  });

  it('at alpha = rho(m, b) phi^2 is 0 (rounding below 0 snapped), delta^2 + phi^2 = 1 accepted; beyond refused', () => {
    // m + b = 1 with alpha = (1 + b - 3m)/(1 + b + m) = rho(m, b): phi^2 = 0 and delta^2 = 2m/(1 - alpha)
    // m = 0.3, b = 0.4: alpha = 0.5/1.7 = 5/17, delta^2 = 0.6/(12/17) = 0.85, phi^2 = (2.8 - 0.85 * 56/17)/4 = 0
    const { delta, phi } = construction1Parameters(5 / 17, 0.3, 0.4);
    expect(Math.abs(delta * delta - 0.85)).toBeLessThan(8 * EPS);
    expect(phi).toBeLessThan(1e-7);
    // m + b = 1, alpha = rho = -1/3 (m = 0.5, b = 0.5): delta^2 = 0.75, phi^2 = (3 - 0.75 * 8/3)/4 = 0.25, sum 1
    const edge = construction1Parameters(-1 / 3, 0.5, 0.5);
    expect(Math.abs(edge.delta ** 2 + edge.phi ** 2 - 1)).toBeLessThan(8 * EPS);
    expect(() => construction1Parameters(0, 0, 0.5)).toThrow(/not reachable/);
    expect(() => construction1Parameters(1, 0.1, 0.5)).toThrow(/not reachable/);
    // 2m > 1 - alpha: delta^2 = 1.2
    expect(() => construction1Parameters(0, 0.6, 0.2)).toThrow(/not reachable/);
    // phi^2 clearly negative: alpha 0.5, (0.1, -0.5): delta^2 = 0.4, phi^2 = (-1 + 2 - 1.4)/4 = -0.1
    expect(() => construction1Parameters(0.5, 0.1, -0.5)).toThrow(/not reachable/);
    // a phi^2 just below the snap: -1e-14 is refused
    expect(() => construction1Parameters(5 / 17, 0.3, 0.4 - 2e-14)).toThrow(/not reachable/);
    // m + b > 1: delta^2 + phi^2 > 1 (alpha -1, m = 0.5, b = 0.6: delta^2 = 0.5, phi^2 = (3.2 - 1)/4 = 0.55)
    expect(() => construction1Parameters(-1, 0.5, 0.6)).toThrow(/not reachable/);
  });

  it('the rounding allowances are inclusive at their exact ends (doubles found by ulp search, checked here)', () => {
    const x = fromRows([[1]]);
    // 1 - 0.25 - phi^2 is exactly -4 eps: accepted, w = 0
    const phi = 0.86602540378443915;
    expect(1 - 0.25 - phi * phi).toBe(-4 * EPS);
    expect(construction1(x, x, 0.5, phi).u.data[2]).toBe(0);
    // delta^2 = 2m/(1 - alpha) = 1 exactly (alpha 0, m 1/2, b 1/2): delta 1, phi 0
    expect(construction1Parameters(0, 0.5, 0.5)).toEqual({ delta: 1, phi: 0 });
    // delta^2 + phi^2 = 1 + 4 eps exactly (alpha 0, m 1/4: delta^2 = 1/2): accepted
    const bSum = 0.75000000000000155;
    expect((2 * bSum + 2 - 1.5) / 4 + 0.5).toBe(1 + 4 * EPS);
    expect(construction1Parameters(0, 0.25, bSum).delta).toBe(Math.SQRT1_2);
    // phi^2 = -16 eps exactly is not snapped to 0 (only values above it are): refused
    const bNeg = -0.25000000000000705;
    expect((2 * bNeg + 2 - 1.5) / 4).toBe(-16 * EPS);
    expect(() => construction1Parameters(0, 0.25, bNeg)).toThrow(/not reachable/);
  });

  it('oneCoordinate: rows (delta x_i, +-sqrt(1 - delta^2)); predicted (delta^2 (1-rho)/2, (delta^2 (3+rho) - 2)/2)', () => {
    const x = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const { u, v } = oneCoordinate(x, 0.8);
    expect(u.cols).toBe(3);
    const wantU = [0.8, 0, 0.6, 0, 0.8, 0.6];
    const wantV = [0.8, 0, -0.6, 0, 0.8, -0.6];
    for (let k = 0; k < 6; k++) {
      expect(Math.abs(u.data[k]! - wantU[k]!)).toBeLessThanOrEqual(2 * EPS);
      expect(Math.abs(v.data[k]! - wantV[k]!)).toBeLessThanOrEqual(2 * EPS);
    }
    // rho_c = 0, delta^2 = 0.64: m = 0.32, b = (1.92 - 2)/2 = -0.04
    const p = oneCoordinatePredicted(0, 0.8);
    expect(p.m).toBeCloseTo(0.32, 15);
    expect(p.b).toBeCloseTo(-0.04, 15);
    const got = marginBias(u, v);
    expect(Math.abs(got.m - 0.32)).toBeLessThan(1e-15);
    expect(Math.abs(got.b + 0.04)).toBeLessThan(1e-15);
    expect(() => oneCoordinate(x, 0)).toThrow(RangeError);
    expect(() => oneCoordinate(x, 1.5)).toThrow(RangeError);
    expect(oneCoordinate(x, 1).u.data[2]).toBe(0);
  });

  it('oneCoordinateDelta: delta^2 = (1 + b + m)/2; accepts m + b = 1 (delta = 1), refuses <= 0 and > 1', () => {
    expect(oneCoordinateDelta(0.2, 0.3) ** 2).toBeCloseTo(0.75, 15);
    expect(oneCoordinateDelta(0.5, 0.5)).toBe(1);
    expect(() => oneCoordinateDelta(0.5, 0.6)).toThrow(RangeError);
    expect(() => oneCoordinateDelta(0.25, -1.25)).toThrow(RangeError);
    expect(() => oneCoordinateDelta(0.2, -1.5)).toThrow(RangeError);
    expect(() => oneCoordinateDelta(Number.NaN, 0)).toThrow(RangeError);
  });
});

describe('construction2: k modalities', () => {
  it('entries (delta x_i, sqrt(1 - delta^2) s_l) and every pair Gram = delta^2 <x_i, x_j> - (1 - delta^2)/(k - 1)', () => {
    const x = code('cross-polytope', 2).x; // (+-1, 0), (0, +-1)
    const k = 3;
    const mods = construction2(x, k, 0.6);
    expect(mods.length).toBe(3);
    for (const m of mods) {
      expect(m.rows).toBe(4);
      expect(m.cols).toBe(2 + k - 1);
      expect(maxRowDeviation(m)).toBeLessThan(1e-15);
      for (let i = 0; i < 4; i++) {
        for (let c = 0; c < 2; c++) expect(m.data[i * 4 + c]).toBeCloseTo(0.6 * x.data[i * 2 + c]!, 15);
      }
    }
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 4; j++) {
            const want = 0.36 * dot(x, i, x, j) + (a === b ? 0.64 : -0.64 / 2);
            expect(Math.abs(dot(mods[a]!, i, mods[b]!, j) - want)).toBeLessThan(1e-15);
          }
        }
      }
    }
    // rho_c = -1/3 (simplex of 4): m = 0.36 (4/3)/2 = 0.24, b = 0.36 (2/3)/2 - 0.64/2 = -0.2
    const q = construction2Predicted(-1 / 3, 3, 0.6);
    expect(q.m).toBeCloseTo(0.24, 15);
    expect(q.b).toBeCloseTo(-0.2, 15);
    // (m, b) = (0.36/2, 0.36/2 - 0.32) = (0.18, -0.14)
    const p = construction2Predicted(0, 3, 0.6);
    expect(p.m).toBeCloseTo(0.18, 15);
    expect(p.b).toBeCloseTo(-0.14, 15);
    const got = marginBias(mods[0]!, mods[2]!);
    expect(Math.abs(got.m - 0.18)).toBeLessThan(1e-15);
    expect(Math.abs(got.b + 0.14)).toBeLessThan(1e-15);
  });

  it('k in [2, MAX_MODALITIES] integer, delta in (0, 1]', () => {
    const x = code('simplex', 3).x;
    expect(MAX_MODALITIES).toBe(16);
    expect(construction2(x, 2, 1).length).toBe(2);
    expect(construction2(x, 16, 0.5).length).toBe(16);
    // refused by construction2 itself, not later by simplexEtf(1)
    expect(() => construction2(x, 1, 0.5)).toThrow(/^construction2: k must be/);
    expect(() => construction2(x, 17, 0.5)).toThrow(RangeError);
    expect(() => construction2(x, 2.5, 0.5)).toThrow(RangeError);
    expect(() => construction2(x, 3, 0)).toThrow(RangeError);
    expect(() => construction2(x, 3, 1 + 1e-15)).toThrow(RangeError);
    expect(() => construction2(x, 3, Number.NaN)).toThrow(RangeError);
    // delta = 1: the simplex coordinates are zero
    const m = construction2(x, 3, 1)[1]!;
    expect(m.data[2] === 0 && m.data[3] === 0).toBe(true);
  });
});

describe('codes: parameter ranges and closed-form rho at the ends', () => {
  it('MAX_CODE_PARAMETER ends are accepted, one past them refused, non-integers refused', () => {
    expect(hamming(2).x.rows).toBe(2); // {000, 111}
    expect(hamming(2).rho).toBe(-1);
    expect(maxInnerProduct(hamming(2).x)).toBeCloseTo(-1, 15);
    expect(() => hamming(1)).toThrow(/hamming/);
    expect(() => hamming(MAX_CODE_PARAMETER.hamming + 1)).toThrow(/hamming/);
    expect(() => hamming(2.5)).toThrow(/hamming/);
    const rm1 = reedMuller1(1); // words 00, 11, 01, 10: (+-1, +-1)/sqrt 2
    expect(rm1.x.rows).toBe(4);
    expect(rm1.x.cols).toBe(2);
    expect(maxInnerProduct(rm1.x)).toBeCloseTo(0, 15);
    expect(reedMuller1(MAX_CODE_PARAMETER['reed-muller']).x.rows).toBe(2 ** 7);
    expect(() => reedMuller1(MAX_CODE_PARAMETER['reed-muller'] + 1)).toThrow(/reedMuller1/);
    expect(() => reedMuller1(1.5)).toThrow(/reedMuller1/);
    const d2 = rootsD(2);
    expect(d2.x.rows).toBe(4);
    expect(d2.rho).toBe(0);
    expect(maxInnerProduct(d2.x)).toBeCloseTo(0, 15);
    expect(rootsD(MAX_CODE_PARAMETER['roots-d']).x.rows).toBe(2 * 8 * 7);
    expect(() => rootsD(1)).toThrow(/rootsD/);
    expect(() => rootsD(MAX_CODE_PARAMETER['roots-d'] + 1)).toThrow(/rootsD/);
    expect(() => rootsD(2.5)).toThrow(/rootsD/);
  });

  it('reed-muller(1, 2): the 8 affine functions on F_2^2, pairwise inner products in {1, 0, -1}', () => {
    const k = reedMuller1(2);
    const s = 0.5;
    // a = 0, c = 0 is the all-zero word -> all +1/2; a = 0, c = 1 the all-one word -> all -1/2
    expect(Array.from(k.x.data.subarray(0, 4))).toEqual([s, s, s, s]);
    expect(Array.from(k.x.data.subarray(4, 8))).toEqual([-s, -s, -s, -s]);
    // a = 3 (x1 + x2), c = 0: parities of x = 0..3 are 0, 1, 1, 0
    expect(Array.from(k.x.data.subarray(24, 28))).toEqual([s, -s, -s, s]);
    const seen = new Set<number>();
    for (let i = 0; i < 8; i++)
      for (let j = i + 1; j < 8; j++) seen.add(Math.round(dot(k.x, i, k.x, j) * 1e12) / 1e12);
    expect([...seen].sort()).toEqual([-1, 0]);
  });

  it('hamming(3): every pair of words at Hamming distance >= 3, and distance 3 attained', () => {
    const k = hamming(3);
    let minDist = 7;
    for (let i = 0; i < 16; i++) {
      for (let j = i + 1; j < 16; j++) {
        let dist = 0;
        for (let c = 0; c < 7; c++)
          if (Math.sign(k.x.data[i * 7 + c]!) !== Math.sign(k.x.data[j * 7 + c]!)) dist++;
        minDist = Math.min(minDist, dist);
      }
    }
    expect(minDist).toBe(3);
    // hamming(4): 2^11 words of length 15, rho = 1 - 6/15
    const h4 = hamming(4);
    expect(h4.x.rows).toBe(2048);
    expect(h4.rho).toBeCloseTo(0.6, 15);
  });

  it('code(): each family with its closed-form rho; roots-d(3) rho 1/2; maxInnerProduct of one row is -inf', () => {
    expect(code('simplex', 4).rho).toBeCloseTo(-1 / 3, 15);
    expect(code('cross-polytope', 3).rho).toBe(0);
    expect(code('cross-polytope', 3).x.rows).toBe(6);
    expect(code('reed-muller', 2).x.rows).toBe(8);
    expect(code('hamming', 3).x.rows).toBe(16);
    expect(code('roots-d', 3).rho).toBe(0.5);
    expect(maxInnerProduct(fromRows([[1, 0]]))).toBe(Number.NEGATIVE_INFINITY);
    // the smallest cross-polytope: +-1 in R^1
    expect(Array.from(crossPolytope(1).data)).toEqual([1, -1]);
    // the largest pair is found wherever it sits (last pair here)
    expect(
      maxInnerProduct(
        fromRows([
          [1, 0],
          [-1, 0],
          [0, 1],
          [0.6, 0.8],
        ]),
      ),
    ).toBeCloseTo(0.8, 15);
  });
});

describe('random-constellation: builds, predictions and spec arbitraries', () => {
  const base: ConstellationSpec = {
    family: 'simplex',
    p: 3,
    dim: 2,
    form: 'identity',
    delta: 0.5,
    phiShare: 0.5,
    noise: 0,
    seed: 7,
  };

  it('identity form: U = V = the rotated code, predicted ((1 - rho)/2, (1 + rho)/2) and measured alike', () => {
    const c = buildConstellation({ ...base, p: 4 });
    expect(Array.from(c.v.data)).toEqual(Array.from(c.u.data));
    expect(c.predicted.m).toBeCloseTo(2 / 3, 15);
    expect(c.predicted.b).toBeCloseTo(1 / 3, 15);
    const got = marginBias(c.u, c.v);
    expect(Math.abs(got.m - 2 / 3)).toBeLessThan(1e-14);
    expect(Math.abs(got.b - 1 / 3)).toBeLessThan(1e-14);
    // rotated: not the code itself
    let diff = 0;
    for (let k = 0; k < c.u.data.length; k++)
      diff = Math.max(diff, Math.abs(c.u.data[k]! - c.code.x.data[k]!));
    expect(diff).toBeGreaterThan(1e-3);
  });

  it('one-coordinate and paper forms: dims d + 1 and d + 2, predicted and measured (m, b) by hand', () => {
    const one = buildConstellation({ ...base, form: 'one-coordinate', delta: 0.8 });
    expect(one.u.cols).toBe(3);
    // rho_c = -1/2, delta^2 = 0.64: m = 0.64 * 1.5/2 = 0.48, b = (0.64 * 2.5 - 2)/2 = -0.2
    expect(one.predicted.m).toBeCloseTo(0.48, 15);
    expect(one.predicted.b).toBeCloseTo(-0.2, 15);
    const g1 = marginBias(one.u, one.v);
    expect(Math.abs(g1.m - 0.48)).toBeLessThan(1e-14);
    expect(Math.abs(g1.b + 0.2)).toBeLessThan(1e-14);
    const paper = buildConstellation({ ...base, form: 'paper', delta: 0.5, phiShare: 0.5 });
    expect(paper.u.cols).toBe(4);
    // phi^2 = 0.5 * 0.75 = 0.375 = w^2: (m, b) = (0.25 * 0.75, 0.25 * 0.25) = (0.1875, 0.0625)
    expect(paper.predicted.m).toBeCloseTo(0.1875, 15);
    expect(paper.predicted.b).toBeCloseTo(0.0625, 15);
    const g2 = marginBias(paper.u, paper.v);
    expect(Math.abs(g2.m - 0.1875)).toBeLessThan(1e-14);
    expect(Math.abs(g2.b - 0.0625)).toBeLessThan(1e-14);
  });

  it('random family: p unit rows in R^dim with rho measured; seeded (same seed, same rows)', () => {
    const spec: ConstellationSpec = { ...base, family: 'random', p: 5, dim: 3 };
    const a = buildConstellation(spec);
    expect(a.code.x.rows).toBe(5);
    expect(a.code.x.cols).toBe(3);
    expect(a.code.rho).toBe(maxInnerProduct(a.code.x));
    expect(a.predicted.m).toBe((1 - a.code.rho) / 2);
    expect(a.predicted.b).toBe((1 + a.code.rho) / 2);
    expect(maxRowDeviation(a.u)).toBeLessThan(1e-15);
    const b = buildConstellation(spec);
    expect(Array.from(b.u.data)).toEqual(Array.from(a.u.data));
    const c = buildConstellation({ ...spec, seed: 8 });
    expect(Array.from(c.u.data)).not.toEqual(Array.from(a.u.data));
  });

  it('noise perturbs both U and V and renormalises the rows; noise 0 leaves the Gram exact', () => {
    const spec: ConstellationSpec = {
      ...base,
      family: 'cross-polytope',
      p: 2,
      form: 'one-coordinate',
      delta: 0.7,
    };
    const exact = buildConstellation(spec);
    const noisy = buildConstellation({ ...spec, noise: 1e-3 });
    expect(maxRowDeviation(noisy.u)).toBeLessThan(1e-15);
    expect(maxRowDeviation(noisy.v)).toBeLessThan(1e-15);
    let du = 0;
    let dv = 0;
    for (let k = 0; k < exact.u.data.length; k++) {
      du = Math.max(du, Math.abs(noisy.u.data[k]! - exact.u.data[k]!));
      dv = Math.max(dv, Math.abs(noisy.v.data[k]! - exact.v.data[k]!));
    }
    // a normal draw of scale 1e-3 on 12 coordinates: between 1e-6 and 1e-2 almost surely (seeded)
    expect(du).toBeGreaterThan(1e-6);
    expect(dv).toBeGreaterThan(1e-6);
    expect(du).toBeLessThan(1e-2);
    expect(dv).toBeLessThan(1e-2);
    // the last coordinate of the last row is perturbed too
    const last = exact.u.data.length - 1;
    expect(noisy.u.data[last]).not.toBe(exact.u.data[last]);
    expect(noisy.v.data[last]).not.toBe(exact.v.data[last]);
  });

  it('the draw order is fixed: rotation, then U noise, then V noise (a replay rebuilds every bit)', () => {
    const spec: ConstellationSpec = { ...base, family: 'simplex', p: 4, form: 'one-coordinate', delta: 0.9 };
    const x = code('simplex', 4).x;
    const noisy = buildConstellation({ ...spec, noise: 1e-2 });
    const exact = buildConstellation(spec);
    // by hand from the same primitives: one rotation Q from the seed, then per-entry normals
    const rng = new Rng(spec.seed);
    const w = Math.sqrt(1 - 0.81);
    const raw = (sign: number) =>
      fromRows(
        Array.from({ length: 4 }, (_, i) => [
          ...Array.from(x.data.subarray(i * 3, i * 3 + 3), (a) => 0.9 * a),
          sign * w,
        ]),
      );
    const q = randomOrthogonal(4, rng);
    const u = rotateRows(raw(1), q);
    const v = rotateRows(raw(-1), q);
    expect(Array.from(exact.u.data)).toEqual(Array.from(u.data));
    expect(Array.from(exact.v.data)).toEqual(Array.from(v.data));
    for (const m of [u, v]) {
      for (let k = 0; k < m.data.length; k++) m.data[k]! += 1e-2 * rng.normal();
      normalizeRows(m);
    }
    expect(Array.from(noisy.u.data)).toEqual(Array.from(u.data));
    expect(Array.from(noisy.v.data)).toEqual(Array.from(v.data));
  });

  it('specParams: p covers every family range (integers), dim the random code dimensions', () => {
    const ps = specParams(0.1);
    for (const [lo, hi] of Object.values(FAMILY_RANGES)) {
      expect(lo).toBeGreaterThanOrEqual(ps.p.min);
      expect(hi).toBeLessThanOrEqual(ps.p.max);
    }
    expect(ps.p.integer && ps.dim.integer).toBe(true);
    expect(ps.p.scale).toBe('log');
    expect([ps.dim.min, ps.dim.max]).toEqual([2, MAX_RANDOM_CODE_DIM]);
  });

  it('specValues: the declared parameters per form', () => {
    expect(specValues({ ...base, noise: 0.1 })).toEqual({
      p: 3,
      dim: undefined,
      delta: undefined,
      phiShare: undefined,
      noise: 0.1,
    });
    expect(specValues({ ...base, family: 'random', form: 'one-coordinate' })).toEqual({
      p: 3,
      dim: 2,
      delta: 0.5,
      phiShare: undefined,
      noise: 0,
    });
    expect(specValues({ ...base, form: 'paper' })).toEqual({
      p: 3,
      dim: undefined,
      delta: 0.5,
      phiShare: 0.5,
      noise: 0,
    });
  });

  function sample(arb: fc.Arbitrary<ConstellationSpec>): ConstellationSpec[] {
    return fc.sample(arb, { seed: 42, numRuns: 600 });
  }
  const families = ['simplex', 'cross-polytope', 'reed-muller', 'hamming', 'roots-d', 'random'] as const;

  it.each([
    ['constellationSpecArbitrary', (n: number) => constellationSpecArbitrary(n)],
    ['constellationSpecDomainArbitrary', (n: number) => constellationSpecDomainArbitrary(n, 1e-9)],
  ])(
    '%s: p in the family range (both ends drawn), every form, delta in [MIN_DELTA, 1], noise in [0, max]',
    (_n, make) => {
      expect(MIN_DELTA).toBe(0.2);
      expect(MAX_RANDOM_CODE_DIM).toBe(8);
      const specs = sample(make(0.01));
      const ends = new Set<string>();
      const forms = new Set<string>();
      for (const s of specs) {
        const [lo, hi] = FAMILY_RANGES[s.family];
        expect(Number.isInteger(s.p)).toBe(true);
        expect(s.p).toBeGreaterThanOrEqual(lo);
        expect(s.p).toBeLessThanOrEqual(hi);
        if (s.p === lo) ends.add(`${s.family}:lo`);
        if (s.p === hi) ends.add(`${s.family}:hi`);
        forms.add(s.form);
        expect(s.delta).toBeGreaterThanOrEqual(MIN_DELTA);
        expect(s.delta).toBeLessThanOrEqual(1);
        expect(s.phiShare).toBeGreaterThanOrEqual(0);
        expect(s.phiShare).toBeLessThanOrEqual(1);
        expect(s.noise).toBeGreaterThanOrEqual(0);
        expect(s.noise).toBeLessThanOrEqual(0.01);
        expect(Number.isInteger(s.dim)).toBe(true);
        expect(s.dim).toBeGreaterThanOrEqual(2);
        expect(s.dim).toBeLessThanOrEqual(MAX_RANDOM_CODE_DIM);
      }
      for (const f of families) {
        expect(ends.has(`${f}:lo`), `${f} low end`).toBe(true);
        expect(ends.has(`${f}:hi`), `${f} high end`).toBe(true);
      }
      expect([...forms].sort()).toEqual(['identity', 'one-coordinate', 'paper']);
      expect(specs.some((s) => s.noise > 0)).toBe(true);
      for (const s of sample(make(0))) expect(s.noise).toBe(0);
    },
  );

  it('FAMILY_RANGES: both ends build a code within the cost bound (24 pairs, d <= 12)', () => {
    for (const f of families) {
      if (f === 'random') continue;
      const [lo, hi] = FAMILY_RANGES[f];
      const c = code(f, hi);
      expect(c.x.rows).toBeLessThanOrEqual(24);
      expect(c.x.cols).toBeLessThanOrEqual(12);
      expect(code(f, lo).x.rows).toBeGreaterThanOrEqual(2);
    }
    expect(FAMILY_RANGES.random).toEqual([2, 16]);
  });

  it('the domain arbitrary draws the corners: delta 1 and 0.5, phiShare 0 and 1, noise 0 and its maximum', () => {
    const specs = sample(constellationSpecDomainArbitrary(0.01, 1e-9));
    expect(specs.some((s) => s.delta === 1)).toBe(true);
    expect(specs.some((s) => s.delta === 0.5)).toBe(true);
    expect(specs.some((s) => s.delta === MIN_DELTA)).toBe(true);
    expect(specs.some((s) => s.phiShare === 0)).toBe(true);
    expect(specs.some((s) => s.phiShare === 1)).toBe(true);
    expect(specs.some((s) => s.noise === 0)).toBe(true);
    expect(specs.some((s) => s.noise === 0.01)).toBe(true);
    expect(specs.some((s) => s.dim === 2) && specs.some((s) => s.dim === MAX_RANDOM_CODE_DIM)).toBe(true);
    for (const s of specs) if (s.noise > 0) expect(s.noise).toBeGreaterThanOrEqual(1e-9);
    const params = specParams(0.01, 1e-9);
    expect(params.noise.max).toBe(0.01);
    expect(params.noise.minAbs).toBe(1e-9);
  });
});

describe('construction1Parameters refuses what Thm 3.3 excludes; errors name their function', () => {
  it('alpha > 1 (delta^2 = 2m/(1 - alpha) < 0) and 2m just above 1 - alpha (delta^2 = 1 + 2^-51) are refused', () => {
    // alpha = 2, m = 0.1, b = 0.5: delta^2 = -0.2, phi^2 = 1, delta^2 + phi^2 = 0.8 (only alpha < 1 refuses it)
    expect(() => construction1Parameters(2, 0.1, 0.5)).toThrow(/not reachable/);
    // alpha = 0, m = 1/2 + 2^-52, b = 1/2 + 3 * 2^-52: delta^2 = 1 + 2^-51, phi^2 = 0 (only delta^2 <= 1 refuses it)
    expect(() => construction1Parameters(0, 0.5 + EPS, 0.5 + 3 * EPS)).toThrow(/not reachable/);
  });

  it('delta outside (0, 1]: construction1 and oneCoordinate each name themselves', () => {
    const x = fromRows([[1]]);
    expect(() => construction1(x, x, 2, 0)).toThrow(/^construction1: delta/);
    expect(() => oneCoordinate(x, 0)).toThrow(/^oneCoordinate: delta/);
  });
});
