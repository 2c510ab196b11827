import type { ClaimDomain } from './domain.js';

/** Where a claim comes from. */
export interface ClaimSource {
  /** `LCS24`, `BBNP25`, `derived` (checked for this project), or a literature key. */
  readonly paper: string;
  /** Theorem, lemma, equation or section, e.g. `Thm 3.4` or `docs/theory.md §1`. */
  readonly ref: string;
}

/** A tolerance with its unit and the reason it is that size. */
export interface Tolerance {
  readonly kind: 'ulp' | 'relative' | 'absolute' | 'digits' | 'exact' | 'bound';
  /** A number, or a formula in words (e.g. `2 (d + N^2) N^2 u`) when it depends on the case. */
  readonly value: number | string;
  readonly why: string;
}

/**
 * A stated example, executed by the registry test: `run()` must return `expected` within
 * `tolerance` (absolute difference, or exact equality for strings and booleans).
 */
export interface ClaimExample {
  readonly name: string;
  readonly expected: number | string | boolean;
  /** Where `expected` comes from (closed form by hand, literature with citation, ...). */
  readonly from: string;
  /** Absolute tolerance for numbers; omitted means exact. */
  readonly tolerance?: number;
  readonly run: () => number | string | boolean | Promise<number | string | boolean>;
}

/** The closed union of reasons a verdict is not a plain `holds`. */
export type IssueCode =
  | 'tolerance_exceeded'
  | 'counterexample'
  | 'solver_not_converged'
  | 'symbolic_timeout'
  | 'example_failed'
  | 'exception';

/** The outcome of checking one claim. */
export type ClaimStatus = 'holds' | 'refuted' | 'error';

/** The worst case seen: the smallest slack (negative = violated), where, and what it measures. */
export interface Evidence {
  /** What the slack measures, e.g. `LHS - RHS + tol` or `tol - |c1 - c1(delta)|`. */
  readonly metric: string;
  readonly worstSlack: number;
  readonly at: unknown;
  /** Extra figures a reader wants (e.g. max error, runs of the solver). */
  readonly details?: Record<string, unknown>;
}

/** A refutation: the shrunk input, what was measured, and how to replay it. */
export interface Counterexample {
  readonly input: unknown;
  readonly message: string;
  readonly shrinks: number;
  /** The command that replays this exact case. */
  readonly replay: string;
}

/** A claim check's result: a value, never an exception. */
export interface Verdict {
  readonly id: string;
  readonly status: ClaimStatus;
  readonly expected: 'holds' | 'refuted';
  readonly cases: number;
  readonly evidence: Evidence | null;
  readonly counterexample: Counterexample | null;
  readonly issues: readonly IssueCode[];
  readonly seed: number;
  readonly ms: number | null;
  readonly message?: string;
}

/** What a check gets: the seed for its randomness, the number of random cases, a path to replay. */
export interface CheckContext {
  /** This claim's own seed, derived from the run's seed and the claim id. */
  readonly seed: number;
  /** The run's seed (`--seed`), the one a replay command needs. */
  readonly globalSeed: number;
  /** Random cases to try; the claim's `defaultRuns` unless overridden. */
  readonly runs: number;
  /** fast-check replay path of a reported counterexample, when replaying. */
  readonly path?: string;
  /** Extra effort flag: the full protocol instead of the CI budget (e.g. 10^4 solver steps). */
  readonly full?: boolean;
  /** Called after each random case of a property check (progress); `of` counts the examples too. */
  readonly onCase?: (done: number, of: number) => void;
}

/** The part of a check's outcome a claim computes; the runner adds id, seed, timing. */
export interface CheckOutcome {
  readonly status: ClaimStatus;
  readonly cases: number;
  readonly evidence: Evidence | null;
  readonly counterexample: Counterexample | null;
  readonly issues: readonly IssueCode[];
  readonly message?: string;
}

/**
 * A claim: the statement as data plus a check. `expected: 'refuted'` marks a "must refute"
 * variant (a hypothesis dropped or a constant broken) that shows the checker can fail.
 */
export interface Claim {
  readonly id: string;
  readonly title: string;
  readonly source: ClaimSource;
  readonly hypotheses: readonly string[];
  readonly statement: string;
  readonly latex: string;
  readonly examples: readonly ClaimExample[];
  readonly tolerance: Tolerance;
  readonly expected: 'holds' | 'refuted';
  /** For a must-refute variant: the claim it breaks and how. */
  readonly variantOf?: { readonly id: string; readonly change: string };
  /** Random cases per run by default (sized for CI). */
  readonly defaultRuns: number;
  /**
   * The declared domain of the randomized check: parameter ranges, corners, boundaries, and the
   * arbitrary that reaches them (a test samples it and checks every corner is hit).
   */
  // biome-ignore lint/suspicious/noExplicitAny: each claim has its own case type; the registry holds them all
  readonly domain?: ClaimDomain<any>;
  /** Derivation steps shown by `sigcheck explain` (optional). */
  readonly derivation?: readonly string[];
  readonly check: (ctx: CheckContext) => Promise<CheckOutcome> | CheckOutcome;
}
