import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rhoExactOf, rhoPartsOf } from '../../../src/bounds/constellation.js';
import { exponentsSplit } from '../../../src/bounds/exponents.js';
import { typedDecimal } from '../../../src/bounds/rational.js';

/**
 * exponentsSplit on the forward row's inputs (ln(1 - rho), 1 + rho and rho from the exact decimals),
 * against the same 400-digit mpmath fixture as exponents-corners.test.ts (scripts/oracles/bounds_exponents.py),
 * without building whole rows: both branches, the series from rho itself below 1/2 (rho down to
 * 7.5e-17, where ln(1 - rho) and 1 + rho have lost every digit of rho) and ln sin^2 above.
 */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/edges/bounds-exponents.json', import.meta.url), 'utf8'),
) as { points: { m: string; bRel: string; shannon: string; thm35: string; kl: string }[] };

// a few ulps of each exponent's own value (as exponents-corners.test.ts)
const REL = 1e-13;

describe('exponentsSplit against mpmath near rho = 0 and rho = 1', () => {
  it('Shannon, Thm 3.5 and Kabatiansky-Levenshtein at all ten fixture points', () => {
    for (const p of fixture.points) {
      const parts = rhoPartsOf(rhoExactOf(typedDecimal(p.m), typedDecimal(p.bRel)));
      const e = exponentsSplit(parts.lnOneMinus, parts.onePlus, parts.rho);
      for (const [name, got, want] of [
        ['shannon', e.shannon, p.shannon],
        ['thm35', e.thm35, p.thm35],
        ['kl', e.kl, p.kl],
      ] as const) {
        const w = Number(want);
        expect(
          Math.abs(got - w),
          `m ${p.m}, b_rel ${p.bRel}, ${name}: ${got} vs ${want}`,
        ).toBeLessThanOrEqual(REL * Math.abs(w));
      }
    }
  });
});
