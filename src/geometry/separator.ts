import { UsageError } from '../errors.js';
import { float32Twin, loadBlas } from '../numeric/blas.js';
import { selectRanks } from './quantile.js';
import type { Matrix } from '../numeric/float/vectors.js';

/** The modality-gap separator found by {@link separator}. */
export interface Separator {
  /** Whether <h, U_i> > 0 for every i. */
  readonly found: boolean;
  /** Fraction of the V_j with <h, V_j> < 0. */
  readonly fractionSeparated: number;
  /** Number of the V_j with <h, V_j> < 0. */
  readonly separatedCount: number;
  /**
   * min over the U_i of <h, U_i> and over the separated V_j of -<h, V_j>: positive when `found`.
   */
  readonly margin: number;
  /**
   * Upper bound (up to rounding) on the margin of every unit h that keeps all U_i positive and the
   * separated V_j negative: the norm of a point of the hull of those U_i and -V_j (the attempt's
   * point, or the last Gilbert point whose points are all among them), since
   * min_p <h, p> <= <h, x> <= |x|. The search's
   * margin is within `relativeGap` of it when its stop rule ended it, further when the iteration
   * cap did.
   */
  readonly marginUpper: number;
  /** The unit direction h (length d). */
  readonly h: Float64Array;
}

/** Limits of the separator search. */
export interface SeparatorOptions {
  /**
   * Iterations of Gilbert's algorithm per round.
   * @defaultValue 200
   */
  readonly maxIterations?: number;
  /**
   * Stop a round when the duality gap ||x||^2 - min_p <x, p> is at most this fraction of ||x||^2
   * (the reported margin is then within this fraction of the round's best possible).
   * @defaultValue 1e-2
   */
  readonly relativeGap?: number;
  /**
   * Rounds of growing the set of separated V's.
   * @defaultValue 20
   */
  readonly maxRounds?: number;
  /**
   * First try the maximum-margin separator of all U_i from all V_j (pairwise Frank-Wolfe, see
   * {@link separatorWith}); the rounds run only when its h does not separate everything.
   * @defaultValue false
   */
  readonly allFirst?: boolean;
  /**
   * Iterations of that first attempt (its stop rule, `relativeGap`, usually ends it sooner).
   * @defaultValue 1000
   */
  readonly allIterations?: number;
  /**
   * The first attempt is given up when some point is still on the wrong side of its x after
   * this many iterations (U and V then overlap, or barely separate: the rounds take over).
   * @defaultValue 50
   */
  readonly allPatience?: number;
}

/** The options analyze uses (the helper thread, the merge and the plain run alike). */
export const ANALYZE_SEPARATOR: SeparatorOptions = { allFirst: true };

/** The options with their defaults filled in, each checked (UsageError on a bad one). */
export function withDefaults(o: SeparatorOptions): Required<SeparatorOptions> {
  const r = {
    maxIterations: o.maxIterations ?? 200,
    relativeGap: o.relativeGap ?? 1e-2,
    maxRounds: o.maxRounds ?? 20,
    allFirst: o.allFirst ?? false,
    allIterations: o.allIterations ?? 1000,
    allPatience: o.allPatience ?? 50,
  };
  if (!(Number.isInteger(r.maxIterations) && r.maxIterations >= 1)) {
    throw new UsageError(
      `separator: maxIterations must be a positive integer, got ${String(o.maxIterations)}`,
    );
  }
  if (!(r.relativeGap > 0 && r.relativeGap < 1)) {
    throw new UsageError(`separator: relativeGap must be in (0, 1), got ${String(o.relativeGap)}`);
  }
  if (!(Number.isInteger(r.maxRounds) && r.maxRounds >= 1)) {
    throw new UsageError(`separator: maxRounds must be a positive integer, got ${String(o.maxRounds)}`);
  }
  for (const key of ['allIterations', 'allPatience'] as const) {
    if (!(Number.isInteger(r[key]) && r[key] >= 1)) {
      throw new UsageError(`separator: ${key} must be a positive integer, got ${String(o[key])}`);
    }
  }
  return r;
}

