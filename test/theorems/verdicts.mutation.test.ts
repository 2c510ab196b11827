import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/registry.js';
import { runClaim } from '../../src/claims/runner.js';

// Every claim and every must-refute twin at verify's defaults (seed 42), in-process, so that a
// mutant of a theorem module is active: a twin whose check no longer refutes, or a claim whose
// check now errors or refutes, fails here. (`sigcheck verify` runs in a child process, where no
// mutant is ever active.)
describe('verify at seed 42: each claim gets its expected verdict', () => {
  for (const claim of CLAIMS) {
    it(`${claim.id}: ${claim.expected}`, async () => {
      const v = await runClaim(claim, { seed: 42, timings: false });
      expect(v.status, v.message ?? '').toBe(claim.expected);
      // a refutation replays this claim, not another
      if (v.status === 'refuted') expect(v.counterexample?.replay).toContain(`--claim ${claim.id}`);
    }, 120_000);
  }
});
