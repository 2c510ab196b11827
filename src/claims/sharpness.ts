import type { CheckContext, CheckOutcome } from './types.js';

/**
 * One case on the tight side of a law: `gap` is how far the construction that attains the bound
 * stays from it (as the claim itself measures it), `tolerance` the largest gap still counted as
 * attained. `applies` is false when the claim's own hypothesis excludes a case it must cover.
 */
export interface SharpCase {
  readonly input: Record<string, unknown>;
  readonly gap: number;
  readonly tolerance: number;
  readonly applies: boolean;
  readonly row: Record<string, unknown>;
}

/** How {@link withSharpness} extends a check that held. */
export interface SharpnessSpec {
  readonly claimId: string;
  /** What `gap` measures, e.g. `1 + b - (3 - 4/N) m at the simplex N = d + 1`. */
  readonly metric: string;
  readonly cases: () => readonly SharpCase[];
  /** Extra figures for the evidence (e.g. how many cases below the boundary were refuted). */
  readonly details?: () => Record<string, unknown>;
}

/**
 * Checks the tight side of a law that held: every case that attains the bound must be inside the
 * claim's hypothesis and meet the bound within its tolerance, else the claim is refuted (a weaker
 * constant or a narrower hypothesis still "holds" on the loose side only). The closest approach
 * min |gap|, the largest |gap| and the case nearest its tolerance go into the evidence.
 */
export function withSharpness(ctx: CheckContext, outcome: CheckOutcome, spec: SharpnessSpec): CheckOutcome {
  if (outcome.status !== 'holds') return outcome;
  const cases = spec.cases();
  let closest = Number.POSITIVE_INFINITY;
  let farthest = 0;
  let worst: SharpCase | null = null;
  let worstSlack = Number.POSITIVE_INFINITY;
  for (const c of cases) {
    // NaN gaps count as misses
    const slack = c.applies ? c.tolerance - Math.abs(c.gap) : Number.NEGATIVE_INFINITY;
    const s = Number.isNaN(slack) ? Number.NEGATIVE_INFINITY : slack;
    if (c.applies && Math.abs(c.gap) < closest) closest = Math.abs(c.gap);
    if (c.applies && !(Math.abs(c.gap) <= farthest)) farthest = Math.abs(c.gap);
    if (worst === null || s < worstSlack) {
      worst = c;
      worstSlack = s;
    }
  }
  const sharpness = {
    metric: spec.metric,
    cases: cases.length,
    closestApproach: closest,
    largestGap: farthest,
    worstGap: worst?.gap ?? null,
    worstTolerance: worst?.tolerance ?? null,
    worstAt: worst?.input ?? null,
    ...(spec.details ? spec.details() : {}),
  };
  const evidence = outcome.evidence
    ? { ...outcome.evidence, details: { ...outcome.evidence.details, sharpness } }
    : { metric: spec.metric, worstSlack, at: worst?.input ?? null, details: { sharpness } };
  if (worst !== null && worstSlack < 0) {
    const why = worst.applies
      ? `the bound is not attained where it is tight: gap ${worst.gap} > tolerance ${worst.tolerance}`
      : 'a case on the boundary of the hypothesis is excluded by the claim as checked';
    return {
      status: 'refuted',
      cases: outcome.cases + cases.length,
      evidence,
      counterexample: {
        input: { sharp: worst.input },
        message: `not sharp: ${why} (${spec.metric}): ${JSON.stringify(worst.row)}`,
        shrinks: 0,
        replay: `sigcheck verify --claim ${spec.claimId} --seed ${ctx.globalSeed}`,
      },
      issues: ['counterexample'],
    };
  }
  if (cases.length === 0) {
    return {
      status: 'error',
      cases: outcome.cases,
      evidence,
      counterexample: null,
      issues: ['exception'],
      message: `${spec.claimId}: no case on the tight side was built`,
    };
  }
  return { ...outcome, cases: outcome.cases + cases.length, evidence };
}
