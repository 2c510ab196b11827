/**
 * The `explain` document: a claim as data (statement, hypotheses, derivation, LaTeX, tolerance,
 * examples) and, on request, the live symbolic derivation with its numeric checks.
 */
import type { Claim } from '../claims/types.js';
import { UsageError } from '../errors.js';
import { type CcemDerivation, deriveCcem } from '../symbolic/ccem.js';

export type { CcemDerivation };

/** Claims whose derivation can be run live by computer algebra. */
export const LIVE_DERIVATIONS: ReadonlySet<string> = new Set([
  'ccem-thresholds',
  'ccem-general-thresholds',
  'ccem-optimality',
  'ccem-monotone-delta',
]);

/** What `buildExplain` needs: the claim, whether to run the live derivation, and its seed. */
export interface ExplainInput {
  readonly claim: Claim;
  readonly derive: boolean;
  /** seed of the random check points of the live derivation */
  readonly seed: number;
}

/** A claim and its live derivation (null when none was asked for). */
export interface Explanation {
  readonly claim: Claim;
  readonly live: CcemDerivation | null;
}

/**
 * Runs what `explain` shows: the live derivation when asked for (a claim without one, variants
 * included by their parent's id, is a usage error).
 */
export async function buildExplain(input: ExplainInput): Promise<Explanation> {
  const { claim, derive, seed } = input;
  if (derive && !LIVE_DERIVATIONS.has(claim.id.split('/')[0]!)) {
    throw new UsageError(
      `explain: no live derivation for '${claim.id}' (available: ${[...LIVE_DERIVATIONS].join(', ')})`,
    );
  }
  return { claim, live: derive ? await deriveCcem({ seed }) : null };
}

/** The `explain --format json` document: the claim as data without its check, examples by value. */
export function explainDocument(c: Claim, live: CcemDerivation | null): Record<string, unknown> {
  const { check: _check, examples, domain, ...data } = c;
  // the domain as declared: the fast-check arbitrary is an object graph of the library's internals
  // (it printed "maxDepth": "Infinity"), and values() is code
  let declared: Record<string, unknown> | undefined;
  if (domain) {
    const { arbitrary: _arbitrary, values: _values, ...rest } = domain;
    declared = rest;
  }
  return {
    ...data,
    ...(declared ? { domain: declared } : {}),
    examples: examples.map((e) => ({ name: e.name, expected: e.expected, from: e.from })),
    ...(live ? { live } : {}),
  };
}