/** Sizes that steer the separator's work (never its result beyond rounding); tests make them small. */
export interface SeparatorLimits {
  /** Bytes of cached vertex rows <p, q> the separator may hold (then it computes rows afresh). */
  readonly rowCacheBytes: number;
  /** With OpenBLAS, a missing row brings the rows of this many next-best vertices in one GEMM. */
  readonly rowBatch: number;
  /** Points x dimension from which the separator uses OpenBLAS for vertex rows. */
  readonly blasMinWork: number;
}

/** The limits {@link separator} uses. */
export const SEPARATOR_LIMITS: SeparatorLimits = {
  rowCacheBytes: 2 ** 28,
  rowBatch: 32,
  blasMinWork: 2 ** 22,
};

/** Exact float32 copies of U and V (both or neither) for sgemm rows. */
interface Twins {
  readonly u32: Float32Array | null;
  readonly v32: Float32Array | null;
}

/**
 * The row of a vertex p of the hull: <p, U_i> for every i and <p, V_j> for every j (null until a
 * round has -V points). Float32 when it came from sgemm.
 */
interface VertexRow {
  readonly u: Float32Array | Float64Array;
  readonly v: Float32Array | Float64Array | null;
}

/** Vertex rows kept across the rounds (keyed U_i as i, -V_j as n + j), and the sgemm inputs. */
export interface RowCache {
  readonly cache: Map<number, VertexRow>;
  readonly twins: () => Twins;
}

/**
 * Rows of the vertices `ids` (U_i as i, -V_j as n + j), by one GEMM against U and, when `withV`,
 * one against V: the vertices Gilbert visits next are mostly among the current smallest <x, p>, so
 * one product of many rows is far cheaper than the rows one at a time. sgemm when U and V hold
 * float32 values (the rows only steer the search: its result is evaluated from h directly), else
 * dgemm.
 */
function blasRows(u: Matrix, v: Matrix, twins: Twins, ids: number[], withV: boolean): VertexRow[] {
  const status = loadBlas();
  if (!status.ok) throw new Error('blasRows: no BLAS');
  const d = u.cols;
  const n = u.rows;
  const k = v.rows;
  const m = ids.length;
  const { u32, v32 } = twins;
  const single = u32 !== null && v32 !== null;
  const p = single ? new Float32Array(m * d) : new Float64Array(m * d);
  ids.forEach((id, b) => {
    if (id < n) p.set(u.data.subarray(id * d, id * d + d), b * d);
    else {
      const o = (id - n) * d;
      for (let q = 0; q < d; q++) p[b * d + q] = -v.data[o + q]!;
    }
  });
  const ru = single ? new Float32Array(m * n) : new Float64Array(m * n);
  const rv = single ? new Float32Array(withV ? m * k : 0) : new Float64Array(withV ? m * k : 0);
  if (single) {
    status.blas.sgemmAbt(p as Float32Array, 0, u32, 0, ru as Float32Array, m, n, d, d, d);
    if (withV) status.blas.sgemmAbt(p as Float32Array, 0, v32, 0, rv as Float32Array, m, k, d, d, d);
  } else {
    status.blas.dgemmAbt(p as Float64Array, 0, u.data, 0, ru as Float64Array, m, n, d, d, d);
    if (withV) status.blas.dgemmAbt(p as Float64Array, 0, v.data, 0, rv as Float64Array, m, k, d, d, d);
  }
  return ids.map((_, b) => ({
    u: ru.subarray(b * n, b * n + n),
    v: withV ? rv.subarray(b * k, b * k + k) : null,
  }));
}

/**
 * out[at + q] = sign <w, row rows[q] of m> (all rows when `rows` is null), each a left-to-right
 * float64 sum; four rows share each load of w (about 3x the plain loop).
 */
