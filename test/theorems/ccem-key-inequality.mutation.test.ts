import { describe, expect, it } from 'vitest';
import { check, type KeyCase, keyDomain } from '../../theorems/ccem-key-inequality.js';

const exact = (n: number) => (n - 2) / 2;

describe('ccem-key-inequality: the declared domain and the pinned cases', () => {
  it('the boundaries pick CCEM in d = N and random cases with d < N', () => {
    const [ccemDN, below] = keyDomain.boundaries!;
    const ccem: KeyCase = { kind: 'ccem', n: 4, d: 4, delta: 0, seed: 1 };
    expect(ccemDN!.on(ccem)).toBe(true);
    expect(ccemDN!.on({ ...ccem, d: 5 })).toBe(false);
    expect(ccemDN!.on({ kind: 'random', n: 4, d: 4, seed: 1 })).toBe(false);
    expect(below!.on({ kind: 'random', n: 4, d: 3, seed: 1 })).toBe(true);
    expect(below!.on({ kind: 'random', n: 4, d: 4, seed: 1 })).toBe(false);
    expect(below!.on({ kind: 'ccem', n: 4, d: 3, delta: 0, seed: 1 })).toBe(false);
  });
  it('each kind of case reports its own parameters (extra = d - N for the constructions)', () => {
    const v = keyDomain.values;
    expect(v({ kind: 'random', n: 5, d: 3, seed: 1 })).toEqual({
      n: 5,
      d: 3,
      delta: undefined,
      eps: undefined,
      extra: undefined,
    });
    expect(v({ kind: 'ccem', n: 5, d: 7, delta: 2, seed: 1 })).toEqual({
      n: 5,
      d: 7,
      delta: 2,
      eps: undefined,
      extra: 2,
    });
    expect(v({ kind: 'perturbed-ccem', n: 5, d: 6, delta: 2, eps: 0.1, seed: 1 })).toEqual({
      n: 5,
      d: 6,
      delta: 2,
      eps: 0.1,
      extra: 1,
    });
  });
  it('the property check runs its two pinned ETFs before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'ccem-key-inequality',
      exact,
    );
    expect(total).toBe(5);
  });
});
