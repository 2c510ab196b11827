import { expect, it } from 'vitest';
import { runClaim, runExamples } from '../../src/claims/runner.js';
import type { Claim } from '../../src/claims/types.js';
import { RUN_SEED } from './seed.js';

/**
 * The contract every claim test states: the stated examples agree with their independent values,
 * the claim holds on its seeded random cases, and each must-refute variant is refuted with a
 * counterexample whose replay command names it. Claims run at the suite's seed ($SIGCHECK_SEED,
 * else 42), which every failure message names.
 */
export function claimContract(
  claim: Claim,
  variants: readonly Claim[],
  runs?: number,
  variantRuns: number | undefined = runs,
): void {
  const budget = runs !== undefined ? { runs } : {};
  const variantBudget = variantRuns !== undefined ? { runs: variantRuns } : {};
  it('its stated examples agree with their independent values', async () => {
    expect(await runExamples(claim)).toBeNull();
  });

  it(`holds on ${runs ?? claim.defaultRuns} seeded random cases`, async () => {
    const v = await runClaim(claim, { seed: RUN_SEED, ...budget });
    const why = `seed ${RUN_SEED}: ${JSON.stringify(v.counterexample ?? v.message ?? null)}`;
    expect(v.issues, why).toEqual([]);
    expect(v.status, why).toBe('holds');
  });

  for (const variant of variants) {
    it(`must-refute variant ${variant.id} is refuted with a replayable counterexample`, async () => {
      expect(variant.expected).toBe('refuted');
      const v = await runClaim(variant, { seed: RUN_SEED, ...variantBudget });
      expect(v.status, `seed ${RUN_SEED}`).toBe('refuted');
      const replay = v.counterexample?.replay.split(' ') ?? [];
      expect(replay).toContain(variant.id);
      // a counterexample from random search replays at the run seed; a failing stated example
      // replays through `explain`, which needs no seed
      if (replay.includes('--seed')) expect(replay[replay.indexOf('--seed') + 1]).toBe(String(RUN_SEED));
    });
  }
}
