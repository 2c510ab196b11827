import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cornersOf, paramArbitrary, paramsArbitrary } from '../../../src/claims/domain.js';

const SAMPLES = 2000;

describe('claim domains', () => {
  it('a log parameter reaches both ends exactly and spreads over the decades', () => {
    const xs = fc.sample(paramArbitrary('t', { min: 1e-3, max: 1e4, scale: 'log' }), {
      seed: 1,
      numRuns: SAMPLES,
    });
    expect(Math.min(...xs)).toBe(1e-3);
    expect(Math.max(...xs)).toBe(1e4);
    // each decade of the seven gets a share of the spread (uniform would give [1e-3, 1] almost nothing)
    for (let e = -3; e < 4; e++) {
      expect(xs.filter((x) => x > 10 ** e && x < 10 ** (e + 1)).length, `decade ${e}`).toBeGreaterThan(
        SAMPLES / 40,
      );
    }
  });

  it('a symlog parameter has both signs, zero, tiny magnitudes and the ends', () => {
    const p = { min: -30, max: 30, scale: 'symlog' as const, minAbs: 1e-6 };
    const xs = fc.sample(paramArbitrary('b', p), { seed: 2, numRuns: SAMPLES });
    expect(cornersOf(p)).toEqual([-30, 0, 30]);
    expect(xs).toContain(0);
    expect(Math.min(...xs)).toBe(-30);
    expect(Math.max(...xs)).toBe(30);
    expect(xs.some((x) => x < 0 && x > -1e-4)).toBe(true);
  });

  it('integer log parameters stay integers in range; corners are drawn; pending corners are swapped', () => {
    const arb = paramsArbitrary({ n: { min: 3, max: 1e6, scale: 'log', integer: true, corners: [5] } }, [
      { param: 'n', value: 1e6, instead: 1e5, why: 'test' },
    ]);
    const ns = fc.sample(arb, { seed: 3, numRuns: SAMPLES }).map((r) => r.n);
    expect(ns.every((n) => Number.isInteger(n) && n >= 3 && n <= 1e5)).toBe(true);
    expect(ns).toContain(5);
    expect(Math.max(...ns)).toBe(1e5);
  });

  it('a log scale with min <= 0 is refused', () => {
    expect(() => paramArbitrary('m', { min: 0, max: 1, scale: 'log' })).toThrow(/log scale needs min > 0/);
  });
});
