import type { Decimal } from 'decimal.js';
import type { Normalization } from '../../src/loss/conventions.js';
import { type DecimalCtor, exact, hpContext } from '../../src/numeric/hp/decimal.js';
import { softplus } from '../../src/numeric/hp/softplus.js';
import type { Matrix } from '../../src/numeric/float/vectors.js';

/**
 * Loss evaluations in decimal.js on decimal-valued configurations, for central finite differences
 * of every trained coordinate: U + h W is formed exactly in decimal, so the only errors of
 * (L(x + h) - L(x - h)) / 2h are the O(h^2) truncation and 10^-digits / h rounding.
 */
export const FD_DIGITS = 40;
/** Step of the central differences: truncation h^2 |L'''| / 6 <= 1e-26 t^3, rounding 1e-40 / h = 1e-27. */
export const FD_STEP = '1e-13';

export const D: DecimalCtor = hpContext(FD_DIGITS);

export function toDecimal(m: Matrix): Decimal[] {
  return Array.from(m.data, (x) => exact(D, x));
}

function scale(normalization: Normalization, n: number): Decimal {
  if (normalization === 'sum') return new D(1);
  if (normalization === 'per-anchor') return new D(1).div(n);
  return new D(1).div(n * n);
}

function gram(u: readonly Decimal[], v: readonly Decimal[], n: number, d: number): Decimal[] {
  const g: Decimal[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = new D(0);
      for (let k = 0; k < d; k++) s = s.plus(u[i * d + k]!.times(v[j * d + k]!));
      g.push(s);
    }
  }
  return g;
}

/** L_Sig(t, b) = c (sum_i softplus(b - t G_ii) + sum_{i != j} softplus(t G_ij - b)). */
export function sigLossDec(
  u: readonly Decimal[],
  v: readonly Decimal[],
  n: number,
  d: number,
  t: Decimal,
  b: Decimal,
  normalization: Normalization,
): Decimal {
  const g = gram(u, v, n, d);
  let loss = new D(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const z = t.times(g[i * n + j]!).minus(b);
      loss = loss.plus(softplus(D, i === j ? z.neg() : z));
    }
  }
  return loss.times(scale(normalization, n));
}

/** Symmetric InfoNCE at temperature tau, per-anchor definition rescaled to the normalisation. */
export function infoNceLossDec(
  u: readonly Decimal[],
  v: readonly Decimal[],
  n: number,
  d: number,
  tau: Decimal,
  normalization: Normalization,
): Decimal {
  const g = gram(u, v, n, d);
  let loss = new D(0);
  for (let i = 0; i < n; i++) {
    let row = new D(0);
    let col = new D(0);
    for (let j = 0; j < n; j++) {
      row = row.plus(g[i * n + j]!.div(tau).exp());
      col = col.plus(g[j * n + i]!.div(tau).exp());
    }
    const sii = g[i * n + i]!.div(tau);
    loss = loss.plus(row.ln().minus(sii)).plus(col.ln().minus(sii));
  }
  return loss.div(n).times(scale(normalization, n)).times(n);
}

/** a + s h w entrywise, in decimal. */
export function shifted(a: readonly Decimal[], w: readonly number[], s: 1 | -1, h: Decimal): Decimal[] {
  return a.map((x, k) => x.plus(h.times(w[k]!).times(s)));
}

/** Central difference (f(+h) - f(-h)) / 2h. */
export function central(f: (s: 1 | -1, h: Decimal) => Decimal): number {
  const h = new D(FD_STEP);
  return f(1, h).minus(f(-1, h)).div(h.times(2)).toNumber();
}
