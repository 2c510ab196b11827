import { describe, expect, it } from 'vitest';
import { type SharpCase, withSharpness } from '../../../src/claims/sharpness.js';
import type { CheckOutcome } from '../../../src/claims/types.js';

const ctx = { seed: 1, globalSeed: 42, runs: 10 };
const held: CheckOutcome = {
  status: 'holds',
  cases: 10,
  evidence: { metric: 'm', worstSlack: 0.5, at: { x: 1 }, details: { k: 1 } },
  counterexample: null,
  issues: [],
};
const c = (gap: number, tolerance: number, applies = true): SharpCase => ({
  input: { gap },
  gap,
  tolerance,
  applies,
  row: { gap },
});
const spec = (cases: SharpCase[]) => ({ claimId: 'x', metric: 'gap', cases: () => cases });

describe('withSharpness', () => {
  it('a bound met within tolerance holds, with closest approach and largest gap in the evidence', () => {
    const out = withSharpness(ctx, held, spec([c(1e-15, 1e-12), c(-3e-13, 1e-12)]));
    expect(out.status).toBe('holds');
    expect(out.cases).toBe(12);
    expect(out.evidence?.worstSlack).toBe(0.5);
    expect(out.evidence?.details?.k).toBe(1);
    const s = out.evidence?.details?.sharpness as Record<string, unknown>;
    expect(s).toMatchObject({ cases: 2, closestApproach: 1e-15, largestGap: 3e-13, worstGap: -3e-13 });
  });

  it('a gap beyond tolerance, a NaN gap, or a boundary case outside the hypothesis refutes', () => {
    for (const [cases, why] of [
      [[c(0, 1e-12), c(2e-12, 1e-12)], /^not sharp: the bound is not attained/],
      [[c(Number.NaN, 1)], /^not sharp: the bound is not attained/],
      [[c(0, 0), c(0, 0, false)], /^not sharp: a case on the boundary/],
    ] as const) {
      const out = withSharpness(ctx, held, spec([...cases]));
      expect(out.status).toBe('refuted');
      expect(out.issues).toEqual(['counterexample']);
      expect(out.counterexample?.message).toMatch(why);
      expect(out.counterexample?.replay).toBe('sigcheck verify --claim x --seed 42');
    }
  });

  it('passes a refuted or erroring outcome through untouched, and calls no case set empty a pass', () => {
    const refuted: CheckOutcome = { ...held, status: 'refuted' };
    expect(withSharpness(ctx, refuted, spec([c(1, 0)]))).toBe(refuted);
    const none = withSharpness(ctx, held, spec([]));
    expect(none.status).toBe('error');
    expect(none.message).toMatch(/no case on the tight side/);
    const noEvidence = withSharpness(ctx, { ...held, evidence: null }, spec([c(0, 1)]));
    expect(noEvidence.evidence?.details?.sharpness).toBeDefined();
  });
});
