import { describe, expect, it } from 'vitest';
import { gramExtremes, margins } from '../../../src/geometry/margins.js';
import { crossGram } from '../../../src/numeric/float/gram.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';

describe('gramExtremes', () => {
  it('a hand-made block: the diagonal minimum and the off-diagonal maximum', () => {
    // diagonal 0.9, 0.2, 0.7; the off-diagonal maximum 0.8 sits above the smallest positive
    const g = Float64Array.of(0.9, -0.3, 0.8, 0.1, 0.2, -1, 0.5, 0.4, 0.7);
    expect(gramExtremes(g, 3)).toEqual({ minPos: 0.2, maxNeg: 0.8 });
  });

  it('reads an n x n block inside a wider row stride', () => {
    const g = Float64Array.of(1, 0.25, 99, 0.5, 0.75, -99);
    expect(gramExtremes(g, 2, 3)).toEqual({ minPos: 0.75, maxNeg: 0.5 });
  });

  it('N = 1 has no negative: maxNeg = -Infinity', () => {
    expect(gramExtremes(Float64Array.of(0.3), 1)).toEqual({ minPos: 0.3, maxNeg: Number.NEGATIVE_INFINITY });
  });

  it('agrees bit for bit with the streamed pair scan on random configurations', () => {
    const rng = new Rng(7);
    for (const [n, d] of [
      [5, 3],
      [40, 8],
      [130, 17],
    ] as const) {
      const u = randomUnitRows(n, d, rng);
      const v = randomUnitRows(n, d, rng);
      const scan = margins(u, v);
      const got = gramExtremes(crossGram(u, v), n);
      expect(got.minPos).toBe(scan.minPos);
      expect(got.maxNeg).toBe(scan.maxNeg);
    }
  });
});
