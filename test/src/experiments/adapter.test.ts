import { describe, expect, it } from 'vitest';
import { adapterGradient } from '../../../src/experiments/bbnp25-locked.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';

/** softplus by its plain definition, fine at these |z| < 30 */
const sp = (z: number) => Math.log1p(Math.exp(z));

/**
 * The authors' adapter loss written out directly: U~ = (delta U, c), V~ = (delta V, -c), both rows
 * normalised (F.normalize), RB-Sig with mean normalisation. An independent route to the value.
 */
function adapterLoss(
  u: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
  x: number,
  logT: number,
  bRel: number,
): number {
  const delta = 1 / (1 + Math.exp(-x));
  const c = Math.sqrt(1 - delta * delta);
  const ext = (a: Float64Array, sign: number) =>
    Array.from({ length: n }, (_, i) => {
      const row = [...Array.from({ length: d }, (_, k) => delta * a[i * d + k]!), sign * c];
      const norm = Math.hypot(...row);
      return row.map((y) => y / norm);
    });
  const U = ext(u, 1);
  const V = ext(v, -1);
  const t = Math.exp(logT);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const g = U[i]!.reduce((s, y, k) => s + y * V[j]![k]!, 0);
      const z = t * (g - bRel);
      loss += i === j ? sp(-z) : sp(z);
    }
  }
  return loss / (n * n);
}

describe("locked adapter: gradients match central differences of the authors' loss", () => {
  it('dL/dV, dL/dx, dL/dlog t, dL/db_rel at a random unit start', () => {
    const n = 6;
    const d = 3;
    const rng = new Rng(5);
    const u = randomUnitRows(n, d, rng.fork('U')).data;
    const v = randomUnitRows(n, d, rng.fork('V')).data;
    const [x, logT, bRel] = [0.4, Math.log(5), -0.3];
    const g = adapterGradient(u, v, n, d, x, logT, bRel, true);
    expect(g.loss).toBeCloseTo(adapterLoss(u, v, n, d, x, logT, bRel), 14);
    // Central differences with h = 1e-5: truncation h^2 |L'''|/6 <~ 1e-10 * t^3 ~ 1e-8 here, rounding
    // eps |L| / h ~ 1e-11: a tolerance of 1e-7 separates a right gradient from a wrong one (whose
    // errors are O(|g|) ~ 1e-2 at these sizes).
    const h = 1e-5;
    const tol = 1e-7;
    const fd = (f: (s: number) => number) => (f(h) - f(-h)) / (2 * h);
    expect(Math.abs(g.gx - fd((s) => adapterLoss(u, v, n, d, x + s, logT, bRel)))).toBeLessThan(tol);
    expect(Math.abs(g.gLogT - fd((s) => adapterLoss(u, v, n, d, x, logT + s, bRel)))).toBeLessThan(tol);
    expect(Math.abs(g.gBRel - fd((s) => adapterLoss(u, v, n, d, x, logT, bRel + s)))).toBeLessThan(tol);
    for (let k = 0; k < n * d; k++) {
      const num = fd((s) => {
        const w = v.slice();
        w[k]! += s;
        return adapterLoss(u, w, n, d, x, logT, bRel);
      });
      expect(Math.abs(g.gv[k]! - num), `dL/dV[${k}]`).toBeLessThan(tol);
    }
  });
});
