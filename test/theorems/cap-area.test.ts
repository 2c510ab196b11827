import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { claim, logCapAreaCosOracle, wrongParameter } from '../../theorems/cap-area.js';
import { claimContract } from '../__helpers__/claims.js';

/** mpmath values at 400 digits; generator: test/theorems/fixtures/cap_area_oracle.py. */
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/cap-area-oracle.json', import.meta.url), 'utf8'),
) as {
  points: { n: number; s: number; logOmega: string }[];
};

/** Relative agreement asked of the decimal oracle: 30 working digits, one double rounding of ln Omega before exp. */
const ORACLE_REL_TOL = 1e-12;

describe('cap-area', () => {
  claimContract(claim, [wrongParameter]);

  it('the decimal oracle agrees with mpmath at the corners, including a y = 515 where it once gave NaN', () => {
    for (const p of fixture.points) {
      const expected = Number(p.logOmega);
      const actual = logCapAreaCosOracle(p.n, p.s);
      expect(Number.isFinite(actual), `${p.n}, ${p.s}`).toBe(true);
      expect(Math.abs(actual - expected), `${p.n}, ${p.s}: ${actual} vs ${p.logOmega}`).toBeLessThanOrEqual(
        ORACLE_REL_TOL * Math.abs(expected),
      );
    }
  });

  it('1000 runs hold (n = 70284, s = -0.121 and n = 83686, s = -0.0773 once gave NaN): more runs never turn it into an error', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 1000 });
    expect(v.message ?? '').toBe('');
    expect(v.status).toBe('holds');
    // the two fixed cases, then 1000 random ones
    expect(v.cases).toBe(2 + 1000);
  });
});
