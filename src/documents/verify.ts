/**
 * The `verify --format json` document: its type (derived from the runner's verdicts), the builder
 * that serialises a run, and the parser the report reads it back with.
 */
import type { RunResult, RunSummary } from '../claims/runner.js';
import type { Claim, Evidence, Verdict } from '../claims/types.js';
import { UsageError } from '../errors.js';
import { finiteNum, isObj, obj, oneOf, optStr, show, str } from './parse.js';

/**
 * A claim's verdict as `sigcheck verify --format json` writes it: the runner's {@link Verdict}
 * without its per-claim seed, with the claim's source. Read back, a non-finite worst slack is the
 * string the JSON writer made of it, details are whatever JSON holds, and issue codes are words
 * (files from other versions may carry codes this one does not know).
 */
export type VerdictDoc = Omit<Verdict, 'seed' | 'evidence' | 'issues'> & {
  readonly source: string;
  readonly evidence:
    | (Omit<Evidence, 'worstSlack' | 'details'> & {
        /** A number, or a string such as `-Infinity` (the JSON writer keeps non-finite values as strings). */
        readonly worstSlack: number | string;
        readonly details?: unknown;
      })
    | null;
  readonly issues: readonly string[];
};

/** The `sigcheck verify --format json` document. */
export interface VerifyDoc {
  readonly seed: number;
  readonly claims: readonly VerdictDoc[];
  readonly summary: RunSummary;
}

/** One verdict as written, in the output's key order (`message` only when there is one). */
export function verdictDocument(v: Verdict, source: string): VerdictDoc {
  return {
    id: v.id,
    source,
    status: v.status,
    expected: v.expected,
    cases: v.cases,
    evidence: v.evidence,
    counterexample: v.counterexample,
    issues: v.issues,
    ...(v.message !== undefined ? { message: v.message } : {}),
    ms: v.ms,
  };
}

/** The verify document of a run: each verdict with its claim's source (`paper ref`), and the summary. */
export function buildVerifyDocument(run: RunResult, claims: readonly Claim[]): VerifyDoc {
  const source = new Map(claims.map((c) => [c.id, `${c.source.paper} ${c.source.ref}`]));
  return {
    seed: run.seed,
    claims: run.claims.map((v) => verdictDocument(v, source.get(v.id) ?? '')),
    summary: run.summary,
  };
}

/** Most verdicts a report takes (the registry holds a few dozen claims). */
export const MAX_REPORT_CLAIMS = 10_000;

/**
 * Checks a `verify --format json` document (as parsed JSON) and returns it typed.
 * @param where - names the input in messages, e.g. `report: --from verify.json`
 */
export function parseVerifyDoc(x: unknown, where: string): VerifyDoc {
  const o = obj(x, where);
  const seed = finiteNum(o, 'seed', where);
  if (!Array.isArray(o.claims))
    throw new UsageError(`${where}.claims must be an array, got ${show(o.claims)}`);
  if (o.claims.length > MAX_REPORT_CLAIMS) {
    throw new UsageError(
      `${where}.claims has ${o.claims.length} verdicts, more than the ${MAX_REPORT_CLAIMS} a report takes`,
    );
  }
  const seenIds = new Set<unknown>();
  for (const [k, c] of o.claims.entries()) {
    const id = isObj(c) ? c.id : undefined;
    if (typeof id === 'string' && seenIds.has(id)) {
      throw new UsageError(`${where}.claims[${k}]: claim ${show(id)} appears twice (one verdict per claim)`);
    }
    seenIds.add(id);
  }
  const claims = o.claims.map((c, k): VerdictDoc => {
    const w = `${where}.claims[${k}]`;
    const v = obj(c, w);
    let evidence: VerdictDoc['evidence'] = null;
    if (v.evidence !== null && v.evidence !== undefined) {
      const e = obj(v.evidence, `${w}.evidence`);
      const slack = e.worstSlack;
      if (typeof slack !== 'number' && typeof slack !== 'string') {
        throw new UsageError(`${w}.evidence.worstSlack must be a number, got ${show(slack)}`);
      }
      evidence = {
        metric: str(e, 'metric', `${w}.evidence`),
        worstSlack: slack,
        at: e.at,
        ...(e.details !== undefined ? { details: e.details } : {}),
      };
    }
    let counterexample: VerdictDoc['counterexample'] = null;
    if (v.counterexample !== null && v.counterexample !== undefined) {
      const cx = obj(v.counterexample, `${w}.counterexample`);
      counterexample = {
        input: cx.input,
        message: str(cx, 'message', `${w}.counterexample`),
        shrinks: finiteNum(cx, 'shrinks', `${w}.counterexample`),
        replay: str(cx, 'replay', `${w}.counterexample`),
      };
    }
    const issues = v.issues ?? [];
    if (!Array.isArray(issues) || !issues.every((i) => typeof i === 'string')) {
      throw new UsageError(`${w}.issues must be an array of strings, got ${show(issues)}`);
    }
    const ms = v.ms === null || v.ms === undefined ? null : finiteNum(v, 'ms', w);
    return {
      id: str(v, 'id', w),
      source: typeof v.source === 'string' ? v.source : '',
      status: oneOf(v, 'status', w, ['holds', 'refuted', 'error'] as const),
      expected: oneOf(v, 'expected', w, ['holds', 'refuted'] as const),
      cases: finiteNum(v, 'cases', w),
      evidence,
      counterexample,
      issues: issues as string[],
      ...optStr(v, 'message', w),
      ms,
    };
  });
  const s = obj(o.summary, `${where}.summary`);
  const summary = {
    holds: finiteNum(s, 'holds', `${where}.summary`),
    refuted: finiteNum(s, 'refuted', `${where}.summary`),
    error: finiteNum(s, 'error', `${where}.summary`),
    unexpected: finiteNum(s, 'unexpected', `${where}.summary`),
  };
  return { seed, claims, summary };
}
