import { describe, expect, it } from 'vitest';
import { runClaim } from '../../src/claims/runner.js';
import {
  claim,
  DOMAIN_MAX_N,
  KISSING,
  KNOWN_TOL,
  knownDomain,
  knownSharpCases,
} from '../../theorems/known-code-sizes.js';

type KnownCase = Parameters<typeof knownDomain.values>[0];

describe('known-code-sizes: the declared domain and the pinned cases', () => {
  const on = (name: string, c: KnownCase) => knownDomain.boundaries!.find((b) => b.name === name)!.on(c);
  it('the boundaries: s = -1/n, and n = 1e6 at s = 0 and at s = -1/n', () => {
    expect(on('s = -1/n (u = 0)', { kind: 'simplex', n: 7, u: 0 })).toBe(true);
    expect(on('s = -1/n (u = 0)', { kind: 'simplex', n: 7, u: 0.5 })).toBe(false);
    expect(on('s = -1/n (u = 0)', { kind: 'orthoplex', n: 7 })).toBe(false);
    expect(on('n = 1e6 with s = 0', { kind: 'orthoplex', n: DOMAIN_MAX_N })).toBe(true);
    expect(on('n = 1e6 with s = 0', { kind: 'orthoplex', n: 7 })).toBe(false);
    expect(on('n = 1e6 with s = 0', { kind: 'simplex', n: DOMAIN_MAX_N, u: 0 })).toBe(false);
    expect(on('n = 1e6 with s = -1/n', { kind: 'simplex', n: DOMAIN_MAX_N, u: 0 })).toBe(true);
    expect(on('n = 1e6 with s = -1/n', { kind: 'simplex', n: DOMAIN_MAX_N, u: 0.5 })).toBe(false);
    expect(on('n = 1e6 with s = -1/n', { kind: 'simplex', n: 7, u: 0 })).toBe(false);
    expect(on('n = 1e6 with s = -1/n', { kind: 'orthoplex', n: DOMAIN_MAX_N })).toBe(false);
  });
  it('each kind of case reports its own parameters', () => {
    expect(knownDomain.values({ kind: 'kissing', i: 2 })).toEqual({ i: 2 });
    expect(knownDomain.values({ kind: 'orthoplex', n: 9 })).toEqual({ n: 9 });
    expect(knownDomain.values({ kind: 'simplex', n: 9, u: 0.25 })).toEqual({ n: 9, u: 0.25 });
  });
  it('the property check runs the five kissing configurations first', async () => {
    let total = 0;
    await claim.check({ seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) });
    expect(total).toBe(8);
  });
});

describe('known-code-sizes: what the evidence reports', () => {
  it('the worst case shows its covering bound, A(n, s) and Levenshtein in order', async () => {
    const v = await runClaim(claim, { seed: 42, runs: 30 });
    expect(v.status).toBe('holds');
    const d = v.evidence!.details as { size: number; lowerBound: number; levenshtein: number };
    expect(d.lowerBound).toBeLessThanOrEqual(d.size * (1 + 1e-12));
    expect(d.levenshtein).toBeGreaterThanOrEqual(d.size * (1 - 1e-12));
    expect(d.lowerBound).toBeGreaterThan(1);
  });
  it('the tight cases carry the declared relative tolerance: KNOWN_TOL times ln A (at least KNOWN_TOL)', () => {
    for (const c of knownSharpCases()) {
      const size = (c.row as { size: number }).size;
      expect(c.tolerance).toBe(KNOWN_TOL * Math.max(1, Math.log(size)));
    }
    expect(KISSING.length).toBe(5);
  });
});
