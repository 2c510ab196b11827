// WebAssembly SIMD (f64x2) kernels of the solver. All matrices are row-major f64 with even row
// counts and even, 16-byte aligned row strides (the caller pads with zeros), so no tails exist.
// IEEE binary64 throughout: results differ from the JS kernel only by summation order and by
// AssemblyScript's own exp/log1p (musl ports, < 1 ulp).

/** First free byte after the static data: the caller lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

const JB: i32 = 64; // rows of B kept hot (JB x KB doubles = 128 KiB, in L2)
const KB: i32 = 256; // depth of one pass

/** C (m x n) = A (m x kd) B (n x kd)^T; m, n, kd, lda, ldb, ldc even; rows 16-byte aligned. */
export function abt(a: usize, b: usize, c: usize, m: i32, n: i32, kd: i32, lda: i32, ldb: i32, ldc: i32): void {
  const sa: usize = (<usize>lda) << 3;
  const sb: usize = (<usize>ldb) << 3;
  const sc: usize = (<usize>ldc) << 3;
  for (let jb: i32 = 0; jb < n; jb += JB) {
    const je = min(jb + JB, n);
    for (let kb: i32 = 0; kb < kd; kb += KB) {
      const klen: usize = (<usize>(min(kb + KB, kd) - kb)) << 3;
      const first = kb == 0;
      for (let i: i32 = 0; i < m; i += 2) {
        const a0 = a + <usize>i * sa + ((<usize>kb) << 3);
        const a1 = a0 + sa;
        const crow = c + <usize>i * sc;
        let j: i32 = jb;
        // 2 x 4 register block: 8 accumulators, 6 loads per 8 multiply-adds
        for (; j + 4 <= je; j += 4) {
          const b0 = b + <usize>j * sb + ((<usize>kb) << 3);
          const b1 = b0 + sb;
          const b2 = b1 + sb;
          const b3 = b2 + sb;
          let c00 = f64x2.splat(0.0);
          let c01 = f64x2.splat(0.0);
          let c02 = f64x2.splat(0.0);
          let c03 = f64x2.splat(0.0);
          let c10 = f64x2.splat(0.0);
          let c11 = f64x2.splat(0.0);
          let c12 = f64x2.splat(0.0);
          let c13 = f64x2.splat(0.0);
          for (let k: usize = 0; k < klen; k += 16) {
            const x0 = v128.load(a0 + k);
            const x1 = v128.load(a1 + k);
            const y0 = v128.load(b0 + k);
            const y1 = v128.load(b1 + k);
            const y2 = v128.load(b2 + k);
            const y3 = v128.load(b3 + k);
            c00 = f64x2.add(c00, f64x2.mul(x0, y0));
            c01 = f64x2.add(c01, f64x2.mul(x0, y1));
            c02 = f64x2.add(c02, f64x2.mul(x0, y2));
            c03 = f64x2.add(c03, f64x2.mul(x0, y3));
            c10 = f64x2.add(c10, f64x2.mul(x1, y0));
            c11 = f64x2.add(c11, f64x2.mul(x1, y1));
            c12 = f64x2.add(c12, f64x2.mul(x1, y2));
            c13 = f64x2.add(c13, f64x2.mul(x1, y3));
          }
          const p0 = crow + ((<usize>j) << 3);
          const p1 = p0 + sc;
          put(p0, f64x2.extract_lane(c00, 0) + f64x2.extract_lane(c00, 1), first);
          put(p0 + 8, f64x2.extract_lane(c01, 0) + f64x2.extract_lane(c01, 1), first);
          put(p0 + 16, f64x2.extract_lane(c02, 0) + f64x2.extract_lane(c02, 1), first);
          put(p0 + 24, f64x2.extract_lane(c03, 0) + f64x2.extract_lane(c03, 1), first);
          put(p1, f64x2.extract_lane(c10, 0) + f64x2.extract_lane(c10, 1), first);
          put(p1 + 8, f64x2.extract_lane(c11, 0) + f64x2.extract_lane(c11, 1), first);
          put(p1 + 16, f64x2.extract_lane(c12, 0) + f64x2.extract_lane(c12, 1), first);
          put(p1 + 24, f64x2.extract_lane(c13, 0) + f64x2.extract_lane(c13, 1), first);
        }
        for (; j < je; j += 2) {
          const b0 = b + <usize>j * sb + ((<usize>kb) << 3);
          const b1 = b0 + sb;
          let c00 = f64x2.splat(0.0);
          let c01 = f64x2.splat(0.0);
          let c10 = f64x2.splat(0.0);
          let c11 = f64x2.splat(0.0);
          for (let k: usize = 0; k < klen; k += 16) {
            const x0 = v128.load(a0 + k);
            const x1 = v128.load(a1 + k);
            const y0 = v128.load(b0 + k);
            const y1 = v128.load(b1 + k);
            c00 = f64x2.add(c00, f64x2.mul(x0, y0));
            c01 = f64x2.add(c01, f64x2.mul(x0, y1));
            c10 = f64x2.add(c10, f64x2.mul(x1, y0));
            c11 = f64x2.add(c11, f64x2.mul(x1, y1));
          }
          const p0 = crow + ((<usize>j) << 3);
          const p1 = p0 + sc;
          put(p0, f64x2.extract_lane(c00, 0) + f64x2.extract_lane(c00, 1), first);
          put(p0 + 8, f64x2.extract_lane(c01, 0) + f64x2.extract_lane(c01, 1), first);
          put(p1, f64x2.extract_lane(c10, 0) + f64x2.extract_lane(c10, 1), first);
          put(p1 + 8, f64x2.extract_lane(c11, 0) + f64x2.extract_lane(c11, 1), first);
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function put(p: usize, x: f64, first: bool): void {
  if (first) store<f64>(p, x);
  else store<f64>(p, load<f64>(p) + x);
}

/** dst (cols x rows, ldd) = src (rows x cols, lds)^T. */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32, lds: i32, ldd: i32): void {
  for (let i: i32 = 0; i < rows; i++) {
    for (let k: i32 = 0; k < cols; k++) {
      store<f64>(dst + ((<usize>k * ldd + i) << 3), load<f64>(src + ((<usize>i * lds + k) << 3)));
    }
  }
}

/**
 * In-place transpose of the n x n matrix at w (row stride n) in 32 x 32 tiles, restricted to the
 * tile rows [tb0, tb1) of the upper triangle: disjoint ranges touch disjoint entries, so two
 * threads can share the work.
 */
export function transposeTiles(w: usize, n: i32, tb0: i32, tb1: i32): void {
  const T: i32 = 32;
  for (let tb: i32 = tb0; tb < tb1; tb++) {
    const ib = tb * T;
    const ie = min(ib + T, n);
    for (let jb: i32 = ib; jb < n; jb += T) {
      const je = min(jb + T, n);
      for (let i: i32 = ib; i < ie; i++) {
        for (let j: i32 = jb == ib ? i + 1 : jb; j < je; j++) {
          const p = w + ((<usize>i * n + j) << 3);
          const q = w + ((<usize>j * n + i) << 3);
          const x = load<f64>(p);
          store<f64>(p, load<f64>(q));
          store<f64>(q, x);
        }
      }
    }
  }
}

// exp on f64x2 for arguments <= 0: Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, Taylor
// polynomial to r^13 (truncation < 1e-17 relative), scaling by 2^k in two factors so that k down
// to -1076 (results in the subnormal range, then 0) needs no special case. Max error ~2 ulps
// (tested against Math.exp).
const LOG2E: f64 = 1.4426950408889634;
const LN2HI: f64 = 6.93147180369123816490e-01; // trailing zero bits: k * LN2HI is exact
const LN2LO: f64 = 1.90821492927058770002e-10;

// @ts-ignore: decorator
@inline
function expNonPositive(x0: v128): v128 {
  const x = f64x2.max(x0, f64x2.splat(-745.5));
  const kf = f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2HI))), f64x2.mul(kf, f64x2.splat(LN2LO)));
  let p = f64x2.splat(1.6059043836821613e-10); // 1/13!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.505210838544172e-8)); // 1/11!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.755731922398589e-7)); // 1/10!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.7557319223985893e-6)); // 1/9!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(2.48015873015873e-5)); // 1/8!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.984126984126984e-4)); // 1/7!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.388888888888889e-3)); // 1/6!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(8.333333333333333e-3)); // 1/5!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(4.1666666666666664e-2)); // 1/4!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.6666666666666666e-1)); // 1/3!
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const k1 = i64x2.shr_s(k, 1);
  const k2 = i64x2.sub(k, k1);
  const bias = i64x2.splat(1023);
  const s1 = i64x2.shl(i64x2.add(k1, bias), 52);
  const s2 = i64x2.shl(i64x2.add(k2, bias), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

/** exp(x) for x <= 0 through the SIMD path (exported for the accuracy test). */
export function expSimd(x: f64): f64 {
  return f64x2.extract_lane(expNonPositive(f64x2.splat(x)), 0);
}

/** Doubles of per-row statistics written by {@link rowsForward}: loss, dt, sum s, min pos, max neg. */
const STATS: i32 = 5;

/**
 * Rows [r0, r1) (even) of one fused step, all row-local so two threads can split the rows:
 * G = U V^T into W; with `mode` 1 also the sigmoid weights W_ij = c t dL/dz_ij in place and, with
 * `wantGU`, gU = W Vt^T. Row statistics (unscaled sums) go to `stats` (STATS doubles per row) and
 * are summed in row order by the caller, so the result does not depend on how rows were split.
 * One exp per entry: e = exp(-|y|) (y = z off the diagonal, -z on it) gives sigmoid(y) = 1/(1+e)
 * or e/(1+e) and softplus(y) = max(y, 0) + log1p(e): nothing overflows, nothing is NaN.
 * Off-diagonal pairs go through f64x2 (SIMD exp and divide); the pair holding the diagonal and an
 * odd tail are scalar. The log1p is skipped unless `wantLoss` (the loss row sums are then 0).
 */
export function rowsForward(
  pU: usize,
  pV: usize,
  pW: usize,
  pVt: usize,
  pGU: usize,
  stats: usize,
  np: i32,
  ld: i32,
  n: i32,
  t: f64,
  b: f64,
  c: f64,
  mode: i32,
  wantLoss: i32,
  wantGU: i32,
  r0: i32,
  r1: i32,
): void {
  const rowW: usize = (<usize>np) << 3;
  const rowU: usize = (<usize>ld) << 3;
  abt(pU + <usize>r0 * rowU, pV, pW + <usize>r0 * rowW, r1 - r0, np, ld, ld, ld, np);
  if (mode == 0) return;
  const w = t * c;
  const tv = f64x2.splat(t);
  const bv = f64x2.splat(b);
  const wv = f64x2.splat(w);
  const one = f64x2.splat(1.0);
  const zero = f64x2.splat(0.0);
  const nEven = n & ~1;
  const rEnd = min(r1, n);
  for (let i: i32 = r0; i < rEnd; i++) {
    const row = pW + <usize>i * rowW;
    const dpair = i & ~1;
    let loss: f64 = 0;
    let dtv = zero;
    let sv = zero;
    let maxv = f64x2.splat(-Infinity);
    accDt = 0;
    accS = 0;
    accMinPos = Infinity;
    accMaxNeg = -Infinity;
    for (let j: i32 = 0; j < nEven; j += 2) {
      const p = row + ((<usize>j) << 3);
      if (j == dpair) {
        loss += entry(p, i, j, t, b, w, wantLoss);
        loss += entry(p + 8, i, j + 1, t, b, w, wantLoss);
        continue;
      }
      const x = v128.load(p);
      maxv = f64x2.max(maxv, x);
      const z = f64x2.sub(f64x2.mul(tv, x), bv);
      const e = expNonPositive(f64x2.neg(f64x2.abs(z)));
      const s = f64x2.div(v128.bitselect(one, e, f64x2.ge(z, zero)), f64x2.add(one, e));
      dtv = f64x2.add(dtv, f64x2.mul(s, x));
      sv = f64x2.add(sv, s);
      v128.store(p, f64x2.mul(s, wv));
      if (wantLoss) {
        const z0 = f64x2.extract_lane(z, 0);
        const z1 = f64x2.extract_lane(z, 1);
        loss += max(z0, 0.0) + Math.log1p(f64x2.extract_lane(e, 0));
        loss += max(z1, 0.0) + Math.log1p(f64x2.extract_lane(e, 1));
      }
    }
    if (n > nEven) loss += entry(row + ((<usize>nEven) << 3), i, nEven, t, b, w, wantLoss);
    const st = stats + ((<usize>i * STATS) << 3);
    store<f64>(st, loss);
    store<f64>(st + 8, f64x2.extract_lane(dtv, 0) + f64x2.extract_lane(dtv, 1) + accDt);
    store<f64>(st + 16, f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1) + accS);
    store<f64>(st + 24, accMinPos);
    store<f64>(st + 32, max(max(f64x2.extract_lane(maxv, 0), f64x2.extract_lane(maxv, 1)), accMaxNeg));
  }
  if (wantGU) abt(pW + <usize>r0 * rowW, pVt, pGU + <usize>r0 * rowU, r1 - r0, ld, np, np, np, ld);
}

/** Rows [r0, r1) of gU = W Vt^T (used after weights computed elsewhere, e.g. InfoNCE in JS). */
export function rowsGU(pW: usize, pVt: usize, pGU: usize, np: i32, ld: i32, r0: i32, r1: i32): void {
  abt(pW + ((<usize>r0 * np) << 3), pVt, pGU + ((<usize>r0 * ld) << 3), r1 - r0, ld, np, np, np, ld);
}

/** Rows [r0, r1) of gV = W^T Ut^T, W already transposed in place (rows of W^T). */
export function rowsGV(pW: usize, pUt: usize, pGV: usize, np: i32, ld: i32, r0: i32, r1: i32): void {
  abt(pW + ((<usize>r0 * np) << 3), pUt, pGV + ((<usize>r0 * ld) << 3), r1 - r0, ld, np, np, np, ld);
}

// Scalar accumulators of the current row (diagonal pair and odd tail). Plain globals: the stub
// runtime must allocate nothing, since the caller lays its buffers out from __heap_base.
let accDt: f64 = 0;
let accS: f64 = 0;
let accMinPos: f64 = Infinity;
let accMaxNeg: f64 = -Infinity;

// One entry by scalar code (Math.exp, musl): returns its loss term (0 unless wantLoss), writes its
// weight, accumulates dt, the signed sum of s and the extremes of the row.
// @ts-ignore: decorator
@inline
function entry(p: usize, i: i32, j: i32, t: f64, b: f64, w: f64, wantLoss: i32): f64 {
  const x = load<f64>(p);
  const diag = i == j;
  if (diag) accMinPos = min(accMinPos, x);
  else accMaxNeg = max(accMaxNeg, x);
  const z = t * x - b;
  const y = diag ? -z : z;
  const e = Math.exp(-Math.abs(y));
  let s = (y >= 0 ? 1.0 : e) / (1.0 + e);
  if (diag) s = -s;
  accDt += s * x;
  accS += s;
  store<f64>(p, s * w);
  return wantLoss ? max(y, 0.0) + Math.log1p(e) : 0.0;
}
