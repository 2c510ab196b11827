import { describe, expect, it } from 'vitest';
import { float32Twin } from '../../../src/numeric/blas.js';

describe('float32Twin: an exact float32 copy, or null', () => {
  it('float32 values get an exact copy, shared between calls', () => {
    const x = Float64Array.from([0.1, -2.5, 1e-30, 3e38, -0].map(Math.fround));
    const a = float32Twin(x);
    expect(a).not.toBeNull();
    expect(Array.from(a!)).toEqual(Array.from(x));
    expect(Object.is(a![4], -0)).toBe(true);
    expect(float32Twin(x)).toBe(a);
  });

  it('a value that is not a float32 (0.1, 1e-300, 1e39) gives null', () => {
    for (const bad of [0.1, 1e-300, 1e39]) {
      const x = Float64Array.from([0.5, bad, 0.25]);
      expect(float32Twin(x), `value ${bad}`).toBeNull();
    }
  });

  it('a kept copy is not reused after the array changed', () => {
    const x = Float64Array.from([0.5, 0.25, 0.125]);
    const a = float32Twin(x);
    x[1] = Math.fround(0.3);
    const b = float32Twin(x);
    expect(b![1]).toBe(Math.fround(0.3));
    x[2] = 0.1; // no longer a float32 value
    expect(float32Twin(x)).toBeNull();
    expect(a).not.toBe(b);
  });
});
