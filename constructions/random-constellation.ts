import fc from 'fast-check';
import { paramArbitrary } from '../src/claims/domain.js';
import { Rng } from '../src/numeric/float/rng.js';
import type { Matrix } from '../src/numeric/float/vectors.js';
import { normalizeRows, randomOrthogonal, randomUnitRows, rotateRows } from '../src/numeric/float/vectors.js';
import { type CodeFamily, code, maxInnerProduct, type SphericalCode } from './codes.js';
import {
  construction1,
  construction1Predicted,
  type MarginBias,
  oneCoordinate,
  oneCoordinatePredicted,
} from './construction-1.js';

/** How a random test constellation is built: a code, a construction on it, a rotation, noise. */
export interface ConstellationSpec {
  /** The code family, or `random` (p random unit vectors in R^dim, rho measured). */
  readonly family: CodeFamily | 'random';
  /** Family parameter (see {@link code}); for `random`, the number of vectors. */
  readonly p: number;
  /** Dimension of a `random` code (ignored otherwise). */
  readonly dim: number;
  /** `identity`: U = V = code; `one-coordinate`: + 1 dim; `paper`: Construction 1, + 2 dims. */
  readonly form: 'identity' | 'one-coordinate' | 'paper';
  /** delta in (0, 1] for the two constructions. */
  readonly delta: number;
  /** phi^2 = phiShare (1 - delta^2) for the paper form. */
  readonly phiShare: number;
  /** Gaussian perturbation scale per coordinate before renormalising (0 = exact). */
  readonly noise: number;
  /** Seed of the rotation, the random code and the noise. */
  readonly seed: number;
}

/** A built test constellation. */
export interface BuiltConstellation {
  readonly u: Matrix;
  readonly v: Matrix;
  readonly code: SphericalCode;
  /** (m, b_rel) predicted in closed form before the noise (rho of a random code is measured). */
  readonly predicted: MarginBias;
}

/** Family parameter ranges of the arbitrary (cost bound: at most 24 pairs, d <= 12). */
export const FAMILY_RANGES: Readonly<Record<CodeFamily | 'random', readonly [number, number]>> = {
  simplex: [3, 12],
  'cross-polytope': [2, 6],
  'reed-muller': [1, 3],
  hamming: [2, 3],
  'roots-d': [3, 4],
  random: [2, 16],
};
/** Largest dimension of a random code. */
export const MAX_RANDOM_CODE_DIM = 8;
/** Smallest delta drawn (smaller margins sit below the tolerances of the float checks). */
export const MIN_DELTA = 0.2;

/** Builds a spec's configuration (deterministic in its seed). */
export function buildConstellation(s: ConstellationSpec): BuiltConstellation {
  const rng = new Rng(s.seed);
  let c: SphericalCode;
  if (s.family === 'random') {
    const x = randomUnitRows(s.p, s.dim, rng);
    c = { name: `random(${s.p},${s.dim})`, x, rho: maxInnerProduct(x) };
  } else {
    c = code(s.family, s.p);
  }
  const identity: MarginBias = { m: (1 - c.rho) / 2, b: (1 + c.rho) / 2 };
  let u: Matrix;
  let v: Matrix;
  let predicted: MarginBias;
  if (s.form === 'identity') {
    u = c.x;
    v = c.x;
    predicted = identity;
  } else if (s.form === 'one-coordinate') {
    ({ u, v } = oneCoordinate(c.x, s.delta));
    predicted = oneCoordinatePredicted(c.rho, s.delta);
  } else {
    const phi = Math.sqrt(s.phiShare * (1 - s.delta * s.delta));
    ({ u, v } = construction1(c.x, c.x, s.delta, phi));
    predicted = construction1Predicted(identity.m, identity.b, s.delta, phi);
  }
  const q = randomOrthogonal(u.cols, rng);
  u = rotateRows(u, q);
  v = rotateRows(v, q);
  if (s.noise > 0) {
    for (const m of [u, v]) {
      for (let k = 0; k < m.data.length; k++) m.data[k]! += s.noise * rng.normal();
      normalizeRows(m);
    }
  }
  return { u, v, code: c, predicted };
}

