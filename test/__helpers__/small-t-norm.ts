/**
 * The Riemannian gradient norm of per-anchor RB-Sig at b_rel = 0 as t -> 0, where every sigmoid is
 * 1/2 + O(t): with S_U = sum U_j, S_V = sum V_j,
 *   dL/dU_i = (t / 2N)(S_V - 2 V_i),  dL/dV_j = (t / 2N)(S_U - 2 U_j)   (projected on each row's tangent),
 *   dL/dlog t = (t / 2N)(sum_{i != j} G_ij - tr G),  dL/db_rel = t (2 - N) / 2.
 * Everything is linear in t, so it is formed at t = 1 and scaled: no square underflows here. Each
 * part enters only when it is trained (lockU, trainT, trainBias).
 */
export function smallTNorm(
  u: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
  t: number,
  parts: { u: boolean; v: boolean; t: boolean; b: boolean } = { u: true, v: true, t: true, b: true },
): number {
  const su = new Float64Array(d);
  const sv = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      su[k]! += u[i * d + k]!;
      sv[k]! += v[i * d + k]!;
    }
  }
  let s2 = 0;
  const tangent = (x: Float64Array, i: number, s: Float64Array, y: Float64Array): void => {
    const g = Array.from({ length: d }, (_, k) => s[k]! - 2 * y[i * d + k]!);
    const dot = g.reduce((a, gk, k) => a + gk * x[i * d + k]!, 0);
    for (let k = 0; k < d; k++) s2 += (g[k]! - dot * x[i * d + k]!) ** 2;
  };
  for (let i = 0; i < n; i++) {
    if (parts.u) tangent(u, i, sv, v);
    if (parts.v) tangent(v, i, su, u);
  }
  let total = 0;
  let trace = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u[i * d + k]! * v[j * d + k]!;
      total += g;
      if (i === j) trace += g;
    }
  }
  const scalarT = parts.t ? total - 2 * trace : 0;
  const scalarB = parts.b ? n * (2 - n) : 0;
  return (t / (2 * n)) * Math.sqrt(s2 + scalarT ** 2 + scalarB ** 2);
}
