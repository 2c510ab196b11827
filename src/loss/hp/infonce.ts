import type { Decimal } from 'decimal.js';
import type { Matrix } from '../../numeric/float/vectors.js';
import { exact, hpContext } from '../../numeric/hp/decimal.js';
import { crossGram } from '../../numeric/hp/gram.js';

/** Symmetric InfoNCE in decimal.js (loss only), the twin of `loss/infonce.ts`. */
export function infoNceLossHp(u: Matrix, v: Matrix, tau: number, digits = 40): Decimal {
  const D = hpContext(digits + 10);
  const n = u.rows;
  const g = crossGram(D, u, v);
  const T = exact(D, tau);
  let loss = new D(0);
  for (let i = 0; i < n; i++) {
    let row = new D(0);
    let col = new D(0);
    for (let j = 0; j < n; j++) {
      row = row.plus(g[i * n + j]!.div(T).exp());
      col = col.plus(g[j * n + i]!.div(T).exp());
    }
    const sii = g[i * n + i]!.div(T);
    loss = loss.plus(row.ln().minus(sii)).plus(col.ln().minus(sii));
  }
  return new (hpContext(digits))(loss.div(n));
}
