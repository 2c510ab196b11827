import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';
import { crossPolytope } from './cross-polytope.js';
import { simplexEtf } from './simplex-etf.js';

/** A spherical code with its closed-form largest inner product between distinct rows. */
export interface SphericalCode {
  /** Name with its parameters, e.g. `hamming(3)`. */
  readonly name: string;
  /** The code words, unit rows. */
  readonly x: Matrix;
  /** max_{i != j} <x_i, x_j>, from the closed form (not measured). */
  readonly rho: number;
}

/** The named code families. */
export type CodeFamily = 'simplex' | 'cross-polytope' | 'reed-muller' | 'hamming' | 'roots-d';

/** Largest parameter accepted per family (cost bound: N^2 d work downstream). */
export const MAX_CODE_PARAMETER: Readonly<Record<CodeFamily, number>> = {
  simplex: 64,
  'cross-polytope': 32,
  'reed-muller': 6,
  hamming: 4,
  'roots-d': 8,
};

/** Binary words (0/1 arrays) to the +-1/sqrt(n) spherical code: 0 -> +, 1 -> -. */
function binaryToSphere(words: readonly (readonly number[])[]): Matrix {
  const n = words[0]!.length;
  const x = zeros(words.length, n);
  const s = 1 / Math.sqrt(n);
  words.forEach((w, i) => {
    for (let k = 0; k < n; k++) x.data[i * n + k] = w[k] === 1 ? -s : s;
  });
  return x;
}

/**
 * The first-order Reed-Muller code RM(1, r) as a spherical code: 2^(r+1) words of length 2^r
 * (the affine functions a.x + c on F_2^r), mapped to +-2^(-r/2). Distances are 0, 2^(r-1), 2^r,
 * so inner products are 1, 0, -1: a biorthogonal code with rho = 0 (r >= 1).
 * @remarks MacWilliams and Sloane, *The Theory of Error-Correcting Codes*, ch. 13.
 */
export function reedMuller1(r: number): SphericalCode {
  if (!Number.isInteger(r) || r < 1 || r > MAX_CODE_PARAMETER['reed-muller']) {
    throw new RangeError(
      `reedMuller1: r must be an integer in [1, ${MAX_CODE_PARAMETER['reed-muller']}], got ${r}`,
    );
  }
  const n = 2 ** r;
  const words: number[][] = [];
  for (let a = 0; a < n; a++) {
    for (let c = 0; c < 2; c++) {
      const w: number[] = [];
      for (let x = 0; x < n; x++) {
        let parity = c;
        for (let bit = a & x; bit > 0; bit >>= 1) parity ^= bit & 1;
        w.push(parity);
      }
      words.push(w);
    }
  }
  return { name: `reed-muller(1,${r})`, x: binaryToSphere(words), rho: 0 };
}

/**
 * The binary Hamming code of order r (length 2^r - 1, 2^(2^r - 1 - r) words, minimum distance 3)
 * as a spherical code: rho = 1 - 2 * 3 / (2^r - 1) (two words at distance 3 exist for r >= 2).
 * r = 3 gives 16 unit vectors in R^7 with rho = 1/7.
 * @remarks MacWilliams and Sloane, ch. 1 section 7. Parity-check columns are 1..2^r - 1 in binary.
 */
export function hamming(r: number): SphericalCode {
  if (!Number.isInteger(r) || r < 2 || r > MAX_CODE_PARAMETER.hamming) {
    throw new RangeError(`hamming: r must be an integer in [2, ${MAX_CODE_PARAMETER.hamming}], got ${r}`);
  }
  const n = 2 ** r - 1;
  const words: number[][] = [];
  // A word w is in the code iff the XOR of the (1-based) positions of its ones is 0.
  for (let m = 0; m < 2 ** n; m++) {
    let syndrome = 0;
    for (let k = 0; k < n; k++) if ((m >> k) & 1) syndrome ^= k + 1;
    if (syndrome === 0) words.push(Array.from({ length: n }, (_, k) => (m >> k) & 1));
  }
  return { name: `hamming(${r})`, x: binaryToSphere(words), rho: 1 - 6 / n };
}

/**
 * The roots of D_n normalised: all (+-e_a +- e_b)/sqrt 2, a < b, 2n(n-1) unit vectors in R^n with
 * rho = 1/2. D_3 gives the 12 kissing vectors of R^3 (fcc), D_4 the 24 of R^4 (A(4, 1/2) = 24).
 * @remarks Conway and Sloane, ch. 1 (kissing numbers 12 and 24).
 */
export function rootsD(n: number): SphericalCode {
  if (!Number.isInteger(n) || n < 2 || n > MAX_CODE_PARAMETER['roots-d']) {
    throw new RangeError(`rootsD: n must be an integer in [2, ${MAX_CODE_PARAMETER['roots-d']}], got ${n}`);
  }
  const rows = 2 * n * (n - 1);
  const x = zeros(rows, n);
  const s = Math.SQRT1_2;
  let i = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      for (const sa of [1, -1]) {
        for (const sb of [1, -1]) {
          x.data[i * n + a] = sa * s;
          x.data[i * n + b] = sb * s;
          i++;
        }
      }
    }
  }
  // n = 2: the four (+-1, +-1)/sqrt 2 meet at 0 and -1 only.
  return { name: `roots-d(${n})`, x, rho: n === 2 ? 0 : 0.5 };
}

/** A named code family at parameter `p` (simplex: N = p; cross-polytope: n = p; others: r or n). */
export function code(family: CodeFamily, p: number): SphericalCode {
  switch (family) {
    case 'simplex':
      return { name: `simplex(${p})`, x: simplexEtf(p), rho: -1 / (p - 1) };
    case 'cross-polytope':
      return { name: `cross-polytope(${p})`, x: crossPolytope(p), rho: 0 };
    case 'reed-muller':
      return reedMuller1(p);
    case 'hamming':
      return hamming(p);
    case 'roots-d':
      return rootsD(p);
  }
}

/** The measured largest inner product between distinct rows of `x` (float64, plain loops). */
export function maxInnerProduct(x: Matrix): number {
  let best = Number.NEGATIVE_INFINITY;
  const d = x.cols;
  for (let i = 0; i < x.rows; i++) {
    for (let j = i + 1; j < x.rows; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x.data[i * d + k]! * x.data[j * d + k]!;
      if (s > best) best = s;
    }
  }
  return best;
}
