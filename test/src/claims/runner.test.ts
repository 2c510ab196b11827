import { describe, expect, it } from 'vitest';
import { checkProperty } from '../../../src/claims/property.js';
import { runClaim, runClaims } from '../../../src/claims/runner.js';
import type { Claim } from '../../../src/claims/types.js';
import fc from 'fast-check';
import { claim as innerProducts } from '../../../theorems/ccem-inner-products.js';

const base: Omit<Claim, 'check' | 'id' | 'expected'> = {
  title: 't',
  source: { paper: 'test', ref: 'runner' },
  hypotheses: ['x in [0, 1]'],
  statement: 's',
  latex: 'l',
  examples: [],
  tolerance: { kind: 'exact', value: 0, why: 'test' },
  defaultRuns: 50,
};

/** x^2 <= x on [0, 1]: true; x^2 <= x/2: false near 1. */
const squareBelow =
  (c: number): Claim['check'] =>
  (ctx) =>
    checkProperty(ctx, {
      claimId: 'sq',
      arbitrary: fc.double({ min: 0, max: 1, noNaN: true }),
      metric: 'c x - x^2',
      measure: (x) => ({ slack: c * x - x * x }),
    });

describe('the claim runner', () => {
  it('a true law holds, a false one is refuted with a shrunk counterexample and a replay command', async () => {
    const good = await runClaim({ ...base, id: 'sq', expected: 'holds', check: squareBelow(1) }, { seed: 5 });
    expect(good.status).toBe('holds');
    expect(good.cases).toBe(50);
    expect(good.evidence?.worstSlack).toBeGreaterThanOrEqual(0);
    const bad = await runClaim(
      { ...base, id: 'sq', expected: 'holds', check: squareBelow(0.5) },
      { seed: 5 },
    );
    expect(bad.status).toBe('refuted');
    expect(bad.issues).toEqual(['counterexample']);
    expect(bad.counterexample?.replay).toMatch(/^sigcheck verify --claim sq --seed 5 --path /);
  });

  it('replaying the printed path reproduces the same counterexample', async () => {
    const claim: Claim = { ...base, id: 'sq', expected: 'holds', check: squareBelow(0.5) };
    const first = await runClaim(claim, { seed: 11 });
    const path = first.counterexample!.replay.split('--path ')[1]!;
    const again = await runClaim(claim, { seed: 11, path });
    expect(again.counterexample?.input).toEqual(first.counterexample?.input);
  });

  it('a claim whose status differs from its expected one counts as unexpected (exit 1 in verify)', async () => {
    const run = await runClaims(
      [
        { ...base, id: 'a', expected: 'holds', check: squareBelow(0.5) },
        { ...base, id: 'b', expected: 'refuted', check: squareBelow(0.5) },
      ],
      { seed: 1 },
    );
    expect(run.summary).toEqual({ holds: 0, refuted: 2, error: 0, unexpected: 1 });
  });

  it('an exception inside a check is an error verdict, not a crash', async () => {
    const v = await runClaim(
      {
        ...base,
        id: 'boom',
        expected: 'holds',
        check: () => {
          throw new Error('kaboom');
        },
      },
      { seed: 1 },
    );
    expect(v.status).toBe('error');
    expect(v.message).toBe('kaboom');
  });

  it('a stated example that disagrees refutes the claim with example_failed', async () => {
    const v = await runClaim(
      {
        ...innerProducts,
        examples: [{ name: 'wrong', expected: 1, from: 'deliberately wrong', tolerance: 0, run: () => 0 }],
      },
      { seed: 1 },
    );
    expect(v.status).toBe('refuted');
    expect(v.issues).toEqual(['example_failed']);
  });

  it('the same seed gives the same verdicts; timings off gives byte-identical JSON', async () => {
    const a = await runClaims([innerProducts], { seed: 3, timings: false });
    const b = await runClaims([innerProducts], { seed: 3, timings: false });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('a property check runs every stated example, then `runs` random cases', () => {
  const ctx = { seed: 3, globalSeed: 3, runs: 1 };
  it('runs 1 with three examples measures the three and one random case', () => {
    const seen: number[] = [];
    const progress: [number, number][] = [];
    const out = checkProperty(
      { ...ctx, onCase: (done, of) => progress.push([done, of]) },
      {
        claimId: 'ex',
        arbitrary: fc.double({ min: 0, max: 0.5, noNaN: true }),
        metric: 'x',
        measure: (x) => {
          seen.push(x);
          return { slack: 1 };
        },
        examples: [0.75, 0.875, 1],
      },
    );
    expect(out.status).toBe('holds');
    expect(out.cases).toBe(4);
    expect(seen.slice(0, 3)).toEqual([0.75, 0.875, 1]);
    expect(seen[3]).toBeLessThanOrEqual(0.5);
    expect(progress.at(-1)).toEqual([4, 4]);
  });
  it('an example past the first that breaks the law refutes it, at any runs', () => {
    const out = checkProperty(ctx, {
      claimId: 'ex',
      arbitrary: fc.constant(0),
      metric: 'x',
      measure: (x) => ({ slack: x === 2 ? -1 : 1 }),
      examples: [1, 2],
    });
    expect(out.status).toBe('refuted');
  });
});
