import type { Matrix } from '../src/numeric/float/vectors.js';
import { zeros } from '../src/numeric/float/vectors.js';

/**
 * The cross-polytope (orthoplex) code: the 2n vectors +-e_k in R^n, rows ordered
 * e_1, -e_1, e_2, -e_2, ... Its largest inner product between distinct rows is 0 (the antipodal
 * pairs meet at -1), and it attains A(n, 0) = 2n (docs/theory.md §2, exact known values).
 * @remarks Conway and Sloane, *Sphere Packings, Lattices and Groups*, ch. 1 (A(n, 0) = 2n).
 * @example crossPolytope(2).data.join() === '1,0,-1,0,0,1,0,-1' // rows (1,0), (-1,0), (0,1), (0,-1)
 */
export function crossPolytope(n: number, cols = n): Matrix {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`crossPolytope: n must be an integer >= 1, got ${n}`);
  if (cols < n) throw new RangeError(`crossPolytope: needs at least n = ${n} columns, got ${cols}`);
  const x = zeros(2 * n, cols);
  for (let k = 0; k < n; k++) {
    x.data[2 * k * cols + k] = 1;
    x.data[(2 * k + 1) * cols + k] = -1;
  }
  return x;
}
