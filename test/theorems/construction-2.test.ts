import { describe, expect, it } from 'vitest';
import { runClaim, runExamples } from '../../src/claims/runner.js';
import { claim as main, overK as variant } from '../../theorems/construction-2.js';

describe('construction-2', () => {
  it('every stated example agrees with its independent value', async () => {
    expect(await runExamples(main)).toBeNull();
  });

  it('the claim holds on 40 random cases (seeded)', async () => {
    const v = await runClaim(main, { seed: 42, runs: 40 });
    expect(v.status, JSON.stringify(v)).toBe('holds');
  });

  it('the must-refute variant is refuted with a replayable counterexample', async () => {
    const v = await runClaim(variant, { seed: 42, runs: 40 });
    expect(v.status).toBe('refuted');
    expect(v.counterexample?.replay).toContain(variant.id);
  });
});
