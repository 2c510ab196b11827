import type { Decimal } from 'decimal.js';
import type { Matrix } from '../../numeric/float/vectors.js';
import { type DecimalCtor, exact, hpContext } from '../../numeric/hp/decimal.js';
import { crossGram } from '../../numeric/hp/gram.js';
import { sigmoid, softplus } from '../../numeric/hp/softplus.js';
import type { Normalization } from '../conventions.js';

/** The decimal.js evaluation of the sigmoid loss and its gradient. */
export interface SigmoidLossHp {
  readonly loss: Decimal;
  readonly gradU?: Decimal[];
  readonly gradV?: Decimal[];
  readonly dt?: Decimal;
  readonly db?: Decimal;
}

function scaleFor(D: DecimalCtor, normalization: Normalization, n: number): Decimal {
  if (normalization === 'sum') return new D(1);
  if (normalization === 'per-anchor') return new D(1).div(n);
  return new D(1).div(n * n);
}

/**
 * The sigmoid loss (and gradient) evaluated in decimal.js at `digits` significant digits from the
 * exact values of the doubles in U, V, t, b: the reference the float64 path is checked against,
 * and the way to get loss values where float64 underflows (t m* beyond ~745).
 * @remarks Twin of `loss/sigmoid.ts` (STYLE rule 4).
 */
export function sigmoidLossHp(
  u: Matrix,
  v: Matrix,
  t: number | Decimal,
  b: number | Decimal,
  normalization: Normalization,
  digits = 40,
  grad = false,
): SigmoidLossHp {
  const D = hpContext(digits + 10);
  const n = u.rows;
  const d = u.cols;
  const T = typeof t === 'number' ? exact(D, t) : new D(t);
  const B = typeof b === 'number' ? exact(D, b) : new D(b);
  const g = crossGram(D, u, v);
  let loss = new D(0);
  let dt = new D(0);
  let db = new D(0);
  const sOf: Decimal[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const z = T.times(g[i * n + j]!).minus(B);
      if (i === j) {
        loss = loss.plus(softplus(D, z.neg()));
        if (grad) sOf.push(sigmoid(D, z.neg()).neg());
      } else {
        loss = loss.plus(softplus(D, z));
        if (grad) sOf.push(sigmoid(D, z));
      }
    }
  }
  const c = scaleFor(D, normalization, n);
  const out = hpContext(digits);
  if (!grad) return { loss: new out(loss.times(c)) };
  const eu = Array.from(u.data, (x) => exact(D, x));
  const ev = Array.from(v.data, (x) => exact(D, x));
  const gu = Array.from({ length: n * d }, () => new D(0));
  const gv = Array.from({ length: n * d }, () => new D(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = sOf[i * n + j]!;
      dt = dt.plus(s.times(g[i * n + j]!));
      db = db.minus(s);
      const w = s.times(T);
      for (let k = 0; k < d; k++) {
        gu[i * d + k] = gu[i * d + k]!.plus(w.times(ev[j * d + k]!));
        gv[j * d + k] = gv[j * d + k]!.plus(w.times(eu[i * d + k]!));
      }
    }
  }
  return {
    loss: new out(loss.times(c)),
    gradU: gu.map((x) => new out(x.times(c))),
    gradV: gv.map((x) => new out(x.times(c))),
    dt: new out(dt.times(c)),
    db: new out(db.times(c)),
  };
}
