import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import { lcs24Claims } from '../../theorems/groups/lcs24.js';

describe('LCS24 claims: each holds, each must-refute variant is refuted (small budgets)', () => {
  for (const c of lcs24Claims) {
    it(`${c.id} is ${c.expected}`, async () => {
      const runs = Math.min(c.defaultRuns, c.expected === 'holds' ? 6 : c.defaultRuns);
      const v = await runClaim(c, { seed: 42, runs });
      expect(v.status, JSON.stringify(v).slice(0, 2000)).toBe(c.expected);
      if (c.expected === 'refuted') expect(v.counterexample?.replay).toMatch(/^sigcheck (verify|explain)/);
    }, 30_000);
  }
});