function dotsInto(
  w: Float64Array,
  m: Matrix,
  rows: Int32Array | null,
  out: Float64Array,
  at: number,
  sign: number,
): void {
  const d = m.cols;
  const a = m.data;
  const count = rows === null ? m.rows : rows.length;
  let q = 0;
  for (; q + 4 <= count; q += 4) {
    const o0 = (rows === null ? q : rows[q]!) * d;
    const o1 = (rows === null ? q + 1 : rows[q + 1]!) * d;
    const o2 = (rows === null ? q + 2 : rows[q + 2]!) * d;
    const o3 = (rows === null ? q + 3 : rows[q + 3]!) * d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < d; k++) {
      const x = w[k]!;
      s0 += x * a[o0 + k]!;
      s1 += x * a[o1 + k]!;
      s2 += x * a[o2 + k]!;
      s3 += x * a[o3 + k]!;
    }
    out[at + q] = sign * s0;
    out[at + q + 1] = sign * s1;
    out[at + q + 2] = sign * s2;
    out[at + q + 3] = sign * s3;
  }
  for (; q < count; q++) {
    const o = (rows === null ? q : rows[q]!) * d;
    let s = 0;
    for (let k = 0; k < d; k++) s += w[k]! * a[o + k]!;
    out[at + q] = sign * s;
  }
}

/**
 * The points q < total with open(q) whose val(q) are the `want` smallest (ties by index), in
 * index order: the vertices Gilbert's steps visit next are mostly among them.
 */
function smallestOpen(
  total: number,
  want: number,
  open: (q: number) => boolean,
  val: (q: number) => number,
): number[] {
  const vals: number[] = [];
  for (let q = 0; q < total; q++) if (open(q)) vals.push(val(q));
  const take = Math.min(want, vals.length);
  const out: number[] = [];
  if (take <= 0) return out;
  const sorted = Float64Array.from(vals);
  selectRanks(sorted, [take - 1]);
  const tau = sorted[take - 1]!;
  let ties = take;
  for (const x of vals) if (x < tau) ties--;
  for (let q = 0; q < total && out.length < take; q++) {
    if (!open(q)) continue;
    const x = val(q);
    if (x < tau || (x === tau && ties-- > 0)) out.push(q);
  }
  return out;
}

/** The row of the vertex p by float64 dots (without OpenBLAS or below its work threshold). */
function directRow(u: Matrix, v: Matrix, p: Float64Array, withV: boolean): VertexRow {
  const fu = new Float64Array(u.rows);
  const fv = withV ? new Float64Array(v.rows) : null;
  dotsInto(p, u, null, fu, 0, 1);
  if (fv !== null) dotsInto(p, v, null, fv, 0, 1);
  return { u: fu, v: fv };
}

/** out = the vertex `id`: U_id for id < n, else -V_(id - n). */
function vertexInto(u: Matrix, v: Matrix, id: number, out: Float64Array): void {
  const d = u.cols;
  const n = u.rows;
  const src = id < n ? u.data : v.data;
  const o = (id < n ? id : id - n) * d;
  const sign = id < n ? 1 : -1;
  for (let k = 0; k < d; k++) out[k] = sign * src[o + k]!;
}

/**
 * The minimum-norm point of the hull of every U_i and every -V_j by pairwise Frank-Wolfe
 * (Lacoste-Julien and Jaggi 2015), started at the vertex U_first: x = sum lambda_p p over an
 * active set; each step moves weight from the active vertex with the largest <x, p> to the vertex
 * with the smallest, by exact line search. Unlike Gilbert's plain steps, this drops the weight of
 * a vertex that no longer belongs (linear convergence on a polytope), so the rows it needs are
 * few. Returns x and its weights (vertex ids as in {@link RowCache}), or null when some point is
 * still on the wrong side of x after `allPatience` iterations (or x reaches the origin): U and V
 * then overlap or barely separate.
 */
