import { describe, expect, it } from 'vitest';
import { claim, DOMAIN_MAX_N, knownDomain } from '../../theorems/known-code-sizes.js';

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
