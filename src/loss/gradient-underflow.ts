/**
 * Gradient entries of the sigmoid loss that underflow float64 (huge t, or t near 5e-324), in log
 * form. Each entry is F * sum_k sign_k sigma(w_k) c_k with w = -(t G_ii - b) on the diagonal
 * (sign -) and w = t G_ij - b off it (sign +), so it is evaluated as
 * sigma(w_1) * sum_k sign_k c_k sigma(w_k) / sigma(w_1) around the largest w. The arguments w are
 * kept exact (t, G, b are doubles, so t G - b is an integer times 2^-2148): terms with equal w are
 * grouped exactly, their coefficients summed exactly, and a group whose sum is exactly 0 cancels
 * exactly. Near t = 1e300 an argument's rounding alone is worth 1e284, so only exact grouping can
 * tell a cancelling pair from a dominant one. @remarks docs/theory.md §0.
 */
import { softplus } from '../numeric/float/softplus.js';
import type { Matrix } from '../numeric/float/vectors.js';

/** A signed value as its sign and natural log of its magnitude (sign 0: exactly zero). */
export interface SignedLog {
  readonly sign: -1 | 0 | 1;
  /** ln |value| (-Infinity when sign is 0) */
  readonly ln: number;
  /** relative error bound of |value| from the sum of the terms (cancellation), not the arguments; >= 1: even the sign is unknown */
  readonly sumError: number;
}

const SCALE = 1074n;

/** x * 2^1074 as an integer (exact for every finite double). */
export function scaledDouble(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) mantissa |= 1n << 52n;
  const r = mantissa << BigInt(Math.max(biased, 1) - 1);
  return hi >>> 31 ? -r : r;
}

/** x * 2^-pow as the nearest double, within an ulp (the low bits are cut before rounding). */
export function scaledToNumber(x: bigint, pow: number): number {
  if (x === 0n) return 0;
  const a = x < 0n ? -x : x;
  const bits = bitLength(a);
  const shift = Math.max(0, bits - 64);
  const m = timesPowerOfTwo(Number(a >> BigInt(shift)), shift - pow);
  return x < 0n ? -m : m;
}

/** The number of bits of |x| rounded up to a multiple of 4 (|x| < 2^bits, at least 2^(bits - 4)). */
function bitLength(x: bigint): number {
  return (x < 0n ? -x : x).toString(16).length * 4;
}

/** x * 2^e in steps that neither overflow nor underflow on the way. */
function timesPowerOfTwo(x: number, e: number): number {
  // a NaN or infinite e would step forever
  if (!Number.isSafeInteger(e)) throw new RangeError(`timesPowerOfTwo: e must be an integer, got ${e}`);
  let m = x;
  let rest = e;
  while (rest !== 0) {
    const step = Math.max(-1000, Math.min(1000, rest));
    m *= 2 ** step;
    rest -= step;
  }
  return m;
}

/** One term of an entry: exact argument (scaled by 2^2148), its double, sign and coefficient. */
export interface GradientTerm {
  readonly w: bigint;
  readonly wDouble: number;
  readonly sign: 1 | -1;
  readonly coef: number;
}

/** The exact logits' arguments w_ij (scaled by 2^2148) of every pair, row-major. */
export function exactArguments(u: Matrix, v: Matrix, t: number, b: number): bigint[] {
  const n = u.rows;
  const d = u.cols;
  const tScaled = scaledDouble(t);
  const bScaled = scaledDouble(b) << SCALE;
  const out: bigint[] = new Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
      const z = tScaled * scaledDouble(g) - bScaled;
      out[i * n + j] = i === j ? -z : z;
    }
  }
  return out;
}

/** ln sigma(w) = -softplus(-w). */
function lnSigmoid(w: number): number {
  return -softplus(-w);
}

/**
 * sum_k sign_k c_k sigma(w_k) as a signed log (the factor F is the caller's). A term with w > 1 is
 * written c - c sigma(-w): sigma(w) rounds to 1 there and a difference of two such terms would be
 * lost; the constants c are summed exactly. The rest is grouped by exact w (a group whose exact
 * coefficient sum is 0 is dropped) and summed relative to the largest remaining w, the ratios near 1
 * as 1 + expm1(.) so that nearby arguments (t near 5e-324) do not cancel either; each piece keeps
 * its own power of two, so pieces far below the largest (in coefficient or ratio) keep their digits. */