export function minNormPointAll(
  u: Matrix,
  v: Matrix,
  first: number,
  opt: Required<SeparatorOptions>,
  rows: RowCache,
  limits: SeparatorLimits,
): { readonly x: Float64Array; readonly weights: ReadonlyMap<number, number> } | null {
  const d = u.cols;
  const n = u.rows;
  const k = v.rows;
  const total = n + k;
  const x = new Float64Array(d);
  vertexInto(u, v, first, x);
  const lam = new Map<number, number>([[first, 1]]);
  // s[q] = <x, point q> (U_q for q < n, -V_(q - n) after): the point q is the vertex q.
  const s = new Float64Array(total);
  dotsInto(x, u, null, s, 0, 1);
  dotsInto(x, v, null, s, n, -1);
  const { cache, twins } = rows;
  const maxRows = Math.max(1, Math.floor(limits.rowCacheBytes / (8 * total)));
  const batch = total * d >= limits.blasMinWork && loadBlas().ok && maxRows >= 2 * limits.rowBatch;
  const store = (id: number, r: VertexRow): void => {
    if (cache.size >= maxRows && !cache.has(id)) {
      // make room by the oldest row of a vertex outside the active set
      for (const old of cache.keys()) {
        if (!lam.has(old)) {
          cache.delete(old);
          break;
        }
      }
    }
    // a row of its own: a kept view would keep its whole batch alive after the others are evicted
    if (cache.size < maxRows || cache.has(id)) cache.set(id, { u: r.u.slice(), v: r.v?.slice() ?? null });
  };
  const p = new Float64Array(d);
  const rowOf = (id: number): VertexRow => {
    const have = cache.get(id);
    if (have !== undefined && have.v !== null) return have;
    if (batch) {
      // this vertex, the active ones without a row, then the smallest <x, p> without one
      const ids = [id];
      for (const a of lam.keys()) {
        if (ids.length >= limits.rowBatch) break;
        if (a !== id && !(cache.get(a)?.v ?? null)) ids.push(a);
      }
      const taken = new Set(ids);
      const open = (q: number): boolean => !taken.has(q) && !(cache.get(q)?.v ?? null);
      ids.push(...smallestOpen(total, limits.rowBatch - ids.length, open, (q) => s[q]!));
      const got = blasRows(u, v, twins(), ids, true);
      ids.forEach((q, b) => {
        store(q, got[b]!);
      });
      return got[0]!;
    }
    vertexInto(u, v, id, p);
    const row = directRow(u, v, p, true);
    store(id, row);
    return row;
  };
  const ps = new Float64Array(d);
  const pa = new Float64Array(d);
  for (let it = 0; it < opt.allIterations; it++) {
    // towards the point minimising <x, p> (first minimum), away from the active vertex
    // maximising it (the first in the active set's order)
    let best = Number.POSITIVE_INFINITY;
    let to = -1;
    for (let q = 0; q < total; q++) {
      if (s[q]! < best) {
        best = s[q]!;
        to = q;
      }
    }
    let xx = 0;
    for (let c = 0; c < d; c++) xx += x[c]! * x[c]!;
    if (xx < 1e-300) return null;
    if (best > 0 && xx - best <= opt.relativeGap * xx) break;
    if (!(best > 0) && it >= opt.allPatience) return null;
    let from = -1;
    let worst = Number.NEGATIVE_INFINITY;
    for (const a of lam.keys()) {
      if (s[a]! > worst) {
        worst = s[a]!;
        from = a;
      }
    }
    vertexInto(u, v, to, ps);
    vertexInto(u, v, from, pa);
    let dd = 0;
    for (let c = 0; c < d; c++) dd += (ps[c]! - pa[c]!) ** 2;
    const weight = lam.get(from)!;
    // no step when no active vertex is above the smallest (then x is the minimum-norm point of
    // the hull and the stop rule has ended the loop, up to the rounding of the rows)
    const gamma = Math.min(weight, (worst - best) / dd);
    if (!(gamma > 0)) break;
    const rt = rowOf(to);
    const rf = rowOf(from);
    for (let i = 0; i < n; i++) s[i] = s[i]! + gamma * (rt.u[i]! - rf.u[i]!);
    // <p, -V_j> = -(row of p against V)_j
    const tv = rt.v!;
    const fv = rf.v!;
    for (let j = 0; j < k; j++) s[n + j] = s[n + j]! - gamma * (tv[j]! - fv[j]!);
    for (let c = 0; c < d; c++) x[c] = x[c]! + gamma * (ps[c]! - pa[c]!);
    lam.set(to, (lam.get(to) ?? 0) + gamma);
    if (gamma === weight) lam.delete(from);
    else lam.set(from, weight - gamma);
  }
  return { x, weights: lam };
}

