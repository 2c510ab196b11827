/**
 * The `loss` document: L_Sig of a configuration at (t, b) under one normalisation, with its
 * gradient on request. @remarks docs/theory.md §0 (loss and conventions).
 */
import { UsageError } from '../errors.js';
import { NORMALIZATIONS, type Normalization } from '../loss/conventions.js';
import { normalizationScale } from '../loss/conventions.js';
import { type GradientEntryLog, underflowGradient } from '../loss/gradient-underflow.js';
import { gradientThroughNormalization, sigmoidLoss, sigmoidLossLog10 } from '../loss/sigmoid.js';
import { type Matrix, toRows } from '../numeric/float/vectors.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

export { NORMALIZATIONS, type Normalization };

/** What `buildLoss` needs: the configuration, validated (t, b) and what to compute. */
export interface LossInput {
  readonly u: Matrix;
  readonly v: Matrix;
  /** inverse temperature t > 0 */
  readonly t: number;
  /** bias b, subtracted: logits t G - b */
  readonly b: number;
  readonly normalization: Normalization;
  /** also compute the gradient */
  readonly grad: boolean;
  /**
   * Row norms of U and V as stored, when the rows were scaled to unit norm: the gradient is then
   * taken through that map, i.e. with respect to the stored rows.
   */
  readonly rowNorms?: { readonly u: Float64Array; readonly v: Float64Array };
}

/**
 * Gradient of the loss with respect to U, V (as given), t and b. An entry that underflows float64
 * is a string like the loss's: sign, then exponent form with the digits it carries or `10^x`.
 */
export interface LossGradient {
  readonly U: (number | string)[][];
  readonly V: (number | string)[][];
  readonly t: number | string;
  readonly b: number | string;
}

/** The `loss --format json` document (key order is the output order). */
export interface LossDocument {
  /** the loss; a string in exponent form where float64 underflows, with the digits it carries (see {@link readableLoss}) */
  readonly loss: number | string;
  readonly log10Loss: number;
  readonly normalization: Normalization;
  readonly t: number;
  readonly b: number;
  readonly grad?: LossGradient;
}

/**
 * Significant digits of an underflowed loss that its float64 log carries, at most 6. The log is a
 * sum of a handful of rounded terms whose size is at most scale + |ln L| + 1 (scale = |t| + |b|, the
 * largest logit), so its absolute error, which is the relative error of L, stays below
 * 2^-49 (scale + |ln L| + 1), sixteen ulps of that size.
 * @example underflowLossDigits(-400.5, 20) === 6 && underflowLossDigits(-4.3e11, 1.1e12) === 2
 */
export function underflowLossDigits(log10Loss: number, scale: number): number {
  const lnError = 2 ** -49 * (scale + Math.abs(log10Loss) * Math.LN10 + 1);
  return Math.min(6, Math.floor(-Math.log10(2 * lnError)));
}

/**
 * A float64 loss as read: the number where float64 holds it, otherwise (underflow, or a sum past
 * 1.8e308 whose log is finite) the value from log10Loss in exponent form with the digits it carries ({@link underflowLossDigits}, at most 6),
 * or `10^<log10Loss>` when not even the first digit is certain (|t| + |b| beyond about 1e14).
 * @example readableLoss(0.5, Math.log10(0.5), 20) === 0.5 && readableLoss(0, -400.5, 20) === '3.16228e-401'
 */
export function readableLoss(loss: number, log10Loss: number, scale: number): number | string {
  if ((loss >= MIN_NORMAL && loss <= Number.MAX_VALUE) || !Number.isFinite(log10Loss)) return loss;
  // past 1.8e308 the terms are linear (softplus(z) ~ z): the log's error is a few ulps of ln L, not of the logits
  return log10Text(log10Loss, underflowLossDigits(log10Loss, loss > 0 ? 0 : scale));
}

/** 10^x with `digits` significant digits in exponent form, or `10^x` when digits < 1. */
function log10Text(log10Loss: number, digits: number): string {
  if (digits < 1) return `10^${exponentText(log10Loss)}`;
  const e = Math.floor(log10Loss);
  let m = 10 ** (log10Loss - e);
  let k = e;
  if (m >= 10 - 5 * 10 ** (1 - digits)) {
    m /= 10;
    k += 1;
  }
  return `${m.toFixed(digits - 1)}e${k}`;
}

/**
 * Refuses a gradient with respect to the rows as given that overflows float64: it scales like
 * 1/||row||, so a row of norm 5e-310 would print Infinity where the true value is finite.
 */
/**
 * A base-10 exponent for a `10^x` text: from 1e16 on the double's digits end before the decimal
 * point, and plain notation would pad them with zeros that are not digits of x.
 */
export function exponentText(x: number): string {
  return Math.abs(x) >= 1e16 ? x.toExponential() : String(x);
}

function finiteGradient(side: string, g: Float64Array | undefined, d: number, norms: Float64Array): void {
  if (g === undefined) return;
  for (let i = 0; i < norms.length; i++) {
    for (let k = 0; k < d; k++) {
      if (!Number.isFinite(g[i * d + k]!)) {
        throw new UsageError(
          `loss --grad: the gradient with respect to ${side}[${i}] as given (norm ${norms[i]}) overflows float64 (it scales like 1/norm); rescale that row`,
        );
      }
    }
  }
}

