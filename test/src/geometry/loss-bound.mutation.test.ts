import { describe, expect, it } from 'vitest';
import { lossErrorBound, plainLogitsExact } from '../../../src/geometry/pairs.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';

// plainLogitsExact and lossErrorBound as their documentation states them: the rule
// |t| B + |b| < 2^11, and the bound
//   dz = |t| eps + (exact logits ? 0 : 2^-52 (|t| (B + eps) + |b|) (1 + 2^-40)),
//   (dz min(negCount, e^dz lossNeg (1 + 2^-40)) + 2^-40 (|lossNeg| + |lossPos|)) (1 + 2^-50),
// exact logits when eps = 0 and the plain ones are not exact. Expected values: inputs whose every
// step is exact in float64 (the bound then has one value, written out), else the formula in
// decimal.js at 60 digits, which the float evaluation (about ten roundings) meets within 2^-48.

const D = hpContext(60);

/** The documented bound in decimal.js (exp at 60 digits); negCount Infinity when absent. */
function reference(
  lossNeg: number,
  lossPos: number,
  t: number,
  b: number,
  eps: number,
  bound: number,
  negCount = Infinity,
) {
  const exactLogits = eps === 0 && !(Math.abs(t) * bound + Math.abs(b) < 2 ** 11);
  const at = exact(D, Math.abs(t));
  const te = at.times(exact(D, eps));
  const plain = new D(2)
    .pow(-52)
    .times(at.times(exact(D, bound).plus(exact(D, eps))).plus(exact(D, Math.abs(b))))
    .times(new D(1).plus(new D(2).pow(-40)));
  const dz = exactLogits ? te : te.plus(plain);
  const grown = dz
    .exp()
    .times(exact(D, lossNeg))
    .times(new D(1).plus(new D(2).pow(-40)));
  const moved = dz.isZero() ? new D(0) : dz.times(Number.isFinite(negCount) ? D.min(negCount, grown) : grown);
  const evaluation = new D(2).pow(-40).times(exact(D, Math.abs(lossNeg)).plus(exact(D, Math.abs(lossPos))));
  return moved.plus(evaluation).times(new D(1).plus(new D(2).pow(-50)));
}

/** |got - want| <= 2^-48 |want|: ten float64 roundings stay below 2^-49 of the value. */
function expectNear(got: number, want: ReturnType<typeof reference>, what: string) {
  const diff = exact(D, got).minus(want).abs();
  const tol = want.abs().times(new D(2).pow(-48));
  expect(
    diff.lte(tol),
    `${what}: got ${got}, want ${want.toPrecision(20)}, diff ${diff.toPrecision(3)}, tol ${tol.toPrecision(3)}`,
  ).toBe(true);
}

describe('plainLogitsExact: |t| B + |b| < 2^11', () => {
  it('either side of 2048, signs ignored, B scales t only', () => {
    expect(plainLogitsExact(1000, 1047, 1)).toBe(true);
    expect(plainLogitsExact(1000, 1048, 1)).toBe(false);
    expect(plainLogitsExact(-1000, -1047, 1)).toBe(true);
    expect(plainLogitsExact(-1000, -1048, 1)).toBe(false);
    expect(plainLogitsExact(500, 1047, 2)).toBe(true);
    expect(plainLogitsExact(1024, 0, 2)).toBe(false);
    expect(plainLogitsExact(1023, 0, 2)).toBe(true);
    expect(plainLogitsExact(0, 2047.5, 3)).toBe(true);
  });
});

describe('lossErrorBound: the documented bound', () => {
  it('exact logits (eps 0, t B >= 2^11): no logit error, 2^-40 of the sums times 1 + 2^-50 (exact)', () => {
    // 3 2^-40 (1 + 2^-50) = 3 2^-40 + 3 2^-90: 51 significant bits, no rounding anywhere
    expect(lossErrorBound(1, 2, 4096, 0, 0, 1)).toBe(3 * 2 ** -40 + 3 * 2 ** -90);
    expect(lossErrorBound(-1, -2, -4096, 5, 0, 1, 7)).toBe(3 * 2 ** -40 + 3 * 2 ** -90);
    expectNear(lossErrorBound(1, 2, 4096, 0, 0, 1), reference(1, 2, 4096, 0, 0, 1), 'exact logits');
  });

  it('plain exact logits (eps 0): dz = 2^-52 (|t| B + |b|) (1 + 2^-40), times negCount when that is smaller', () => {
    // 500 * 2 + 24 = 1024 < 2048: dz = 2^-42 (1 + 2^-40); min(3, e^dz 4 (1 + 2^-40)) = 3
    expectNear(lossErrorBound(4, 0, 500, 24, 0, 2, 3), reference(4, 0, 500, 24, 0, 2, 3), 'negCount branch');
    expectNear(lossErrorBound(4, 0, -500, -24, 0, 2, 3), reference(4, 0, 500, 24, 0, 2, 3), 'signs');
    // lossNeg small: the e^dz lossNeg branch, with the 2^-40 term of the same size
    expectNear(
      lossErrorBound(2 ** -2, 0, 500, 24, 0, 2),
      reference(2 ** -2, 0, 500, 24, 0, 2),
      'e^dz branch',
    );
  });

  it('a kernel error eps: dz = |t| eps plus the plain logits rounding, e^dz lossNeg the smaller', () => {
    const cases: [number, number, number, number, number, number, number?][] = [
      [2, 0, 2, 0, 2 ** -20, 1],
      [3, 1, -2, 0.5, 2 ** -20, 1],
      // b large: the plain logits are not exact, yet eps > 0 keeps the plain rounding in dz
      [2, 0, 1, 2 ** 12, 2 ** -20, 1],
      [2, 0, 1, 2 ** 12, 2 ** -20, 1, 1],
      // negCount the smaller with eps > 0
      [1e6, 3, 2, 0, 2 ** -20, 1, 5],
    ];
    for (const [ln, lp, t, b, eps, bound, negCount] of cases) {
      const got =
        negCount === undefined
          ? lossErrorBound(ln, lp, t, b, eps, bound)
          : lossErrorBound(ln, lp, t, b, eps, bound, negCount);
      expectNear(
        got,
        reference(ln, lp, t, b, eps, bound, negCount),
        `${[ln, lp, t, b, eps, bound, negCount]}`,
      );
    }
  });

  it('exact logits and an infinite loss sum: the bound is +Infinity (no 0 * Infinity)', () => {
    expect(lossErrorBound(Number.POSITIVE_INFINITY, 1, 4096, 0, 0, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
