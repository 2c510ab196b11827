import { performance } from 'node:perf_hooks';
import { UsageError } from '../errors.js';
import { deriveSeed } from '../numeric/float/rng.js';
import { readableNumbers } from '../numeric/format.js';
import type { Claim, CheckContext, CheckOutcome, Verdict } from './types.js';

/** Options of {@link runClaims}. */
export interface RunOptions {
  /** The run's seed; each claim gets deriveSeed(seed, id). */
  readonly seed: number;
  /** Random cases per claim; each claim's `defaultRuns` when omitted. */
  readonly runs?: number;
  /** fast-check replay path (only meaningful with one claim). */
  readonly path?: string;
  /** The full protocol instead of the CI budget. @defaultValue false */
  readonly full?: boolean;
  /** Record wall time per claim; off gives `ms: null` and byte-identical output. @defaultValue true */
  readonly timings?: boolean;
  /** Called after each claim (progress). */
  readonly onVerdict?: (v: Verdict, index: number, total: number) => void;
  /** Called after each random case of a claim's property check (progress within a long claim). */
  readonly onCase?: (claimId: string, done: number, of: number) => void;
}

/** The counts of a run. `unexpected` counts verdicts whose status is not the claim's expected one. */
export interface RunSummary {
  readonly holds: number;
  readonly refuted: number;
  readonly error: number;
  readonly unexpected: number;
}

/** Verdicts plus their summary. */
export interface RunResult {
  readonly seed: number;
  readonly claims: readonly Verdict[];
  readonly summary: RunSummary;
}

/** Runs a claim's stated examples; returns a failure message, or null when all agree. */
export async function runExamples(claim: Claim): Promise<string | null> {
  for (const ex of claim.examples) {
    const actual = await ex.run();
    const ok =
      typeof ex.expected === 'number' && typeof actual === 'number'
        ? Math.abs(actual - ex.expected) <= (ex.tolerance ?? 0)
        : actual === ex.expected;
    if (!ok) {
      return `example '${ex.name}': actual ${String(actual)}, expected ${String(ex.expected)} (${ex.from}), tolerance ${ex.tolerance ?? 0}`;
    }
  }
  return null;
}

/** Checks one claim: its examples, then its randomized check. Throws only a {@link UsageError}. */
export async function runClaim(claim: Claim, opts: RunOptions): Promise<Verdict> {
  const seed = deriveSeed(opts.seed, claim.id);
  const ctx: CheckContext = {
    seed,
    globalSeed: opts.seed,
    runs: opts.runs ?? claim.defaultRuns,
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(opts.full ? { full: true } : {}),
    ...(opts.onCase ? { onCase: (done: number, of: number) => opts.onCase?.(claim.id, done, of) } : {}),
  };
  const start = performance.now();
  let outcome: CheckOutcome;
  try {
    const exampleFailure = await runExamples(claim);
    if (exampleFailure !== null) {
      outcome = {
        status: 'refuted',
        cases: claim.examples.length,
        evidence: null,
        counterexample: {
          input: 'stated example',
          message: exampleFailure,
          shrinks: 0,
          replay: `sigcheck verify --claim ${claim.id}`,
        },
        issues: ['example_failed'],
      };
    } else {
      outcome = await claim.check(ctx);
    }
  } catch (e) {
    // a user error (a bad replay path, say) is not the claim's verdict: the CLI reports it
    if (e instanceof UsageError) throw e;
    outcome = {
      status: 'error',
      cases: 0,
      evidence: null,
      counterexample: null,
      issues: ['exception'],
      message: e instanceof Error ? e.message : String(e),
    };
  }
  const ms = opts.timings === false ? null : Math.round(performance.now() - start);
  return {
    id: claim.id,
    status: outcome.status,
    expected: claim.expected,
    cases: outcome.cases,
    // checks that build evidence by hand get the same readable numbers as property checks
    evidence: readableNumbers(outcome.evidence) as Verdict['evidence'],
    counterexample: outcome.counterexample
      ? { ...outcome.counterexample, input: readableNumbers(outcome.counterexample.input) }
      : null,
    issues: outcome.issues,
    seed: opts.seed,
    ms,
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
  };
}

/** Runs claims in order and summarises. */
export async function runClaims(claims: readonly Claim[], opts: RunOptions): Promise<RunResult> {
  const verdicts: Verdict[] = [];
  for (const [k, claim] of claims.entries()) {
    const v = await runClaim(claim, opts);
    verdicts.push(v);
    opts.onVerdict?.(v, k, claims.length);
  }
  return { seed: opts.seed, claims: verdicts, summary: summarize(verdicts) };
}

/** Counts statuses and unexpected outcomes. */
export function summarize(verdicts: readonly Verdict[]): RunSummary {
  let holds = 0;
  let refuted = 0;
  let error = 0;
  let unexpected = 0;
  for (const v of verdicts) {
    if (v.status === 'holds') holds++;
    else if (v.status === 'refuted') refuted++;
    else error++;
    if (v.status !== v.expected) unexpected++;
  }
  return { holds, refuted, error, unexpected };
}