/**
 * Gilbert's algorithm for the minimum-norm point x of the convex hull of the points U_i (all i)
 * and -V_j (j in `negs`), started at `start`. Its direction maximises min_p <h, p> over unit h,
 * i.e. the margin of a half-space through 0 holding all points, when that margin is positive.
 *
 * @remarks The step x <- x + lambda (p - x) updates every <x, q> as (1 - lambda) <x, q> +
 * lambda <p, q>, so an iteration costs O(N + K) once the chosen vertex's row <p, .> is known;
 * Gilbert revisits few vertices, whose rows are cached (each new vertex costs one O((N + K) d)
 * row). The dots are recomputed directly at the start of every call.
 */
function minNormPoint(
  u: Matrix,
  v: Matrix,
  negs: Int32Array,
  start: Float64Array,
  opt: Required<SeparatorOptions>,
  rows: RowCache,
  limits: SeparatorLimits,
): Float64Array {
  const d = u.cols;
  const n = u.rows;
  const x = Float64Array.from(start);
  const p = new Float64Array(d);
  // su[i] = <x, U_i>, sv[q] = <x, -V_negs[q]>.
  const su = new Float64Array(n);
  const sv = new Float64Array(negs.length);
  dotsInto(x, u, null, su, 0, 1);
  dotsInto(x, v, negs, sv, 0, -1);
  const withV = negs.length > 0;
  const { cache, twins } = rows;
  const maxRows = Math.max(1, Math.floor(limits.rowCacheBytes / (8 * (n + v.rows))));
  const batch =
    (n + negs.length) * d >= limits.blasMinWork && loadBlas().ok && maxRows >= 2 * limits.rowBatch;
  // Point q of this round (U_q for q < n, -V_negs[q - n] after) as a vertex identity.
  const idOf = (q: number): number => (q < n ? q : n + negs[q - n]!);
  const usable = (r: VertexRow | undefined): r is VertexRow => r !== undefined && (!withV || r.v !== null);
  for (let it = 0; it < opt.maxIterations; it++) {
    // The point minimising <x, p>: U rows first, then the -V's, first minimum wins.
    let best = Number.POSITIVE_INFINITY;
    let key = -1;
    for (let i = 0; i < n; i++) {
      if (su[i]! < best) {
        best = su[i]!;
        key = i;
      }
    }
    for (let q = 0; q < negs.length; q++) {
      if (sv[q]! < best) {
        best = sv[q]!;
        key = n + q;
      }
    }
    const sign = key < n ? 1 : -1;
    const src = key < n ? u.data : v.data;
    const o = (key < n ? key : negs[key - n]!) * d;
    let xx = 0;
    let dd = 0;
    let xd = 0;
    for (let k = 0; k < d; k++) {
      p[k] = sign * src[o + k]!;
      const diff = x[k]! - p[k]!;
      xx += x[k]! * x[k]!;
      dd += diff * diff;
      xd += x[k]! * diff;
    }
    if (xx < 1e-300) break;
    if (best > 0 && xx - best <= opt.relativeGap * xx) break;
    if (dd === 0) break;
    const lambda = Math.min(1, Math.max(0, xd / dd));
    if (lambda === 0) break;
    const id = idOf(key);
    let row = cache.get(id);
    if (!usable(row) && batch) {
      // This vertex and the next-best others without a usable row, by current <x, p> (ties by
      // point index): the rowBatch - 1 smallest by a selection, then taken in index order.
      const val = (q: number): number => (q < n ? su[q]! : sv[q - n]!);
      const open = (q: number): boolean => q !== key && !usable(cache.get(idOf(q)));
      const ids = [id, ...smallestOpen(n + negs.length, limits.rowBatch - 1, open, val).map(idOf)];
      const got = blasRows(u, v, twins(), ids, withV);
      ids.forEach((q, b) => {
        if (cache.size < maxRows || cache.has(q)) cache.set(q, got[b]!);
      });
      row = got[0]!;
    }
    if (!usable(row)) {
      row = directRow(u, v, p, withV);
      if (cache.size < maxRows || cache.has(id)) cache.set(id, row);
    }
    const ru = row.u;
    const rv = row.v;
    const keep = 1 - lambda;
    for (let i = 0; i < n; i++) su[i] = keep * su[i]! + lambda * ru[i]!;
    // Point q is -V_negs[q]: <p, -V> = -<p, V>.
    if (rv !== null) for (let q = 0; q < negs.length; q++) sv[q] = keep * sv[q]! - lambda * rv[negs[q]!]!;
    for (let k = 0; k < d; k++) x[k] = x[k]! + lambda * (p[k]! - x[k]!);
  }
  return x;
}

