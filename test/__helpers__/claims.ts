import { expect, it } from 'vitest';
import { runClaim, runExamples } from '../../src/claims/runner.js';
import type { Claim } from '../../src/claims/types.js';

/**
 * The contract every claim test states: the stated examples agree with their independent values,
 * the claim holds on its seeded random cases, and each must-refute variant is refuted with a
 * counterexample whose replay command names it.
 */
export function claimContract(claim: Claim, variants: readonly Claim[], runs?: number): void {
  const budget = runs !== undefined ? { runs } : {};
  it('its stated examples agree with their independent values', async () => {
    expect(await runExamples(claim)).toBeNull();
  });

  it(`holds on ${runs ?? claim.defaultRuns} seeded random cases`, async () => {
    const v = await runClaim(claim, { seed: 42, ...budget });
    expect(v.issues, JSON.stringify(v.counterexample ?? v.message ?? null)).toEqual([]);
    expect(v.status).toBe('holds');
  });

  for (const variant of variants) {
    it(`must-refute variant ${variant.id} is refuted with a replayable counterexample`, async () => {
      expect(variant.expected).toBe('refuted');
      const v = await runClaim(variant, { seed: 42, ...budget });
      expect(v.status).toBe('refuted');
      expect(v.counterexample?.replay.split(' ')).toContain(variant.id);
    });
  }
}
