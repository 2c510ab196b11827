import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/numeric/float/rng.js';
import { lnSoftplus } from '../../../../src/numeric/float/softplus.js';
import { UNIT_ROUNDOFF, ulp } from '../../../../src/numeric/float/ulp.js';

/**
 * ln ln(1 + e^z) straight from decimal.js, with enough digits that 1 + e^z keeps e^z's leading
 * 40 digits (about -z / ln 10 of them are leading zeros when z < 0).
 */
function reference(z: number): Decimal {
  const D = Decimal.clone({ precision: Math.ceil(Math.max(0, -z) / Math.LN10) + 40 });
  return D.exp(new D(z.toPrecision(100)))
    .plus(1)
    .ln()
    .ln();
}

/**
 * softplus(z) carries at most about 3u relative error (exp, log1p and one addition), which ln
 * turns into 3u absolute; ln's own rounding adds half an ulp of the result. Below -30 the branch
 * z + log1p(-e^z/2) rounds once in the sum. Allowed: 4u + ulp(result).
 */
function tolerance(ref: number): number {
  return 4 * UNIT_ROUNDOFF + ulp(ref);
}

const CORNERS = [
  -1000, -800, -745, -700, -100, -37, -30.000001, -30, -29.999999, -10, -1, 0, 0.5413248546129181, 1, 10, 40,
  700, 1e5,
];

function expectWithinTolerance(z: number): void {
  const ref = reference(z).toNumber();
  const got = lnSoftplus(z);
  const diff = Math.abs(got - ref);
  const tol = tolerance(ref);
  expect(diff, `z ${z}: actual ${got}, expected ${ref}, diff ${diff}, tol ${tol}`).toBeLessThanOrEqual(tol);
}

describe('lnSoftplus against decimal.js', () => {
  it('corners: both sides of the -30 switch, where softplus underflows, and where it is 1', () => {
    for (const z of CORNERS) expectWithinTolerance(z);
  });

  it('200 seeded z uniform in [-900, 60]', () => {
    const rng = new Rng(20261127);
    for (let k = 0; k < 200; k++) expectWithinTolerance(-900 + 960 * rng.uniform());
  });

  it('is finite where ln(softplus) is not: lnSoftplus(-1000) = -1000, while softplus underflows to 0', () => {
    expect(lnSoftplus(-1000)).toBe(-1000);
    expect(Math.log(Math.log1p(Math.exp(-1000)))).toBe(Number.NEGATIVE_INFINITY);
  });
});
