import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { typedDecimal } from '../../../src/bounds/rational.js';
import { forwardRow } from '../../../src/bounds/table.js';

// scripts/oracles/bounds_exponents.py: the three exponents at 400 digits from the decimal (m, b_rel)
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/edges/bounds-exponents.json', import.meta.url), 'utf8'),
) as { points: { m: string; bRel: string; shannon: string; thm35: string; kl: string }[] };

// a few ulps of each exponent's own value: near rho = 0 they are ~rho^2/2, ~rho/2, ~(rho^2/4) ln(1/rho^2);
// near rho = 1 the rows carry 1 - rho = 4m/(1 + b + m) exactly, so 1e-13 relative is ample there too
const REL = 1e-13;

describe('forward-row exponents near rho = 0 and rho = 1 (mpmath fixture)', () => {
  for (const p of fixture.points) {
    it(`m ${p.m}, b_rel ${p.bRel}`, () => {
      const row = forwardRow(768, typedDecimal(p.m), typedDecimal(p.bRel));
      for (const [got, want] of [
        [row.exponentLowerShannon, p.shannon],
        [row.exponentUpperPaper, p.thm35],
        [row.exponentUpperKL, p.kl],
      ] as const) {
        const w = Number(want);
        expect(Math.abs(got! - w), `${got} vs ${want}`).toBeLessThanOrEqual(REL * Math.abs(w));
      }
    });
  }
});
