import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { calibratedInitLogitBias } from '../../../src/siglip/init-bias.js';

interface Case {
  readonly prior: string;
  readonly d: number;
  readonly t: string;
  readonly logitBias: string;
  /** The prior is the typed decimal: pass 1 - pi and 2 pi - 1 formed from it, as the CLI does. */
  readonly decimal?: boolean;
}
const { cases } = JSON.parse(readFileSync('test/fixtures/siglip/calibrated-half.json', 'utf8')) as {
  cases: Case[];
};

// Relative, not absolute: near pi = 1/2 the root is near 0 and an absolute error of the bisection
// (bracket 2t + 4 over 64 halvings, ~1e-15) was most or all of the printed digits (batch 2 printed
// 4.27e-15 for the exact 0). The tolerance covers the trapezoidal sums' rounding (compensated, a
// few ulps) amplified by the condition of the root, which is about 1 near 1/2.
const TOL_ULPS = 64;

describe('calibratedInitLogitBias near the prior 1/2 (mpmath fixture)', () => {
  it.each(cases)('prior $prior, d = $d, t = $t (decimal: $decimal)', (c) => {
    const p = new Decimal(c.prior);
    const got = c.decimal
      ? calibratedInitLogitBias(
          p.toNumber(),
          c.d,
          Number(c.t),
          new Decimal(1).minus(p).toNumber(),
          p.times(2).minus(1).toNumber(),
        )
      : calibratedInitLogitBias(Number(c.prior), c.d, Number(c.t));
    const want = new Decimal(c.logitBias);
    if (want.isZero()) {
      // s and -s have the same law: the root at 1/2 is exactly 0 (also for batch 2, prior 1/B)
      expect(got).toBe(0);
      return;
    }
    const rel = new Decimal(got.toPrecision(20)).minus(want).div(want).abs().toNumber();
    expect(rel, `got ${got}, want ${c.logitBias}, rel ${rel}`).toBeLessThanOrEqual(TOL_ULPS * EPS);
  });
});
