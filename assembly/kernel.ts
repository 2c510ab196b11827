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

// ---------------------------------------------------------------------------------------------
// The pair scan's per-entry bookkeeping over one block of G = U V^T (float32 from sgemm or
// float64 from dgemm), one call per block: the negatives' sum, minimum and loss, the entries
// nominated for an exact recomputation (within eps2 of a running row or column maximum), the
// entries inside the trimmed-quantile window and the count below it. Rows are scanned in order,
// columns in order, so the nominations are those of the plain loop.

// softplus(z) = log1p(e^z) on [-700, -4.86] (e^z < 2^-7), lane for lane the operations of
// softplusFast (src/numeric/float/softplus-fast.ts), so the same bits: e^z = 2^(k/256) e^r with
// k = floor(256 z / ln 2 + 1/2), |r| <= ln(2)/512, a degree-5 Taylor polynomial and the table
// 2^(j/256); then log1p(x) = x - x^2/2 + ... - x^8/8.
const SP_MAX: f64 = -4.86;
const SP_MIN: f64 = -700.0;
const SP_SCALE: f64 = 256.0 * 1.4426950408889634;
const SP_LN2_HI: f64 = 6.9314718036912382e-1 / 256.0;
const SP_LN2_LO: f64 = 1.9082149292705877e-10 / 256.0;
/** 2^(j/256), j = 0 .. 255 (the values JS computes as 2 ** (j / 256)). */
const FRAC256: usize = memory.data<f64>([
  1, 1.0027112750502025, 1.0054299011128027, 1.0081558981184175, 1.0108892860517005, 1.0136300849514894, 1.016378314910953, 1.019133996077738, 1.0218971486541166, 1.0246677928971357, 1.0274459491187637, 1.030231637686041, 1.0330248790212284, 1.0358256936019572, 1.0386341019613787, 1.041450124688316, 1.0442737824274138, 1.0471050958792898, 1.0499440858006872, 1.0527907730046264, 1.0556451783605572, 1.0585073227945128, 1.061377227289262, 1.0642549128844645, 1.0671404006768237, 1.0700337118202419, 1.0729348675259756, 1.075843889062791, 1.0787607977571199, 1.0816856149932152, 1.0846183622133092, 1.0875590609177697, 1.0905077326652577, 1.0934643990728858, 1.0964290818163769, 1.099401802630222, 1.102382583307841, 1.1053714457017412, 1.1083684117236787, 1.1113735033448175, 1.1143867425958924, 1.1174081515673693, 1.1204377524096067, 1.1234755673330197, 1.1265216186082418, 1.129575928566288, 1.1326385195987192, 1.1357094141578055, 1.1387886347566916, 1.1418762039695616, 1.1449721444318042, 1.148076478840179, 1.1511892299529827, 1.1543104205902162, 1.1574400736337511, 1.1605782120274988, 1.1637248587775775, 1.1668800369524817, 1.1700437696832502, 1.1732160801636373, 1.1763969916502812, 1.179586527462876, 1.182784710984341, 1.1859915656609938, 1.189207115002721, 1.1924313825831512, 1.1956643920398273, 1.1989061670743806, 1.202156731452703, 1.2054161090051239, 1.2086843236265816, 1.2119613992768012, 1.215247359980469, 1.2185422298274085, 1.2218460329727576, 1.2251587936371453, 1.22848053610687, 1.2318112847340759, 1.2351510639369334, 1.2384998981998165, 1.241857812073484, 1.245224830175258, 1.2486009771892048, 1.2519862778663162, 1.255380757024691, 1.2587844395497165, 1.2621973503942507, 1.2656195145788063, 1.2690509571917332, 1.2724917033894028, 1.2759417783963922, 1.279401207505669, 1.2828700160787783, 1.2863482295460256, 1.2898358734066657, 1.2933329732290895, 1.2968395546510096, 1.3003556433796506, 1.303881265191936, 1.3074164459346773, 1.3109612115247644, 1.3145155879493546, 1.318079601266064, 1.3216532776031575, 1.3252366431597413, 1.3288297242059544, 1.3324325470831615, 1.3360451382041458, 1.339667524053303, 1.3432997311868353, 1.3469417862329458, 1.3505937158920345, 1.3542555469368927, 1.357927306212901, 1.3616090206382248, 1.3653007172040117, 1.3690024229745905, 1.3727141650876684, 1.3764359707545302, 1.380167867260238, 1.3839098819638318, 1.387662042298529, 1.3914243757719262, 1.3951969099662003, 1.398979672538311, 1.4027726912202048, 1.4065759938190154, 1.4103896082172707, 1.4142135623730951, 1.4180478843204152, 1.4218926021691656, 1.4257477441054944, 1.42961333839197, 1.4334894133677887, 1.4373759974489824, 1.4412731191286257, 1.4451808069770467, 1.449099089642035, 1.4530279958490526, 1.4569675544014438, 1.4609177941806468, 1.464878744146406, 1.468850433336982, 1.4728328908693675, 1.4768261459394993, 1.4808302278224716, 1.4848451658727524, 1.488870989524397, 1.4929077282912648, 1.4969554117672355, 1.5010140696264256, 1.5050837316234067, 1.5091644275934228, 1.51325618745261, 1.5173590411982147, 1.5214730189088146, 1.5255981507445382, 1.529734466947287, 1.5338819978409561, 1.538040773831657, 1.542210825407941, 1.5463921831410214, 1.550584877685, 1.5547889397770884, 1.559004400237837, 1.5632312899713576, 1.567469639965553, 1.5717194812923414, 1.5759808451078865, 1.5802537626528246, 1.5845382652524937, 1.588834384317164, 1.593142151342267, 1.597461597908627, 1.6017927556826934, 1.6061356564167708, 1.6104903319492543, 1.6148568142048607, 1.6192351351948637, 1.6236253270173289, 1.6280274218573478, 1.6324414519872752, 1.6368674497669644, 1.6413054476440063, 1.6457554781539647, 1.6502175739206177, 1.6546917676561943, 1.6591780921616162, 1.6636765803267364, 1.6681872651305825, 1.6727101796415966, 1.6772453570178785, 1.6817928305074292, 1.6863526334483934, 1.6909247992693053, 1.6955093614893326, 1.7001063537185235, 1.7047158096580513, 1.709337763100463, 1.713972247929926, 1.718619298122478, 1.723278947746274, 1.7279512309618377, 1.732636182022311, 1.7373338352737062, 1.7420442251551564, 1.7467673861991688, 1.7515033530318782, 1.7562521603732995, 1.761013843037584, 1.7657884359332727, 1.7705759740635547, 1.7753764925265212, 1.7801900265154245, 1.785016611318935, 1.789856282321401, 1.7947090750031072, 1.7995750249405351, 1.804454167806624, 1.809346539371032, 1.8142521755003989, 1.8191711121586085, 1.8241033854070534, 1.8290490314048973, 1.8340080864093424, 1.8389805867758937, 1.843966568958626, 1.8489660695104508, 1.8539791250833857, 1.8590057724288203, 1.864046048397789, 1.8690999899412386, 1.8741676341103, 1.8792490180565602, 1.8843441790323345, 1.8894531543909392, 1.8945759815869656, 1.8997126981765553, 1.9048633418176741, 1.9100279502703899, 1.9152065613971474, 1.9203992131630474, 1.925605943636125, 1.930826790987627, 1.9360617934922946, 1.9413109895286405, 1.9465744175792332, 1.9518521162309783, 1.9571441241754002, 1.9624504802089273, 1.9677712232331759, 1.9731063922552343, 1.978456026387951, 1.9838201648502194, 1.9891988469672663, 1.9945921121709402,
]);