/**
 * A modality-gap separator: a unit h with <h, U_i> > 0 for all i and <h, V_j> < 0 for as many j as
 * the method finds (BBNP25 Thm 3.6 guarantees all U positive and at least N - d of the V negative
 * when N >= d + 2 and G_ii > 0 > G_ij).
 *
 * @remarks Deterministic. Round 0 runs Gilbert's minimum-norm-point algorithm on the U's alone,
 * started at mean U: its direction maximises min_i <h, U_i> (to the relative gap), so
 * `found` is exact up to the iteration cap. Each next round adds the V's that h already makes
 * negative (as points -V_j) and reruns Gilbert from the current x: the new h keeps every point of
 * the round on the positive side with the largest common margin, so the separated set never
 * shrinks; rounds stop when it stops growing. If every V gets separated, the last round is the
 * maximum-margin separator of U from V. Cost per Gilbert step: O((N + K) d). With `allFirst` that
 * last problem is tried first, from one vertex by {@link minNormPointAll}: when its h separates
 * every V it is the answer (the rounds would end at the same problem); else the rounds run, on the
 * vertex rows it leaves in the cache.
 * @example separator(fromRows([[0.6, 0.8], [-0.6, 0.8]]), fromRows([[0.6, -0.8], [-0.6, -0.8]])).h.join() === '0,1' // U_i = (x_i, a), V_i = (x_i, -a): h = e_last
 */
export function separator(u: Matrix, v: Matrix, options: SeparatorOptions = {}): Separator {
  return separatorWith(u, v, options, null);
}

/**
 * {@link separator} with the float32 copies for sgemm given (a helper thread holding only those:
 * `u.data`, `v.data` may then be the copies themselves, which hold the same values), or made at
 * the first batch when null. `limits` only change the work (tests force the OpenBLAS batches on
 * small inputs).
 */