export function signedLogSum(terms: readonly GradientTerm[]): SignedLog {
  const one = 1n << (2n * SCALE);
  let constant = 0n; // exact sum of the constants, scaled by 2^1074
  const groups = new Map<bigint, { w: bigint; sum: bigint }>();
  for (const term of terms) {
    if (term.coef === 0) continue;
    let c = BigInt(term.sign) * scaledDouble(term.coef);
    let w = term.w;
    if (w > one) {
      constant += c;
      c = -c;
      w = -w;
    }
    const g = groups.get(w) ?? { w, sum: 0n };
    g.sum += c;
    groups.set(w, g);
  }
  const live = [...groups.values()]
    .filter((g) => g.sum !== 0n)
    .sort((a, b) => (a.w < b.w ? 1 : a.w > b.w ? -1 : 0));
  if (live.length === 0 && constant === 0n) return { sign: 0, ln: Number.NEGATIVE_INFINITY, sumError: 0 };
  // the scale: 1 when the constants survive, sigma(w_1) otherwise
  const top = live[0];
  const w1 = constant !== 0n || top === undefined ? Number.POSITIVE_INFINITY : scaledToNumber(top.w, 2148);
  const sig1 = w1 === Number.POSITIVE_INFINITY ? 1 : Math.exp(lnSigmoid(w1));
  let exact = constant; // exact part: the constants and the coefficients of ratios written 1 + expm1
  // each part is c r 2^e, r normal: e < 0 for a ratio within 2^-1000 of 1 (whose r - 1 would be
  // subnormal) or below e^-700 (whose r would underflow)
  const parts: { c: bigint; r: number; e: number }[] = [];
  for (const g of live) {
    let lnRatio: number;
    if (w1 === Number.POSITIVE_INFINITY) lnRatio = lnSigmoid(scaledToNumber(g.w, 2148));
    else {
      // ln(sigma(w)/sigma(w_1)) = dw - log1p(sigma(w_1) expm1(dw)), dw = w - w_1 exact, rounded once
      const diff = g.w - top!.w;
      const dw = scaledToNumber(diff, 2148);
      if (dw < -1500) continue;
      if (diff !== 0n && dw > -(2 ** -1000)) {
        // sigma(w)/sigma(w_1) - 1 = dw sigma(-w_1) (1 + O(dw)), dw kept as m 2^e (t near 5e-324)
        const bits = bitLength(diff);
        exact += g.sum;
        parts.push({ c: g.sum, r: -scaledToNumber(-diff, bits) * Math.exp(lnSigmoid(-w1)), e: bits - 2148 });
        continue;
      }
      lnRatio = dw - Math.log1p(sig1 * Math.expm1(dw));
    }
    if (lnRatio > -Math.LN2) {
      exact += g.sum;
      parts.push({ c: g.sum, r: Math.expm1(lnRatio), e: 0 });
    } else if (lnRatio < -1500) continue;
    else if (lnRatio < -700) {
      // e^lnRatio = e^(lnRatio - q ln 2) 2^q, the first factor in [1, 2)
      const q = Math.floor(lnRatio / Math.LN2);
      parts.push({ c: g.sum, r: Math.exp(lnRatio - q * Math.LN2), e: q });
    } else parts.push({ c: g.sum, r: Math.exp(lnRatio), e: 0 });
  }
  // every piece c r 2^e as m 2^k with |m| in [1, 2) (c 2^-1074 itself may be far below the largest
  // coefficient): summed at the largest k, a small piece keeps its digits unless it is 2^-1074 below
  const pieces: { m: number; k: number }[] = [];
  for (const p of [{ c: exact, r: 1, e: 0 }, ...parts]) {
    if (p.c === 0n || p.r === 0) continue;
    const bits = bitLength(p.c);
    const x = scaledToNumber(p.c, bits) * p.r;
    const k = Math.floor(Math.log2(Math.abs(x)));
    pieces.push({ m: timesPowerOfTwo(x, -k), k: k + bits - 1074 + p.e });
  }
  const at = pieces.reduce((a, p) => Math.max(a, p.k), Number.NEGATIVE_INFINITY);
  let s = 0;
  let absSum = 0;
  for (const p of pieces) {
    const x = timesPowerOfTwo(p.m, p.k - at);
    s += x;
    absSum += Math.abs(x);
  }
  // each ratio carries a few roundings, each addition one; the exact part is rounded once
  const sumError = ((parts.length + 6) * 2 ** -52 * absSum) / Math.abs(s);
  // the float sum cancelled: its sign is not known
  if (s === 0 || !Number.isFinite(sumError))
    return { sign: 0, ln: Number.NEGATIVE_INFINITY, sumError: Number.POSITIVE_INFINITY };
  const lnScale = w1 === Number.POSITIVE_INFINITY ? 0 : lnSigmoid(w1);
  return { sign: s > 0 ? 1 : -1, ln: Math.log(Math.abs(s)) + at * Math.LN2 + lnScale, sumError };
}