// @ts-ignore: decorator
@inline
function softplusSmall(z: v128): v128 {
  const kf = f64x2.floor(f64x2.add(f64x2.mul(z, f64x2.splat(SP_SCALE)), f64x2.splat(0.5)));
  const r = f64x2.sub(f64x2.sub(z, f64x2.mul(kf, f64x2.splat(SP_LN2_HI))), f64x2.mul(kf, f64x2.splat(SP_LN2_LO)));
  const r2 = f64x2.mul(r, r);
  const em1 = f64x2.add(
    r,
    f64x2.mul(
      r2,
      f64x2.add(
        f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(r, f64x2.splat(1.0 / 6.0))),
        f64x2.mul(r2, f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)))),
      ),
    ),
  );
  const ki = i32x4.trunc_sat_f64x2_s_zero(kf);
  const f0 = load<f64>(FRAC256 + ((<usize>(i32x4.extract_lane(ki, 0) & 255)) << 3));
  const f1 = load<f64>(FRAC256 + ((<usize>(i32x4.extract_lane(ki, 1) & 255)) << 3));
  const f = f64x2.replace_lane(f64x2.splat(f0), 1, f1);
  // 2^(k >> 8): k >> 8 >= -1010 on this range, a normal power of two
  const scale = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.shr_s(ki, 8)), i64x2.splat(1023)), 52);
  const x = f64x2.mul(f64x2.add(f, f64x2.mul(f, em1)), scale);
  const x2 = f64x2.mul(x, x);
  const lm1 = f64x2.add(
    f64x2.sub(
      f64x2.mul(x2, f64x2.sub(f64x2.splat(1.0 / 3.0), f64x2.mul(x, f64x2.splat(1.0 / 4.0)))),
      f64x2.mul(x, f64x2.splat(1.0 / 2.0)),
    ),
    f64x2.mul(
      f64x2.mul(x2, x2),
      f64x2.add(
        f64x2.sub(f64x2.splat(1.0 / 5.0), f64x2.mul(x, f64x2.splat(1.0 / 6.0))),
        f64x2.mul(x2, f64x2.sub(f64x2.splat(1.0 / 7.0), f64x2.mul(x, f64x2.splat(1.0 / 8.0)))),
      ),
    ),
  );
  return f64x2.add(x, f64x2.mul(x, lm1));
}

