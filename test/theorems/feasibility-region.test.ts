import { describe, expect, it } from 'vitest';
import { runClaim, runExamples } from '../../src/claims/runner.js';
import { claim as main, unconditional as variant } from '../../theorems/feasibility-region.js';
import { simplexEtf } from '../../constructions/simplex-etf.js';
import { measureFeasibility } from '../../theorems/feasibility-region.js';

describe('feasibility-region', () => {
  it('every stated example agrees with its independent value', async () => {
    expect(await runExamples(main)).toBeNull();
  });

  it('the claim holds on 60 random cases (seeded)', async () => {
    const v = await runClaim(main, { seed: 42, runs: 60 });
    expect(v.status, JSON.stringify(v)).toBe('holds');
  });

  it('the must-refute variant is refuted with a replayable counterexample', async () => {
    const v = await runClaim(variant, { seed: 42, runs: 60 });
    expect(v.status).toBe('refuted');
    expect(v.counterexample?.replay).toContain(variant.id);
  });
});

describe('feasibility-region at the simplex N = d + 1', () => {
  it('3m - (1 + b) = 2/(N - 1) exactly where the exact form is tight', () => {
    for (const n of [3, 5, 9]) {
      const x = simplexEtf(n);
      const r = measureFeasibility(x, x, () => 3);
      expect(r.detail.threeM).toBeCloseTo(-2 / (n - 1), 13);
    }
  });
});
