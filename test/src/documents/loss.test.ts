import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { buildLoss, frobeniusNorm, readableLoss, underflowLossDigits } from '../../../src/documents/loss.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';
import { ulpDistance } from '../../__helpers__/ulps.js';

const D = Decimal.clone({ precision: 50 });
const softplus = (z: Decimal) => z.exp().plus(1).ln();
const sigmoid = (z: Decimal) => new D(1).div(new D(1).plus(z.neg().exp()));

describe('buildLoss', () => {
  // U = V = I_2: G_ii = 1, G_ij = 0, so per anchor L = softplus(b - t) + softplus(-b) (closed form)
  const id = fromRows([
    [1, 0],
    [0, 1],
  ]);
  const t = 3;
  const b = 1.5;

  it('per-anchor loss and dL/dt, dL/db of U = V = I agree with the closed form to 4 ulps', () => {
    const doc = buildLoss({ u: id, v: id, t, b, normalization: 'per-anchor', grad: true });
    const bt = new D(b - t);
    const loss = softplus(bt).plus(softplus(new D(-b)));
    expect(ulpDistance(doc.loss as number, loss)).toBeLessThanOrEqual(4);
    expect(Math.abs(doc.log10Loss - loss.log(10).toNumber())).toBeLessThanOrEqual(1e-13);
    // d/dt softplus(b - t) = -sigmoid(b - t); the negatives have G_ij = 0
    expect(ulpDistance(doc.grad!.t as number, sigmoid(bt).neg())).toBeLessThanOrEqual(4);
    expect(ulpDistance(doc.grad!.b as number, sigmoid(bt).minus(sigmoid(new D(-b))))).toBeLessThanOrEqual(4);
    expect(doc.grad!.U).toHaveLength(2);
    expect(Object.keys(doc)).toEqual(['loss', 'log10Loss', 'normalization', 't', 'b', 'grad']);
  });

  it('a stored row of norm r has gradient (1/r) x that of the unit row; past float64 it is refused', () => {
    // L(x / |x|) is homogeneous of degree 0 in x, so its gradient is homogeneous of degree -1
    const unitGrad = buildLoss({
      u: id,
      v: id,
      t,
      b,
      normalization: 'sum',
      grad: true,
      rowNorms: { u: Float64Array.of(1, 1), v: Float64Array.of(1, 1) },
    }).grad!.U;
    const tiny = buildLoss({
      u: id,
      v: id,
      t,
      b,
      normalization: 'sum',
      grad: true,
      rowNorms: { u: Float64Array.of(1e-300, 1), v: Float64Array.of(1, 1) },
    }).grad!.U;
    for (let k = 0; k < 2; k++)
      expect(
        ulpDistance(tiny[0]![k]! as number, new D(unitGrad[0]![k]! as number).times('1e300')),
      ).toBeLessThanOrEqual(2);
    // at norm 5e-310 the entries would be ~1e309: refused, not printed as Infinity
    expect(() =>
      buildLoss({
        u: id,
        v: id,
        t,
        b,
        normalization: 'sum',
        grad: true,
        rowNorms: { u: Float64Array.of(1, 1), v: Float64Array.of(1, 5e-310) },
      }),
    ).toThrow(/^loss --grad: the gradient with respect to V\[1\] as given \(norm 5e-310\) overflows float64/);
  });

  it('without grad the document has no grad key', () => {
    const doc = buildLoss({ u: id, v: id, t, b, normalization: 'sum', grad: false });
    expect('grad' in doc).toBe(false);
  });

  it('with row norms the gradient is with respect to the stored rows: a central difference agrees', () => {
    // stored rows: U_0 = (3, 4) (norm 5), U_1 = (0, 2); the loss sees U_i / |U_i|
    const stored = [
      [3, 4],
      [0, 2],
    ];
    const v = fromRows([
      [0.6, 0.8],
      [1, 0],
    ]);
    const unit = (rows: number[][]) => fromRows(rows.map((r) => r.map((x) => x / Math.hypot(...r))));
    const rowNorms = { u: Float64Array.from([5, 2]), v: Float64Array.from([1, 1]) };
    const doc = buildLoss({ u: unit(stored), v, t, b, normalization: 'sum', grad: true, rowNorms });
    const h = 1e-6;
    const at = (dx: number) => {
      const rows = stored.map((r) => [...r]);
      rows[0]![1]! += dx;
      return buildLoss({ u: unit(rows), v, t, b, normalization: 'sum', grad: false }).loss as number;
    };
    const fd = (at(h) - at(-h)) / (2 * h);
    // truncation h^2 |L'''| / 6 and rounding 1e-16 L / h: both below 1e-8 here
    const g = doc.grad!.U as number[][];
    expect(Math.abs(g[0]![1]! - fd)).toBeLessThanOrEqual(1e-8);
    // the radial direction does not change U_0 / |U_0|: zero gradient along (3, 4)
    expect(Math.abs(3 * g[0]![0]! + 4 * g[0]![1]!)).toBeLessThanOrEqual(1e-15);
  });
});

describe('readableLoss', () => {
  it('keeps a normal double and gives an underflowed loss from its log10 with 6 digits', () => {
    expect(readableLoss(0.5, Math.log10(0.5), 20)).toBe(0.5);
    expect(readableLoss(0, -400.5, 20)).toBe('3.16228e-401'); // 10^0.5 = 3.16227766...
    // a mantissa that rounds up to 10 moves to the next power: 10^(1 - 1e-7) = 9.99999977
    expect(readableLoss(0, -400 - 1e-7, 20)).toBe('1.00000e-400');
  });

  it('prints only the digits the log carries at huge t, and 10^x when not even one', () => {
    // loss of three orthonormal pairs at t = 1e12, b = 1e11: 2 e^-1e11 = 9.45904367e-43429448191
    // (mpmath, 40 digits); the float64 log is off in the 6th digit, so 2 digits are printed
    expect(underflowLossDigits(-43429448190.02415, 1.1e12)).toBe(2);
    expect(readableLoss(0, -43429448190.02415, 1.1e12)).toBe('9.5e-43429448191');
    expect(underflowLossDigits(-400.5, 20)).toBe(6);
    // 2^-49 (2e15 + ...) > 1: the mantissa is unknown
    expect(readableLoss(0, -4.3e14, 2e15)).toBe('10^-430000000000000');
    // a 2-digit mantissa rounding up to 10 moves to the next power: 10^0.999 = 9.977
    expect(readableLoss(0, -43429448190.001, 1.1e12)).toBe('1.0e-43429448190');
  });

  it('gives a sum past the largest double from its log too (softplus(1e308 - 1) three times)', () => {
    // sum of 3 terms of about 1e308: 3e308, log10 = 308 + log10 3 = 308.47712125472
    expect(readableLoss(Number.POSITIVE_INFINITY, 308 + Math.log10(3), 1e308)).toBe('3.00000e308');
  });
});

describe('frobeniusNorm', () => {
  it('is the square root of the sum of squares', () => {
    expect(frobeniusNorm([[3], [4]])).toBe(5);
    expect(frobeniusNorm([[1, 2, 2]])).toBe(3);
  });
});
