import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectRanks } from '../../../src/geometry/quantile.js';

/** Cost bounds of the arbitraries. */
const MAX_LEN = 400;
const MAX_RANKS = 5;

describe('selectRanks', () => {
  it('puts at every requested rank the value a full sort puts there (ties, small and large arrays)', () => {
    fc.assert(
      fc.property(
        // Few distinct values force ties; a wide range gives distinct ones.
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })), {
          minLength: 1,
          maxLength: MAX_LEN,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: MAX_RANKS }),
        (values, picks) => {
          const x = Float64Array.from(values);
          const sorted = Float64Array.from(values).sort();
          const ranks = picks.map((q) => q % x.length);
          selectRanks(x, ranks);
          // -0 and 0 are equal values (their order among ties is unspecified).
          for (const r of ranks)
            expect(x[r] === sorted[r], `rank ${r} of ${x.length}: ${x[r]} vs ${sorted[r]}`).toBe(true);
          // A permutation of the input.
          const back = Float64Array.from(x).sort();
          expect(back.every((y, q) => y === sorted[q])).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('selects the quartiles of 200001 sorted, reversed and constant values like a sort', () => {
    const n = 200001;
    const inputs = [
      Float64Array.from({ length: n }, (_, q) => q),
      Float64Array.from({ length: n }, (_, q) => n - q),
      new Float64Array(n).fill(0.25),
      Float64Array.from({ length: n }, (_, q) => Math.sin(q) * 1e-3),
    ];
    const ranks = [0, 50000, 100000, 150000, n - 1];
    for (const x of inputs) {
      const sorted = Float64Array.from(x).sort();
      selectRanks(x, ranks);
      for (const r of ranks) expect(x[r]).toBe(sorted[r]);
    }
  });
});