/** Options of {@link underflowGradient}: the loss's (t, b), normalisation scale and row norms. */
export interface UnderflowGradientInput {
  readonly u: Matrix;
  readonly v: Matrix;
  readonly t: number;
  readonly b: number;
  /** the normalisation's factor c (1, 1/N or 1/N^2) */
  readonly scale: number;
  /** stored row norms when the loss sees U_i/|U_i| (the gradient is then taken through that map) */
  readonly rowNorms?: { readonly u: Float64Array; readonly v: Float64Array };
}

/** One gradient entry in log form: the sum's signed log plus ln of its positive factor. */
export interface GradientEntryLog extends SignedLog {
  /** ln of the largest term's magnitude: where the float sum's cancellation error sits */
  readonly lnLargest: number;
}

/**
 * The gradient entries, one at a time, in log form: `u(i, k)`, `v(j, k)`, `t()`, `b()`. Each costs
 * O(N) (O(N^2) for t and b) exact-argument operations: meant for the entries that underflow.
 */
export function underflowGradient(input: UnderflowGradientInput) {
  const { u, v, t, b, scale, rowNorms } = input;
  const n = u.rows;
  const d = u.cols;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
      gram[i * n + j] = g;
    }
  }
  let args: bigint[] | undefined;
  const w = (i: number, j: number): bigint => {
    args ??= exactArguments(u, v, t, b);
    return args[i * n + j]!;
  };
  const term = (i: number, j: number, sign: 1 | -1, coef: number): GradientTerm => {
    const z = t * gram[i * n + j]! - b;
    return { w: w(i, j), wDouble: i === j ? -z : z, sign: i === j ? (-sign as 1 | -1) : sign, coef };
  };
  const finish = (terms: GradientTerm[], lnFactor: number): GradientEntryLog => {
    const r = signedLogSum(terms);
    let lnLargest = Number.NEGATIVE_INFINITY;
    for (const x of terms) {
      if (x.coef !== 0) lnLargest = Math.max(lnLargest, lnSigmoid(x.wDouble) + Math.log(Math.abs(x.coef)));
    }
    return { sign: r.sign, ln: r.ln + lnFactor, sumError: r.sumError, lnLargest: lnLargest + lnFactor };
  };
  const lnScale = Math.log(scale);
  return {
    u(i: number, k: number): GradientEntryLog {
      const terms: GradientTerm[] = [];
      for (let j = 0; j < n; j++) {
        const vjk = v.data[j * d + k]!;
        const coef = rowNorms ? vjk - gram[i * n + j]! * u.data[i * d + k]! : vjk;
        terms.push(term(i, j, 1, coef));
      }
      return finish(terms, lnScale + Math.log(t) - (rowNorms ? Math.log(rowNorms.u[i]!) : 0));
    },
    v(j: number, k: number): GradientEntryLog {
      const terms: GradientTerm[] = [];
      for (let i = 0; i < n; i++) {
        const uik = u.data[i * d + k]!;
        const coef = rowNorms ? uik - gram[i * n + j]! * v.data[j * d + k]! : uik;
        terms.push(term(i, j, 1, coef));
      }
      return finish(terms, lnScale + Math.log(t) - (rowNorms ? Math.log(rowNorms.v[j]!) : 0));
    },
    t(): GradientEntryLog {
      const terms: GradientTerm[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) terms.push(term(i, j, 1, gram[i * n + j]!));
      return finish(terms, lnScale);
    },
    b(): GradientEntryLog {
      const terms: GradientTerm[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) terms.push(term(i, j, -1, 1));
      return finish(terms, lnScale);
    },
  };
}
