import fc from 'fast-check';
import { UsageError } from '../errors.js';
import { readableNumbers } from '../numeric/format.js';
import type { CheckContext, CheckOutcome, Evidence } from './types.js';

/** One measured case: `slack >= 0` means the law holds there (e.g. tolerance minus error). */
export interface Measurement {
  readonly slack: number;
  /** What was measured, printed with a counterexample (actual, expected, difference, tolerance). */
  readonly detail?: Record<string, unknown>;
}

/** How a property check is set up. */
export interface PropertyCheck<T> {
  readonly claimId: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly measure: (input: T) => Measurement;
  /** Words for what slack measures, e.g. `tol - |actual - expected|`. */
  readonly metric: string;
  /** Cases that always run first (pinned counterexamples, exact corner cases). */
  readonly examples?: readonly T[];
  /** How to show an input in evidence and counterexamples (defaults to itself). */
  readonly show?: (input: T) => unknown;
}

/** A measurement whose detail a person can read: decimals with thousands of zeros in exponent form. */
function readable(m: Measurement): Measurement {
  return m.detail ? { slack: m.slack, detail: readableNumbers(m.detail) as Record<string, unknown> } : m;
}

/** Longest replay path accepted (a printed path has a few dozen shrink steps). */
const MAX_REPLAY_PATH_CHARS = 10_000;

/** A fast-check replay path: run index, then shrink steps, `:`-separated decimal integers. */
const REPLAY_PATH = /^(0|[1-9][0-9]{0,8})(:(0|[1-9][0-9]{0,8}))*$/;

/**
 * Checks a replay path before fast-check sees it: the format (`--path abc` is a user error), and,
 * when `cases` is given, that its run index is one of the `cases` runs the check makes (a path
 * such as `1e9` would otherwise make fast-check generate a billion cases to reach it).
 * @throws UsageError naming the path and the valid range.
 */
export function validateReplayPath(path: string, cases?: number): void {
  if (path.length > MAX_REPLAY_PATH_CHARS) {
    throw new UsageError(
      `verify: replay path of ${path.length} characters, longer than the ${MAX_REPLAY_PATH_CHARS} a printed path ever needs`,
    );
  }
  if (!REPLAY_PATH.test(path)) {
    throw new UsageError(
      `verify: invalid replay path '${path.length > 40 ? `${path.slice(0, 40)}...` : path}': expected integers separated by ':' (as printed after --path in a replay command)`,
    );
  }
  const run = Number(path.split(':')[0]);
  if (cases !== undefined && run >= cases) {
    throw new UsageError(
      `verify: invalid replay path '${path}': run ${run} is out of range, this check makes runs 0..${cases - 1}`,
    );
  }
}

/**
 * Runs a law as a fast-check property with the context's seed and run count, tracking the worst
 * slack as evidence; a violation comes back shrunk, with the command that replays it.
 */
export function checkProperty<T>(ctx: CheckContext, spec: PropertyCheck<T>): CheckOutcome {
  const show = spec.show ?? ((x: T) => x);
  // the stated examples, then `runs` random cases
  const total = ctx.runs + (spec.examples?.length ?? 0);
  let worst: { slack: number; at: unknown; detail?: Record<string, unknown> } | null = null;
  let cases = 0;
  let tracking = true;
  let thrown: unknown;
  const property = fc.property(spec.arbitrary, (input) => {
    let m: Measurement;
    try {
      m = readable(spec.measure(input));
    } catch (e) {
      thrown ??= e;
      return false;
    }
    if (tracking) {
      cases++;
      ctx.onCase?.(cases, total);
      if (worst === null || !(m.slack >= worst.slack)) {
        worst = m.detail
          ? { slack: m.slack, at: show(input), detail: m.detail }
          : { slack: m.slack, at: show(input) };
      }
    }
    return m.slack >= 0;
  });
  if (ctx.path !== undefined) validateReplayPath(ctx.path, total);
  const params: fc.Parameters<[T]> = {
    seed: ctx.seed,
    // fast-check counts the examples inside numRuns (numRuns 1 with 3 examples runs one of them):
    // the stated examples always run, then `runs` random cases
    numRuns: total,
    ...(ctx.path !== undefined ? { path: ctx.path } : {}),
    ...(spec.examples ? { examples: spec.examples.map((e) => [e] as [T]) } : {}),
  };
  const details = fc.check(property, params);
  tracking = false;
  const w = worst as { slack: number; at: unknown; detail?: Record<string, unknown> } | null;
  const evidence: Evidence | null = w
    ? { metric: spec.metric, worstSlack: w.slack, at: w.at, ...(w.detail ? { details: w.detail } : {}) }
    : null;
  if (thrown !== undefined) {
    // an exception inside a measurement is a bug in the check, not a refutation
    return {
      status: 'error',
      cases,
      evidence,
      counterexample: null,
      issues: ['exception'],
      message: thrown instanceof Error ? thrown.message : String(thrown),
    };
  }
  if (details.failed && details.counterexample) {
    const ce = details.counterexample[0];
    const m = readable(spec.measure(ce));
    return {
      status: 'refuted',
      cases,
      evidence: {
        metric: spec.metric,
        worstSlack: m.slack,
        at: show(ce),
        ...(m.detail ? { details: m.detail } : {}),
      },
      counterexample: {
        input: show(ce),
        message: `slack ${m.slack} < 0 (${spec.metric})${m.detail ? `: ${JSON.stringify(m.detail)}` : ''}`,
        shrinks: details.numShrinks,
        replay: `sigcheck verify --claim ${spec.claimId} --seed ${ctx.globalSeed} --path ${details.counterexamplePath ?? ''}`,
      },
      issues: ['counterexample'],
    };
  }
  return { status: 'holds', cases, evidence, counterexample: null, issues: [] };
}
