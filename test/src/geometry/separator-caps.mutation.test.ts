import { describe, expect, it } from 'vitest';
import { SEPARATOR_LIMITS, separatorWith } from '../../../src/geometry/separator.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { bestDirection, bestMargin, planar, separable, separatedBy } from './separator-planar.js';

// The caps of the search against a planar brute force (separator-planar.ts): the rounds one by one
// (round 0 maximises the margin of the U's alone, each next round that of the U's and the V's the
// previous h separated), and the upper bound when an iteration cap leaves a round's point short.

const plain = { ...SEPARATOR_LIMITS, blasMinWork: Number.POSITIVE_INFINITY };

/** The V's that the direction of angle a puts strictly on the negative side, as sorted indices. */
function negativesAt(v: Matrix, a: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < v.rows; j++)
    if (Math.cos(a) * v.data[2 * j]! + Math.sin(a) * v.data[2 * j + 1]! < 0) out.push(j);
  return out;
}

/** The V's separated after 1, 2, ..., `rounds` rounds, by brute force over directions. */
function bruteRounds(u: Matrix, v: Matrix, rounds: number): number[][] {
  const out: number[][] = [];
  let negs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sep = fromRows(negs.map((j) => [v.data[2 * j]!, v.data[2 * j + 1]!]));
    const next = negativesAt(v, bestDirection(u, sep).angle);
    // the search stops when a round adds no V
    if (next.length > negs.length) negs = next;
    out.push(negs);
  }
  return out;
}

describe('maxRounds: the search stops after that many rounds', () => {
  // seeds whose rounds grow after round 0 (11), and after round 1 too (64, 89, 387)
  for (const seed of [11, 64, 89, 387]) {
    it(`seed ${seed}: each cap reports the V's of that round`, () => {
      const { u, v } = separable(seed);
      const want = bruteRounds(u, v, 4);
      for (let cap = 1; cap <= 4; cap++) {
        const r = separatorWith(
          u,
          v,
          { relativeGap: 1e-3, maxIterations: 100000, maxRounds: cap },
          null,
          plain,
        );
        expect(r.separatedCount, `cap ${cap}`).toBe(want[cap - 1]!.length);
        expect(negativesAt(v, Math.atan2(r.h[1]!, r.h[0]!)), `cap ${cap}`).toEqual(want[cap - 1]);
      }
      // the rounds grow past the caps below 4 (each cap's run stops short of the later rounds)
      expect(want[0]!.length).toBeLessThan(want[3]!.length);
    });
  }
});

/** U around +e_1 and V around -e_1 with random spreads: V's can sit close to the U's. */
function wide(seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const su = 0.3 + 1.2 * rng.uniform();
  const sv = 0.5 + 2 * rng.uniform();
  const u = planar(rng, 2 + (seed % 5), su, 1);
  const v = planar(rng, 2 + ((seed * 7) % 9), sv, -1);
  return { u, v };
}

describe('marginUpper after a round that drops a V the previous h separated', () => {
  // an iteration cap leaves a round's h short: it loses a V of the round's set and gains others;
  // its point is then not in the hull of the reported set, and the bound stays at the earlier one
  for (const [seed, iterations] of [
    [442, 5],
    [1217, 3],
    [1794, 3],
    [2305, 5],
  ] as const) {
    it(`seed ${seed}, ${iterations} iterations: the bound is still above the brute-force optimum`, () => {
      const { u, v } = wide(seed);
      const r = separatorWith(u, v, { relativeGap: 1e-9, maxIterations: iterations }, null, plain);
      expect(r.found).toBe(true);
      const opt = bestMargin(u, separatedBy(r.h, v));
      expect(r.marginUpper, `upper ${r.marginUpper}, optimum ${opt}`).toBeGreaterThanOrEqual(opt - 1e-12);
      expect(r.margin).toBeLessThanOrEqual(opt + 1e-12);
    });
  }
});
