import { describe, expect, it } from 'vitest';
import {
  gegenbauer,
  jacobi,
  jacobiFirst,
  jacobiNext,
  largestJacobiZeros,
  rescalePair,
} from '../../../src/bounds/jacobi.js';

// Independent route: the explicit sum (DLMF 18.5.8)
// P_k^{(a,b)}(x) = sum_s C(k + a, k - s) C(k + b, s) ((x - 1)/2)^s ((x + 1)/2)^{k - s},
// with C(z, m) = prod_{j=1..m} (z - m + j)/j for real z, and P_k^{(a,b)}(1) = C(k + a, k).
function binom(z: number, m: number): number {
  let c = 1;
  for (let j = 1; j <= m; j++) c *= (z - m + j) / j;
  return c;
}
function jacobiExplicit(k: number, a: number, b: number, x: number): number {
  let sum = 0;
  for (let s = 0; s <= k; s++)
    sum += binom(k + a, k - s) * binom(k + b, s) * ((x - 1) / 2) ** s * ((x + 1) / 2) ** (k - s);
  return sum / binom(k + a, k);
}
const EPS = Number.EPSILON;
function near(got: number, want: number, tol: number, what: string): void {
  expect(Math.abs(got - want), `${what}: got ${got}, want ${want}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('Gegenbauer and Jacobi recurrences against closed forms', () => {
  it('gegenbauer: Chebyshev T (n = 2), Legendre (n = 3), Chebyshev U / (i + 1) (n = 4) at t = 0.3', () => {
    const t = 0.3;
    const cases: [number, number[]][] = [
      [2, [1, t, 2 * t * t - 1, 4 * t ** 3 - 3 * t]],
      [3, [1, t, (3 * t * t - 1) / 2, (5 * t ** 3 - 3 * t) / 2]],
      [4, [1, t, (4 * t * t - 1) / 3, (8 * t ** 3 - 4 * t) / 4]],
    ];
    for (const [n, want] of cases) {
      const got = gegenbauer(n, t, 3);
      expect(got.length).toBe(4);
      for (let i = 0; i <= 3; i++) near(got[i]!, want[i]!, 8 * EPS, `n = ${n}, P_${i}(0.3)`);
    }
    expect(Array.from(gegenbauer(5, 0.7, 0))).toEqual([1]);
    expect(Array.from(gegenbauer(5, 0.7, 1))).toEqual([1, 0.7]);
  });

  it('jacobi with a != b against the explicit sum, degrees 0..6', () => {
    for (const [a, b] of [
      [1, 0],
      [1.5, 0.5],
      [0.5, 2.5],
      [3, -0.5],
    ] as const) {
      for (const x of [-0.8, 0, 0.35, 0.9]) {
        const q = jacobi(a, b, x, 6);
        expect(q.length).toBe(7);
        for (let k = 0; k <= 6; k++)
          near(q[k]!, jacobiExplicit(k, a, b, x), 64 * EPS, `Q_${k}^(${a},${b})(${x})`);
        near(jacobiFirst(a, b, x), jacobiExplicit(1, a, b, x), 8 * EPS, `Q_1^(${a},${b})(${x})`);
        const q3 = jacobiNext(3, a, b, x, jacobiExplicit(2, a, b, x), jacobiExplicit(1, a, b, x));
        near(q3, jacobiExplicit(3, a, b, x), 64 * EPS, `next Q_3^(${a},${b})(${x})`);
      }
    }
    // by hand: Q_2^(1,0)(0) = (3/4 - 6/4 + 1/4) / 3 = -1/6
    near(jacobi(1, 0, 0, 2)[2]!, -1 / 6, 4 * EPS, 'Q_2^(1,0)(0)');
    expect(Array.from(jacobi(1, 0, 0.3, 0))).toEqual([1]);
  });

  it('largest zeros of Legendre P_1, P_2, P_3: 0, 1/sqrt 3, sqrt(3/5); of P^(1,0)_1: -1/3', () => {
    const z = largestJacobiZeros(0, 0, 3);
    expect(z.length).toBe(3);
    near(z[0]!, 0, 1e-16, 'P_1');
    near(z[1]!, 1 / Math.sqrt(3), 4 * EPS, 'P_2');
    near(z[2]!, Math.sqrt(3 / 5), 4 * EPS, 'P_3');
    // Q_1^(1,0)(t) = 1 + 3 (t - 1)/4 = 0 at t = -1/3
    near(largestJacobiZeros(1, 0, 1)[0]!, -1 / 3, 4 * EPS, 'P^(1,0)_1');
  });

  it('rescalePair scales by 1e150 only when both values are below 1e-150', () => {
    const [x, y] = rescalePair(2e-151, -3e-200);
    near(x, 0.2, 4 * EPS, 'x');
    near(y, -3e-50, 4 * EPS * 3e-50, 'y');
    expect(rescalePair(2e-150, 3e-200)).toEqual([2e-150, 3e-200]);
    expect(rescalePair(3e-200, 2e-150)).toEqual([3e-200, 2e-150]);
    expect(rescalePair(1e-150, 1e-151)).toEqual([1e-150, 1e-151]);
    expect(rescalePair(1e-151, 1e-150)).toEqual([1e-151, 1e-150]);
  });
});
