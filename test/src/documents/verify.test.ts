import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/claims/runner.js';
import type { Claim, Verdict } from '../../../src/claims/types.js';
import { buildVerifyDocument, parseVerifyDoc } from '../../../src/documents/verify.js';
import { UsageError } from '../../../src/errors.js';
import { toJson } from '../../../src/report/output.js';

const holds: Verdict = {
  id: 'a-claim',
  status: 'holds',
  expected: 'holds',
  cases: 12,
  evidence: {
    metric: 'tol - |x - y|',
    worstSlack: Number.NEGATIVE_INFINITY,
    at: { n: 3 },
    details: { k: 1 },
  },
  counterexample: null,
  issues: [],
  seed: 99,
  ms: null,
};
const refuted: Verdict = {
  id: 'a-claim/broken',
  status: 'refuted',
  expected: 'refuted',
  cases: 4,
  evidence: null,
  counterexample: {
    input: [1, 2],
    message: 'LHS > RHS',
    shrinks: 3,
    replay: 'sigcheck verify --claim a-claim/broken',
  },
  issues: ['counterexample'],
  seed: 98,
  ms: 17,
  message: 'refuted at n = 2',
};
const run: RunResult = {
  seed: 5,
  claims: [holds, refuted],
  summary: { holds: 1, refuted: 1, error: 0, unexpected: 0 },
};
// Only the id and source of a claim enter the document.
const claims = [
  { id: 'a-claim', source: { paper: 'LCS24', ref: 'Thm 1' } },
  { id: 'a-claim/broken', source: { paper: 'derived', ref: 'docs/theory.md §1' } },
] as unknown as Claim[];

const written = (): Record<string, unknown> =>
  JSON.parse(toJson(buildVerifyDocument(run, claims))) as Record<string, unknown>;
const firstClaim = (doc: Record<string, unknown>): Record<string, unknown> =>
  (doc.claims as Record<string, unknown>[])[0]!;

describe('verify document', () => {
  it('build -> serialise -> parse: each verdict without its seed, with its source', () => {
    const back = parseVerifyDoc(written(), 'v');
    expect(back).toEqual({
      seed: 5,
      claims: [
        {
          id: 'a-claim',
          source: 'LCS24 Thm 1',
          status: 'holds',
          expected: 'holds',
          cases: 12,
          evidence: { metric: 'tol - |x - y|', worstSlack: '-Infinity', at: { n: 3 }, details: { k: 1 } },
          counterexample: null,
          issues: [],
          ms: null,
        },
        {
          id: 'a-claim/broken',
          source: 'derived docs/theory.md §1',
          status: 'refuted',
          expected: 'refuted',
          cases: 4,
          evidence: null,
          counterexample: refuted.counterexample,
          issues: ['counterexample'],
          message: 'refuted at n = 2',
          ms: 17,
        },
      ],
      summary: { holds: 1, refuted: 1, error: 0, unexpected: 0 },
    });
    expect(Object.keys(firstClaim(written()))).toEqual([
      'id',
      'source',
      'status',
      'expected',
      'cases',
      'evidence',
      'counterexample',
      'issues',
      'ms',
    ]);
  });

  it.each([
    ['seed', (d: Record<string, unknown>) => delete d.seed, /v\.seed must be a number/],
    ['claims', (d: Record<string, unknown>) => delete d.claims, /v\.claims must be an array/],
    ['summary', (d: Record<string, unknown>) => delete d.summary, /v\.summary must be an object/],
    [
      'summary.unexpected',
      (d: Record<string, unknown>) => delete (d.summary as Record<string, unknown>).unexpected,
      /v\.summary\.unexpected must be a number/,
    ],
    [
      'claims[0].id',
      (d: Record<string, unknown>) => delete firstClaim(d).id,
      /v\.claims\[0\]\.id must be a string/,
    ],
    [
      'claims[0].status',
      (d: Record<string, unknown>) => delete firstClaim(d).status,
      /v\.claims\[0\]\.status must be one of holds, refuted, error/,
    ],
    [
      'claims[0].expected',
      (d: Record<string, unknown>) => delete firstClaim(d).expected,
      /v\.claims\[0\]\.expected must be one of holds, refuted/,
    ],
    [
      'claims[0].cases',
      (d: Record<string, unknown>) => delete firstClaim(d).cases,
      /v\.claims\[0\]\.cases must be a number/,
    ],
    [
      'claims[0].evidence.metric',
      (d: Record<string, unknown>) => delete (firstClaim(d).evidence as Record<string, unknown>).metric,
      /v\.claims\[0\]\.evidence\.metric must be a string/,
    ],
    [
      'claims[1].counterexample.replay',
      (d: Record<string, unknown>) =>
        delete ((d.claims as Record<string, unknown>[])[1]!.counterexample as Record<string, unknown>).replay,
      /v\.claims\[1\]\.counterexample\.replay must be a string/,
    ],
  ])('a document without %s is refused, naming the field', (_field, drop, message) => {
    const doc = written();
    drop(doc);
    expect(() => parseVerifyDoc(doc, 'v')).toThrow(UsageError);
    expect(() => parseVerifyDoc(doc, 'v')).toThrow(message);
  });
});
