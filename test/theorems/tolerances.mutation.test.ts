import { describe, expect, it } from 'vitest';
import * as sandwich from '../../theorems/capacity-sandwich.js';
import * as innerProducts from '../../theorems/ccem-inner-products.js';
import * as keyInequality from '../../theorems/ccem-key-inequality.js';
import * as optimality from '../../theorems/ccem-optimality.js';
import * as equivalence from '../../theorems/code-constellation-equivalence.js';
import * as lossRate from '../../theorems/constellation-loss-rate.js';
import * as construction1 from '../../theorems/construction-1.js';
import * as construction2 from '../../theorems/construction-2.js';
import * as feasibility from '../../theorems/feasibility-region.js';
import * as modalityGap from '../../theorems/modality-gap.js';
import * as adapter from '../../theorems/relative-bias-equivalence.js';
import * as retrieval from '../../theorems/retrieval.js';
import * as certificate from '../../theorems/zero-loss-certificate.js';

// Each claim declares its rounding bound as text (claim.tolerance.value); the functions the checks
// use must be that bound. Expected values are the declared formula evaluated here, u = 2^-53.
const u = 2 ** -53;
const n = 5;
const d = 3;
const t = 7;
const b = -2.5;
const near = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(4e-16 * want);

describe('the rounding bounds the checks use are the ones the claims declare', () => {
  it('8 (2d + 12) u: code-constellation-equivalence, construction-1, construction-2', () => {
    for (const [c, f] of [
      [equivalence.claim, equivalence.equivalenceTolerance],
      [construction1.claim, construction1.constructionTolerance],
      [construction2.claim, construction2.construction2Tolerance],
    ] as const) {
      expect(c.tolerance?.value).toMatch(/^8 \(2d \+ 12\) u/);
      near(f(d), 8 * 18 * u);
      near(f(10), 8 * 32 * u);
    }
  });

  it('16 (2d + 12) u (capacity-sandwich), 4 (2d + 12) u (ccem-inner-products), 4 (2d + 4) u (retrieval), 4 (d + 2) u (modality-gap)', () => {
    expect(sandwich.claim.tolerance?.value).toMatch(/^16 \(2d \+ 12\) u/);
    near(sandwich.sandwichTolerance(d), 16 * 18 * u);
    expect(innerProducts.claim.tolerance?.value).toMatch(/^4 \(2d \+ 12\) u/);
    near(innerProducts.innerProductTolerance(d), 4 * 18 * u);
    expect(retrieval.claim.tolerance?.value).toMatch(/^4 \(2d \+ 4\) u/);
    near(retrieval.retrievalTolerance(d), 4 * 10 * u);
    expect(modalityGap.claim.tolerance?.value).toMatch(/^4 \(d \+ 2\) u/);
    near(modalityGap.gapTolerance(d), 4 * 5 * u);
  });

  it('8 (2d + 12 + N^2) u (feasibility-region), 2 (d + N^2) N^2 u (ccem-key-inequality)', () => {
    expect(feasibility.claim.tolerance?.value).toMatch(/^8 \(2d \+ 12 \+ N\^2\) u/);
    near(feasibility.feasibilityTolerance(n, d), 8 * (6 + 12 + 25) * u);
    expect(keyInequality.claim.tolerance?.value).toMatch(/^2 \(d \+ N\^2\) N\^2 u/);
    near(keyInequality.keyInequalityTolerance(n, d), 2 * (3 + 25) * 25 * u);
  });

  it('4 (t (2d + 4) + |b| + N^2 + 2) u (constellation-loss-rate)', () => {
    expect(lossRate.claim.tolerance?.value).toMatch(/^4 \(t \(2d \+ 4\) \+ \|b\| \+ N\^2 \+ 2\) u/);
    near(lossRate.lnLossTolerance(n, d, t, b), 4 * (7 * 10 + 2.5 + 25 + 2) * u);
  });

  it('4 ((2d + 4 + 2|b/t|) + 2 (N^2 + 2)(1 + 1/t)) u (zero-loss-certificate)', () => {
    expect(certificate.claim.tolerance?.value).toMatch(
      /^4 \(\(2d \+ 4 \+ 2\|b\/t\|\) \+ 2 \(N\^2 \+ 2\)\(1 \+ 1\/t\)\) u/,
    );
    near(certificate.certificateTolerance(n, d, t, b), 4 * (6 + 4 + 5 / 7 + 2 * 27 * (8 / 7)) * u);
  });

  it('4 N^2 (t (2d + 6 + 6 (|r| + 1)) + 2 |L|) u (relative-bias-equivalence)', () => {
    expect(adapter.claim.tolerance?.value).toMatch(
      /^4 N\^2 \(t \(2d \+ 6 \+ 6 \(\|r\| \+ 1\)\) \+ 2 \|L\|\) u/,
    );
    near(adapter.adapterTolerance(n, d, t, -0.4, -0.3), 4 * 25 * (7 * (6 + 6 + 6 * 1.4) + 0.6) * u);
  });

  it('ccem-optimality loss rounding: 2 (d max(1, t) + N^2) N u', () => {
    near(optimality.lossRoundingTol(n, d, t), 2 * (21 + 25) * 5 * u);
    near(optimality.lossRoundingTol(n, d, 0.5), 2 * (3 + 25) * 5 * u);
  });
});
