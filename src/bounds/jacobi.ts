/**
 * Gegenbauer and Jacobi polynomials of the sphere S^{n-1}, normalised to 1 at t = 1, by their
 * three-term recurrences (float64), and their largest zeros.
 *
 * @remarks Levenshtein's notation (Levenshtein 1983; Handbook of Coding Theory 1998, ch. 6;
 * Boyvalenkov-Danev-Bumova 1996): alpha = (n - 3) / 2, P_i(t) = P_i^{(alpha, alpha)}(t) / P_i^{(alpha, alpha)}(1)
 * (the Gegenbauer polynomials of the sphere), and t_k^{a,b} the largest zero of
 * P_k^{(alpha + a, alpha + b)}. The Jacobi recurrence is DLMF 18.9.2 divided by P_k(1) = C(k + alpha, k).
 */

/** Rescale a recurrence once a value falls below this (only ratios and signs are used). */
const RESCALE_BELOW = 1e-150;
const RESCALE_BY = 1e150;

/**
 * Normalised Gegenbauer polynomials of S^{n-1}: P_0..P_K at t, by
 * (i + n - 2) P_{i+1}(t) = (2i + n - 2) t P_i(t) - i P_{i-1}(t), P_0 = 1, P_1 = t.
 * @param n - dimension, >= 2
 * @param t - the argument
 * @param K - highest degree
 * @remarks Levenshtein (Handbook of Coding Theory, ch. 6, eq. 3.13). Not rescaled: for large K at
 * |t| < 1 values may underflow; use {@link gegenbauerRatio} for ratios.
 * @example gegenbauer(3, 0.5, 2)[2] === -0.125 // Legendre P_2(1/2) = (3/4 - 1)/2
 */
export function gegenbauer(n: number, t: number, K: number): Float64Array {
  const p = new Float64Array(K + 1);
  p[0] = 1;
  if (K >= 1) p[1] = t;
  for (let i = 1; i < K; i++) p[i + 1] = ((2 * i + n - 2) * t * p[i]! - i * p[i - 1]!) / (i + n - 2);
  return p;
}

/**
 * Value at t of the normalised Jacobi polynomial Q_k = P_k^{(a,b)} / P_k^{(a,b)}(1), from Q_{k-1}
 * and Q_{k-2} (k >= 2).
 * @remarks DLMF 18.9.2 divided by P_k(1) = C(k + a, k):
 * 2 (k + a)(k + a + b)(2k + a + b - 2) Q_k =
 *   (2k + a + b - 1)[(2k + a + b)(2k + a + b - 2) t + a^2 - b^2] Q_{k-1}
 *   - 2 (k - 1)(k + b - 1)(2k + a + b) Q_{k-2}.
 */
export function jacobiNext(k: number, a: number, b: number, t: number, q1: number, q2: number): number {
  const c = 2 * k + a + b;
  return (
    ((c - 1) * (c * (c - 2) * t + a * a - b * b) * q1 - 2 * (k - 1) * (k + b - 1) * c * q2) /
    (2 * (k + a) * (k + a + b) * (c - 2))
  );
}

/**
 * Q_1 = P_1^{(a,b)}(t) / P_1^{(a,b)}(1) = 1 + (a + b + 2)(t - 1) / (2 (a + 1)).
 * @remarks DLMF 18.5.7 at degree 1.
 */
export function jacobiFirst(a: number, b: number, t: number): number {
  return 1 + ((a + b + 2) * (t - 1)) / (2 * (a + 1));
}

/**
 * The normalised Jacobi polynomials Q_0..Q_K of P^{(a,b)} at t (no rescaling).
 * @example jacobi(0, 0, 0.5, 2)[2] === -0.125 // Legendre P_2(1/2)
 */
export function jacobi(a: number, b: number, t: number, K: number): Float64Array {
  const q = new Float64Array(K + 1);
  q[0] = 1;
  if (K >= 1) q[1] = jacobiFirst(a, b, t);
  for (let k = 2; k <= K; k++) q[k] = jacobiNext(k, a, b, t, q[k - 1]!, q[k - 2]!);
  return q;
}

/**
 * The largest zero of P_k^{(a,b)} for a, b > -1 and k >= 1, by bisection on (t_{k-1}, 1), where
 * interlacing (Szego, Orthogonal Polynomials, Thm 3.3.2) leaves exactly one zero.
 * @returns the zeros for degrees 1..k (index i - 1 holds degree i)
 * @remarks Used by tests and by the Levenshtein interval check; the bound itself finds its interval
 * by signs (see {@link levenshteinIndex} in levenshtein.ts).
 */
export function largestJacobiZeros(a: number, b: number, k: number): number[] {
  const zeros: number[] = [];
  let lo = -1;
  for (let deg = 1; deg <= k; deg++) {
    let l = lo;
    let h = 1;
    // Q_deg(l) < 0 (or l = -1), Q_deg(1) = 1 > 0
    for (let it = 0; it < 200 && h - l > 1e-16; it++) {
      const mid = 0.5 * (l + h);
      if (mid === l || mid === h) break;
      const q = jacobi(a, b, mid, deg)[deg]!;
      if (q > 0) h = mid;
      else l = mid;
    }
    const z = 0.5 * (l + h);
    zeros.push(z);
    lo = z;
  }
  return zeros;
}

/** Multiplies a pair of recurrence values back into range when both are tiny (ratios unchanged). */
export function rescalePair(x: number, y: number): [number, number] {
  if (Math.abs(x) < RESCALE_BELOW && Math.abs(y) < RESCALE_BELOW) return [x * RESCALE_BY, y * RESCALE_BY];
  return [x, y];
}
