import { describe, expect, it } from 'vitest';
import { type SolverCase, withSolverCases } from '../../../src/claims/solver-cases.js';
import type { CheckOutcome } from '../../../src/claims/types.js';

const ctx = { seed: 1, globalSeed: 5, runs: 10 };
const held: CheckOutcome = {
  status: 'holds',
  cases: 10,
  evidence: { metric: 'm', worstSlack: 0.5, at: 'random' },
  counterexample: null,
  issues: [],
};
const cases =
  (slacks: readonly (number | null)[]) =>
  (k: number): SolverCase => ({
    input: { k },
    slack: slacks[k] ?? Number.POSITIVE_INFINITY,
    applies: slacks[k] !== null,
    row: { k },
  });
const spec = (slacks: readonly (number | null)[]) => ({
  claimId: 'x',
  runs: slacks.length,
  run: cases(slacks),
  refuted: (c: SolverCase) => `bad ${JSON.stringify(c.input)}`,
  vacuous: () => 'none applied',
});

describe('withSolverCases', () => {
  it('holds when every applying run has slack >= 0, and the worst slack over both parts is the evidence', () => {
    const out = withSolverCases(ctx, held, spec([0.2, null, 0.9]));
    expect(out.status).toBe('holds');
    expect(out.cases).toBe(13);
    expect(out.evidence?.worstSlack).toBe(0.2);
    expect(out.evidence?.details).toMatchObject({ solverApplied: 2, solverRuns: 3 });
  });

  it('a run with negative slack refutes, with a replay command carrying the run seed', () => {
    const out = withSolverCases(ctx, held, spec([0.2, -0.1, 0.9]));
    expect(out.status).toBe('refuted');
    expect(out.counterexample?.input).toEqual({ solver: { k: 1 } });
    expect(out.counterexample?.replay).toBe('sigcheck verify --claim x --seed 5');
  });

  it('no run meeting the hypothesis is an error (solver_not_converged), never a vacuous holds', () => {
    const out = withSolverCases(ctx, held, spec([null, null]));
    expect(out.status).toBe('error');
    expect(out.issues).toEqual(['solver_not_converged']);
  });

  it('a property part that did not hold is returned unchanged', () => {
    const failed: CheckOutcome = { ...held, status: 'refuted', issues: ['counterexample'] };
    expect(withSolverCases(ctx, failed, spec([0.1]))).toBe(failed);
  });
});