/** softplus of one z by the block kernel's rule (exported for the accuracy test). */
export function softplusScan(z: f64): f64 {
  if (z <= SP_MAX && z >= SP_MIN) return f64x2.extract_lane(softplusSmall(f64x2.splat(z)), 0);
  return max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
}

// Scalar state of the current call (globals: the stub runtime allocates nothing).
let scSum: f64 = 0;
let scLoss: f64 = 0;
// The call's loss: each row's terms (two lanes and scLoss) added with Neumaier compensation.
let callLoss: f64 = 0;
let callLossComp: f64 = 0;
let scMin: f64 = Infinity;
let scBelow: i32 = 0;
let scCand: i32 = 0;
let scWin: i32 = 0;
let scRowApx: f64 = -Infinity;

// One entry by scalar code (the positive's neighbour in its pair, an odd tail, or a pair that
// nominates or enters the window).
// @ts-ignore: decorator
@inline
function scanEntry(
  g: f64,
  e: i32,
  colp: usize,
  cand: usize,
  win: usize,
  t: f64,
  b: f64,
  eps2: f64,
  wlo: f64,
  whi: f64,
  wantLoss: i32,
  wantTrim: i32,
  sums: i32,
): void {
  if (sums) {
    scSum += g;
    scMin = min(scMin, g);
    if (wantLoss) scLoss += softplusScan(t * g - b);
  }
  const ca = load<f64>(colp);
  const inRow = g >= scRowApx - eps2;
  const inCol = g >= ca - eps2;
  if (inRow || inCol) {
    store<i32>(cand + ((<usize>scCand) << 2), (e << 2) | (inRow ? 1 : 0) | (inCol ? 2 : 0));
    scCand++;
    if (g > scRowApx) scRowApx = g;
    if (g > ca) store<f64>(colp, g);
  }
  if (wantTrim) {
    if (g < wlo) scBelow++;
    else if (g < whi) {
      store<i32>(win + ((<usize>scWin) << 2), e);
      scWin++;
    }
  }
}