export function separatorWith(
  u: Matrix,
  v: Matrix,
  options: SeparatorOptions,
  given: { readonly u32: Float32Array; readonly v32: Float32Array } | null,
  limits: SeparatorLimits = SEPARATOR_LIMITS,
): Separator {
  if (u.cols !== v.cols) throw new UsageError(`separator: U has dimension ${u.cols} but V has ${v.cols}`);
  if (u.rows < 1 || v.rows < 1) throw new UsageError('separator: U and V need at least one row each');
  const opt = withDefaults(options);
  const d = u.cols;
  // Round 0 starts at mean U, a point of the hull of the U's (Gilbert needs a hull point).
  const start = new Float64Array(d);
  for (let i = 0; i < u.rows; i++) for (let k = 0; k < d; k++) start[k]! += u.data[i * d + k]! / u.rows;
  // Vertex rows, kept across rounds; the float32 copies for sgemm are made at the first batch.
  let made: Twins | null = given;
  const rows: RowCache = {
    cache: new Map(),
    twins: () => {
      if (made === null) {
        const u32 = float32Twin(u.data);
        const v32 = u32 === null ? null : float32Twin(v.data);
        made = u32 !== null && v32 !== null ? { u32, v32 } : { u32: null, v32: null };
      }
      return made;
    },
  };
  if (opt.allFirst) {
    // from the U_i closest in direction to mean U (the first of them)
    const su = new Float64Array(u.rows);
    dotsInto(start, u, null, su, 0, 1);
    let first = 0;
    for (let i = 1; i < u.rows; i++) if (su[i]! > su[first]!) first = i;
    // Its rows only steer it (x moves along exact vertex differences): for float64 values they
    // come from sgemm on rounded copies, half dgemm's cost; the rounds get only exact rows.
    const rounded: { twins: Twins | null } = { twins: null };
    const steer: RowCache = {
      cache: new Map(),
      twins: () => {
        const t = rows.twins();
        if (t.u32 !== null) return t;
        rounded.twins ??= { u32: Float32Array.from(u.data), v32: Float32Array.from(v.data) };
        return rounded.twins;
      },
    };
    const all = minNormPointAll(u, v, first, opt, steer, limits)?.x ?? null;
    if (rounded.twins === null) for (const [id, row] of steer.cache) rows.cache.set(id, row);
    const r = all === null ? null : evaluate(u, v, all);
    if (all !== null && r?.found && r.separatedCount === v.rows) {
      // x is in the hull of every U_i and -V_j: its norm bounds the margin of any h
      return {
        found: true,
        fractionSeparated: 1,
        separatedCount: r.separatedCount,
        margin: r.margin,
        marginUpper: norm(all),
        h: r.h,
      };
    }
  }
  let x = minNormPoint(u, v, new Int32Array(0), start, opt, rows, limits);
  let result = evaluate(u, v, x);
  // round 0's point is in the hull of the U's alone: a bound for any set of separated V's
  let upper = norm(x);
  for (let round = 1; round < opt.maxRounds && result.found; round++) {
    const x2 = minNormPoint(u, v, result.negs, x, opt, rows, limits);
    const next = evaluate(u, v, x2);
    // In exact arithmetic the new h keeps every point of the round positive; guard rounding anyway.
    if (!next.found || next.separatedCount < result.separatedCount) break;
    const grew = next.separatedCount > result.separatedCount;
    // x2 bounds the reported set when the round's V's are all still separated
    if (contains(next.negs, result.negs)) upper = Math.min(upper, norm(x2));
    x = x2;
    result = next;
    if (!grew) break;
  }
  return {
    found: result.found,
    fractionSeparated: result.separatedCount / v.rows,
    separatedCount: result.separatedCount,
    margin: result.margin,
    marginUpper: upper,
    h: result.h,
  };
}

function norm(x: Float64Array): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k]! * x[k]!;
  return Math.sqrt(s);
}

/** Whether every index of the sorted `sub` is in the sorted `all`. */
export function contains(all: Int32Array, sub: Int32Array): boolean {
  let j = 0;
  for (let i = 0; i < sub.length; i++) {
    while (j < all.length && all[j]! < sub[i]!) j++;
    if (j === all.length || all[j] !== sub[i]) return false;
  }
  return true;
}

function evaluate(u: Matrix, v: Matrix, x: Float64Array) {
  const d = u.cols;
  let nx = 0;
  for (let k = 0; k < d; k++) nx += x[k]! * x[k]!;
  nx = Math.sqrt(nx);
  const h = new Float64Array(d);
  if (nx > 0) for (let k = 0; k < d; k++) h[k] = x[k]! / nx;
  // The same left-to-right sums as one dot at a time, four rows interleaved.
  const su = new Float64Array(u.rows);
  const sv = new Float64Array(v.rows);
  dotsInto(h, u, null, su, 0, 1);
  dotsInto(h, v, null, sv, 0, 1);
  let uMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < u.rows; i++) if (su[i]! < uMin) uMin = su[i]!;
  const negList: number[] = [];
  let vMin = Number.POSITIVE_INFINITY;
  for (let j = 0; j < v.rows; j++) {
    const s = sv[j]!;
    if (s < 0) {
      negList.push(j);
      if (-s < vMin) vMin = -s;
    }
  }
  return {
    h,
    found: uMin > 0,
    separatedCount: negList.length,
    negs: Int32Array.from(negList),
    margin: Math.min(uMin, vMin),
  };
}
