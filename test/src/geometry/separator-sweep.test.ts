import { describe, it } from 'vitest';
import { loadBlas } from '../../../src/numeric/blas.js';
import {
  ATTEMPT_ROUTES,
  attemptAtOptimum,
  attemptAtOptimumF32,
  ROUTES,
  roundsAtOptimum,
} from './separator-optimal-cases.js';

// All 80 seeded planar cases against the brute-force optimum, on every row route (npm test only).
// The mutation run's files (separator-optimal and separator-all .mutation.test.ts) run the same
// checks on SEEDS, 16 of them: instrumented, the 80-seed rounds alone took 10 s of the separator
// set's 21 s, and every surviving mutant of the rounds paid it again.

const SWEEP = Array.from({ length: 80 }, (_, s) => s + 1);

describe('separator: the rounds reach the planar optimum within the stop rule (80 seeds)', () => {
  for (const [name, limits] of ROUTES) {
    it(`${name}: margin >= (1 - eps) x brute-force optimum, upper bound above it`, () => {
      for (const seed of SWEEP) roundsAtOptimum(seed, limits);
    });
  }
});

describe('separator, allFirst: every V separated at the planar optimum (80 seeds)', () => {
  it.runIf(loadBlas().ok)('float32 values, OpenBLAS batches: the optimum within the stop rule', () => {
    for (const seed of SWEEP) attemptAtOptimumF32(seed, ATTEMPT_ROUTES[1]![1]);
  });
  for (const [name, limits] of ATTEMPT_ROUTES) {
    if (limits.blasMinWork !== Number.POSITIVE_INFINITY && !loadBlas().ok) continue;
    it(`${name}: optimum within the stop rule, upper bound above it`, () => {
      for (const seed of SWEEP) attemptAtOptimum(seed, limits);
    });
  }
});