// @ts-ignore: decorator
@inline
function scanBlock<T>(
  blk: usize,
  bi: i32,
  bj: i32,
  r0: i32,
  posc: usize,
  rowApx: usize,
  colApx: usize,
  cand: usize,
  win: usize,
  cap: i32,
  t: f64,
  b: f64,
  eps2: f64,
  wlo: f64,
  whi: f64,
  wantLoss: i32,
  wantTrim: i32,
  stats: usize,
): i32 {
  const tv = f64x2.splat(t);
  const bv = f64x2.splat(b);
  const e2v = f64x2.splat(eps2);
  const lov = f64x2.splat(wlo);
  const hiv = f64x2.splat(whi);
  const spMax = f64x2.splat(SP_MAX);
  const spMin = f64x2.splat(SP_MIN);
  let sumv = f64x2.splat(0.0);
  let lossv = f64x2.splat(0.0);
  let minv = f64x2.splat(Infinity);
  let belowv = i64x2.splat(0);
  scSum = 0;
  scLoss = 0;
  callLoss = 0;
  callLossComp = 0;
  scMin = Infinity;
  scBelow = 0;
  scCand = 0;
  scWin = 0;
  const size: usize = sizeof<T>();
  let r = r0;
  // Stop at a row boundary while a whole row still fits in both lists.
  for (; r < bi && scCand <= cap - bj && scWin <= cap - bj; r++) {
    const row = blk + <usize>r * <usize>bj * size;
    const cpos = load<i32>(posc + ((<usize>r) << 2));
    scRowApx = load<f64>(rowApx + ((<usize>r) << 3));
    let rowThr = f64x2.splat(scRowApx - eps2);
    const e0 = r * bj;
    let c: i32 = 0;
    for (; c + 2 <= bj; c += 2) {
      const p = row + <usize>c * size;
      const colp = colApx + ((<usize>c) << 3);
      let x: v128;
      if (size == 4) x = f64x2.promote_low_f32x4(v128.load64_zero(p));
      else x = v128.load(p);
      if (c == cpos || c + 1 == cpos) {
        if (c != cpos) scanEntry(<f64>load<T>(p), e0 + c, colp, cand, win, t, b, eps2, wlo, whi, wantLoss, wantTrim, 1);
        if (c + 1 != cpos)
          scanEntry(<f64>load<T>(p + size), e0 + c + 1, colp + 8, cand, win, t, b, eps2, wlo, whi, wantLoss, wantTrim, 1);
        rowThr = f64x2.splat(scRowApx - eps2);
        continue;
      }
      sumv = f64x2.add(sumv, x);
      minv = f64x2.min(minv, x);
      if (wantLoss) {
        const z = f64x2.sub(f64x2.mul(tv, x), bv);
        if (i64x2.all_true(v128.and(f64x2.le(z, spMax), f64x2.ge(z, spMin)))) {
          lossv = f64x2.add(lossv, softplusSmall(z));
        } else {
          scLoss += softplusScan(f64x2.extract_lane(z, 0));
          scLoss += softplusScan(f64x2.extract_lane(z, 1));
        }
      }
      let hit = v128.or(f64x2.ge(x, rowThr), f64x2.ge(x, f64x2.sub(v128.load(colp), e2v)));
      if (wantTrim) {
        const below = f64x2.lt(x, lov);
        belowv = i64x2.sub(belowv, below);
        hit = v128.or(hit, v128.andnot(f64x2.lt(x, hiv), below));
      }
      if (v128.any_true(hit)) {
        // the sums are taken; the rest lane by lane, in order (the scalar side counts this
        // pair's entries below the window, so the vector count of the pair is undone)
        if (wantTrim) belowv = i64x2.add(belowv, f64x2.lt(x, lov));
        scanEntry(f64x2.extract_lane(x, 0), e0 + c, colp, cand, win, t, b, eps2, wlo, whi, 0, wantTrim, 0);
        scanEntry(f64x2.extract_lane(x, 1), e0 + c + 1, colp + 8, cand, win, t, b, eps2, wlo, whi, 0, wantTrim, 0);
        rowThr = f64x2.splat(scRowApx - eps2);
      }
    }
    if (c < bj && c != cpos) {
      const p = row + <usize>c * size;
      scanEntry(<f64>load<T>(p), e0 + c, colApx + ((<usize>c) << 3), cand, win, t, b, eps2, wlo, whi, wantLoss, wantTrim, 1);
    }
    store<f64>(rowApx + ((<usize>r) << 3), scRowApx);
    if (wantLoss) {
      const rl = f64x2.extract_lane(lossv, 0) + f64x2.extract_lane(lossv, 1) + scLoss;
      const s = callLoss + rl;
      const z = s - callLoss;
      callLossComp += callLoss - (s - z) + (rl - z);
      callLoss = s;
      lossv = f64x2.splat(0.0);
      scLoss = 0;
    }
  }
  store<f64>(stats, f64x2.extract_lane(sumv, 0) + f64x2.extract_lane(sumv, 1) + scSum);
  store<f64>(stats + 8, callLoss);
  store<f64>(stats + 40, callLossComp);
  store<f64>(stats + 16, min(min(f64x2.extract_lane(minv, 0), f64x2.extract_lane(minv, 1)), scMin));
  store<f64>(stats + 24, <f64>(i64x2.extract_lane(belowv, 0) + i64x2.extract_lane(belowv, 1) + <i64>scBelow));
  store<i32>(stats + 32, scCand);
  store<i32>(stats + 36, scWin);
  return r;
}

