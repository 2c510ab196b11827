import { describe, expect, it } from 'vitest';
import { logBetaInc } from '../../../src/bounds/beta.js';
import {
  bestBRel,
  ccemIsConstellation,
  feasibility,
  rho,
  rhoParts,
} from '../../../src/bounds/constellation.js';
import { klExponent, shannonExponent, thm33Exponent, thm35Exponent } from '../../../src/bounds/exponents.js';
import { UsageError } from '../../../src/errors.js';

/**
 * A bad argument is refused in one line that names the function the caller used (the CLI prints
 * that line as it is): the guards and the names they pass, which no value test reaches.
 */
describe('the argument guards of the bounds name their function', () => {
  const refusals: [string, () => unknown, RegExp][] = [
    ['rho', () => rho(2, 0), /^rho: m must be in \[0, 1\], got 2$/],
    ['rhoParts', () => rhoParts(0.5, -2), /^rhoParts: b_rel must be in \[-1, 1\], got -2$/],
    ['feasibility', () => feasibility(-0.1, 0), /^feasibility: m must be in \[0, 1\], got -0.1$/],
    ['ccemIsConstellation', () => ccemIsConstellation(4, 0.5, 1.5), /^ccemIsConstellation: b_rel must be in/],
    ['bestBRel', () => bestBRel(1.5), /^bestBRel: m must be in \[0, 1\], got 1.5$/],
    ['shannonExponent', () => shannonExponent(1), /^shannonExponent: cos theta must be in \[0, 1\), got 1$/],
    ['thm33Exponent', () => thm33Exponent(-0.5), /^thm33Exponent: cos theta must be in/],
    ['thm35Exponent', () => thm35Exponent(1), /^thm35Exponent: cos theta must be in/],
    ['klExponent', () => klExponent(Number.NaN), /^klExponent: cos theta must be in/],
  ];
  for (const [name, call, message] of refusals) {
    it(`${name}: a UsageError whose line starts with "${name}:"`, () => {
      expect(call).toThrow(UsageError);
      expect(call).toThrow(message);
    });
  }

  it('logBetaInc refuses a or b at 0, below 0 or not finite, and takes both positive', () => {
    for (const [a, b] of [
      [0, 1],
      [1, 0],
      [-1, 2],
      [2, -1],
      [0, 0],
      [Number.POSITIVE_INFINITY, 1],
      [1, Number.NaN],
    ] as const) {
      expect(() => logBetaInc(0.5, a, b), `a=${a}, b=${b}`).toThrow(/^logBetaInc: a and b must be positive/);
    }
    // I_{1/2}(1, 1) = 1/2 and I_x(a, 1) = x^a: the guard lets the smallest positive shapes through
    expect(logBetaInc(0.5, 1, 1)).toBeCloseTo(Math.log(0.5), 14);
    expect(logBetaInc(0.25, 1e-3, 1)).toBeCloseTo(1e-3 * Math.log(0.25), 14);
  });
});