/** Specs over every family and form; `maxNoise` 0 gives exact constellations. */
export function constellationSpecArbitrary(maxNoise = 0): fc.Arbitrary<ConstellationSpec> {
  const families = Object.keys(FAMILY_RANGES) as (CodeFamily | 'random')[];
  return fc
    .record({
      family: fc.constantFrom(...families),
      pRaw: fc.integer({ min: 0, max: 1000 }),
      dim: fc.integer({ min: 2, max: MAX_RANDOM_CODE_DIM }),
      form: fc.constantFrom('identity' as const, 'one-coordinate' as const, 'paper' as const),
      delta: fc.double({ min: MIN_DELTA, max: 1, noNaN: true }),
      phiShare: fc.double({ min: 0, max: 1, noNaN: true }),
      noise: maxNoise > 0 ? fc.double({ min: 0, max: maxNoise, noNaN: true }) : fc.constant(0),
      seed: fc.integer(),
    })
    .map(({ family, pRaw, ...rest }) => {
      const [lo, hi] = FAMILY_RANGES[family];
      return { family, p: lo + (pRaw % (hi - lo + 1)), ...rest };
    });
}

/**
 * The declared parameters of a spec: family parameter p (the pair count of `random`), the random
 * code's dimension, delta on [MIN_DELTA, 1] log-uniform (1: no constructed shift), phiShare on [0, 1]
 * (1: delta^2 + phi^2 = 1 exactly, the largest phi Construction 1 allows), noise from 0 (exact) up.
 */
export function specParams(maxNoise: number, minNoise = 1e-9) {
  return {
    p: { min: 1, max: 16, scale: 'log', integer: true },
    dim: { min: 2, max: MAX_RANDOM_CODE_DIM, scale: 'log', integer: true },
    delta: { min: MIN_DELTA, max: 1, scale: 'log', corners: [0.5] },
    phiShare: { min: 0, max: 1, scale: 'symlog', minAbs: 1e-6 },
    noise: { min: 0, max: maxNoise, scale: 'symlog', minAbs: minNoise },
  } as const;
}

/** The declared parameter values of a spec (for a claim's `values`). */
export function specValues(s: ConstellationSpec): Record<string, number | undefined> {
  return {
    p: s.p,
    dim: s.family === 'random' ? s.dim : undefined,
    delta: s.form === 'identity' ? undefined : s.delta,
    phiShare: s.form === 'paper' ? s.phiShare : undefined,
    noise: s.noise,
  };
}

/**
 * Specs over every family and form with delta, phiShare and noise drawn by {@link paramArbitrary}
 * (extremes on purpose: delta = 1, phiShare = 0 and 1, noise = 0 and maxNoise), p spread over the
 * family's range with both ends drawn; nonzero noise from `minNoise` up.
 */
export function constellationSpecDomainArbitrary(
  maxNoise = 0,
  minNoise = 1e-9,
): fc.Arbitrary<ConstellationSpec> {
  const params = specParams(maxNoise, minNoise);
  const families = Object.keys(FAMILY_RANGES) as (CodeFamily | 'random')[];
  return fc
    .record({
      family: fc.constantFrom(...families),
      pShare: fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
      dim: paramArbitrary('dim', params.dim),
      form: fc.constantFrom('identity' as const, 'one-coordinate' as const, 'paper' as const),
      delta: paramArbitrary('delta', params.delta),
      phiShare: paramArbitrary('phiShare', params.phiShare),
      noise: maxNoise > 0 ? paramArbitrary('noise', params.noise) : fc.constant(0),
      seed: fc.integer(),
    })
    .map(({ family, pShare, ...rest }) => {
      const [lo, hi] = FAMILY_RANGES[family];
      return { family, p: lo + Math.round(pShare * (hi - lo)), ...rest };
    });
}