/**
 * Rows [r0, bi) of a float32 block (row stride bj) of the pair scan, until a row might overflow
 * the nomination or window lists (`cap` entries each, cap >= 2 bj); returns the next row. `posc`
 * holds each row's positive column in the block (or -1), `rowApx` the rows' running maxima and
 * `colApx` the block columns' (both updated). Writes to `stats`: sum, loss, minimum, count below
 * the window (f64), then the counts of nominations and window entries (i32), then the loss's
 * compensation (f64 at byte 40: rows are added with Neumaier's correction). A nomination is
 * `(r bj + c) << 2 | flags` (1 row, 2 column); a window entry is `r bj + c`.
 */
export function scanBlockF32(
  blk: usize, bi: i32, bj: i32, r0: i32, posc: usize, rowApx: usize, colApx: usize, cand: usize, win: usize,
  cap: i32, t: f64, b: f64, eps2: f64, wlo: f64, whi: f64, wantLoss: i32, wantTrim: i32, stats: usize,
): i32 {
  return scanBlock<f32>(blk, bi, bj, r0, posc, rowApx, colApx, cand, win, cap, t, b, eps2, wlo, whi, wantLoss, wantTrim, stats);
}

/** {@link scanBlockF32} over a float64 block. */
export function scanBlockF64(
  blk: usize, bi: i32, bj: i32, r0: i32, posc: usize, rowApx: usize, colApx: usize, cand: usize, win: usize,
  cap: i32, t: f64, b: f64, eps2: f64, wlo: f64, whi: f64, wantLoss: i32, wantTrim: i32, stats: usize,
): i32 {
  return scanBlock<f64>(blk, bi, bj, r0, posc, rowApx, colApx, cand, win, cap, t, b, eps2, wlo, whi, wantLoss, wantTrim, stats);
}