/**
 * A gradient entry that underflows float64, from its log form: a number where it is in range,
 * otherwise sign and {@link log10Text} with the digits both the arguments' rounding
 * ({@link underflowLossDigits}) and the sum's cancellation leave. Refuses an entry whose sign the
 * sum cannot decide, unless its terms are of normal size (then the float64 sum stands).
 */
function underflowEntry(name: string, x: number, e: GradientEntryLog, scale: number): number | string {
  if (e.sign === 0 && e.sumError === 0) return 0; // the exact groups cancel exactly
  if (e.sumError >= 0.25) {
    if (e.lnLargest > -620 * Math.LN2) return x; // normal-size terms: float64's own cancellation
    throw new UsageError(
      `loss --grad: ${name} underflows float64 and its largest terms cancel beyond float64's reach (sign undetermined); use a smaller t or |b|`,
    );
  }
  const log10 = e.ln / Math.LN10;
  const value = e.sign * Math.exp(e.ln);
  if (Math.abs(value) >= MIN_NORMAL) return value;
  const digits = Math.min(underflowLossDigits(log10, scale), Math.floor(-Math.log10(2 * e.sumError)));
  return `${e.sign < 0 ? '-' : ''}${log10Text(log10, digits)}`;
}

/** Builds the loss document of a configuration. */
export function buildLoss(input: LossInput): LossDocument {
  const { u, v, t, b, normalization, rowNorms } = input;
  const r = sigmoidLoss(u, v, { t, b, normalization, grad: input.grad });
  const log10Loss = sigmoidLossLog10(u, v, t, b, normalization);
  const gU = r.gradU && rowNorms ? gradientThroughNormalization(u, rowNorms.u, r.gradU) : r.gradU;
  const gV = r.gradV && rowNorms ? gradientThroughNormalization(v, rowNorms.v, r.gradV) : r.gradV;
  if (rowNorms) {
    finiteGradient('U', gU, u.cols, rowNorms.u);
    finiteGradient('V', gV, v.cols, rowNorms.v);
  }
  const scale = Math.abs(t) + Math.abs(b);
  let grad: LossGradient | undefined;
  if (gU !== undefined) {
    const logs = underflowGradient({
      u,
      v,
      t,
      b,
      scale: normalizationScale(normalization, u.rows),
      ...(rowNorms ? { rowNorms } : {}),
    });
    const fix = (name: string, x: number, e: () => GradientEntryLog): number | string =>
      Math.abs(x) >= MIN_NORMAL ? x : underflowEntry(name, x, e(), scale);
    const rows = (side: 'U' | 'V', m: Matrix, g: Float64Array) =>
      toRows({ rows: m.rows, cols: m.cols, data: g }).map((row, i) =>
        row.map((x, k) =>
          fix(`dL/d${side}[${i}][${k}]`, x, () => (side === 'U' ? logs.u(i, k) : logs.v(i, k))),
        ),
      );
    grad = {
      U: rows('U', u, gU),
      V: rows('V', v, gV!),
      t: fix('dL/dt', r.dt!, () => logs.t()),
      b: fix('dL/db', r.db!, () => logs.b()),
    };
  }
  const loss = readableLoss(r.loss, log10Loss, scale);
  return { loss, log10Loss, normalization, t, b, ...(grad ? { grad } : {}) };
}

/**
 * Frobenius norm of a gradient block given as rows; with entries in text form (underflowed), the
 * norm is formed in log space and printed the same way.
 * @example frobeniusNorm([[3, 0], [0, 4]]) === 5
 */
export function frobeniusNorm(rows: readonly (readonly (number | string)[])[]): number | string {
  const entries = rows.flat();
  if (entries.every((x) => typeof x === 'number')) {
    // scaled by the largest entry: squares of entries past 1e154 overflow
    const top = (entries as number[]).reduce((a, x) => Math.max(a, Math.abs(x)), 0);
    const plain =
      top === 0 ? 0 : top * Math.sqrt((entries as number[]).reduce((a, x) => a + (x / top) ** 2, 0));
    if (plain >= MIN_NORMAL || entries.every((x) => x === 0)) return plain;
  }
  const logs = entries.map(log10Of).filter((x) => x > Number.NEGATIVE_INFINITY);
  const top = logs.reduce((a, x) => Math.max(a, x), Number.NEGATIVE_INFINITY);
  const sum = logs.reduce((a, x) => a + 10 ** (2 * (x - top)), 0);
  const log10 = top + Math.log10(sum) / 2;
  const value = 10 ** log10;
  if (value >= MIN_NORMAL) return value;
  const digits = entries.reduce<number>((a, x) => Math.min(a, digitsOf(x)), 17);
  return log10Text(log10, digits);
}

/** log10 |x| of a printed entry (number, `m.mmmeK` or `10^x` text). */
function log10Of(x: number | string): number {
  if (typeof x === 'number') return Math.log10(Math.abs(x));
  const s = x.replace(/^-/, '');
  if (s.startsWith('10^')) return Number(s.slice(3));
  const [m, e] = s.split('e');
  return Math.log10(Number(m)) + Number(e);
}

/** Significant digits a printed entry carries (17 for a number). */
function digitsOf(x: number | string): number {
  if (typeof x === 'number') return 17;
  if (x.replace(/^-/, '').startsWith('10^')) return 0;
  return x.replace(/^-/, '').split('e')[0]!.replace('.', '').length;
}
