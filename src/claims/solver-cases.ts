import { readableNumbers } from '../numeric/format.js';
import type { CheckContext, CheckOutcome, Evidence } from './types.js';

/** One measured solver output: slack >= 0 holds; `applies` says whether the law's hypothesis held. */
export interface SolverCase {
  /** What reproduces this case (size, seed, steps, loss), printed with a counterexample. */
  readonly input: Record<string, unknown>;
  readonly slack: number;
  readonly applies: boolean;
  /** Everything measured, kept in evidence. */
  readonly row: Record<string, unknown>;
}

/** How {@link withSolverCases} extends a property check. */
export interface SolverCasesSpec {
  readonly claimId: string;
  /** Number of solver runs; run k is produced by `run(k)`. */
  readonly runs: number;
  readonly run: (k: number) => SolverCase;
  /** The refutation message for a violating row. */
  readonly refuted: (c: SolverCase) => string;
  /** The error message when no run met the hypothesis (the check would be vacuous). */
  readonly vacuous: (rows: readonly Record<string, unknown>[]) => string;
  /** Extra figures for the evidence details (counts of the property part, say). */
  readonly details?: Record<string, unknown>;
}

/**
 * Appends solver-made cases to a property check that held: the worst slack over both parts is the
 * evidence, a violating run refutes (with the command that replays the whole check), and a run set
 * in which no output met the hypothesis is an error (`solver_not_converged`), never a vacuous holds.
 */
export function withSolverCases(
  ctx: CheckContext,
  property: CheckOutcome,
  spec: SolverCasesSpec,
): CheckOutcome {
  if (property.status !== 'holds') return property;
  let worst: Evidence | null = property.evidence;
  let applied = 0;
  const rows: Record<string, unknown>[] = [];
  for (let k = 0; k < spec.runs; k++) {
    const raw = spec.run(k);
    const c = { ...raw, row: readableNumbers(raw.row) as Record<string, unknown> };
    rows.push(c.row);
    if (!c.applies) continue;
    applied++;
    if (worst === null || c.slack < worst.worstSlack) {
      worst = {
        metric: property.evidence?.metric ?? '',
        worstSlack: c.slack,
        at: { solver: c.input },
        details: c.row,
      };
    }
    if (c.slack < 0) {
      return {
        status: 'refuted',
        cases: property.cases + k + 1,
        evidence: worst,
        counterexample: {
          input: { solver: c.input },
          message: spec.refuted(c),
          shrinks: 0,
          replay: `sigcheck verify --claim ${spec.claimId} --seed ${ctx.globalSeed}`,
        },
        issues: ['counterexample'],
      };
    }
  }
  const details = {
    ...(worst?.details ?? {}),
    ...(spec.details ?? {}),
    solverApplied: applied,
    solverRuns: spec.runs,
  };
  const evidence = worst === null ? null : { ...worst, details };
  if (applied === 0) {
    return {
      status: 'error',
      cases: property.cases + spec.runs,
      evidence,
      counterexample: null,
      issues: ['solver_not_converged'],
      message: spec.vacuous(rows),
    };
  }
  return { ...property, cases: property.cases + spec.runs, evidence };
}
