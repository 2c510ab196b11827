import type { Decimal } from 'decimal.js';
import type { Matrix } from '../float/vectors.js';
import { type DecimalCtor, exact } from './decimal.js';

/**
 * G = U V^T in decimal.js from the exact values of the doubles (row-major, N x N): the twin of
 * `numeric/float/gram.ts` crossGram, exact up to the context's precision.
 */
export function crossGram(D: DecimalCtor, u: Matrix, v: Matrix): Decimal[] {
  const n = u.rows;
  const d = u.cols;
  const eu = Array.from(u.data, (x) => exact(D, x));
  const ev = Array.from(v.data, (x) => exact(D, x));
  const g: Decimal[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = new D(0);
      for (let k = 0; k < d; k++) s = s.plus(eu[i * d + k]!.times(ev[j * d + k]!));
      g.push(s);
    }
  }
  return g;
}
