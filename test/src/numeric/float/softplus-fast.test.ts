import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { softplusFast } from '../../../../src/numeric/float/softplus-fast.js';
import { exact, hpContext } from '../../../../src/numeric/hp/decimal.js';
import * as hp from '../../../../src/numeric/hp/softplus.js';
import { ulpDistance } from '../../../__helpers__/ulps.js';

const D = hpContext(50);
/** The inlined range of softplusFast; outside it the function is softplus (tested there). */
const Z_LO = -700;
const Z_HI = -4.86;
/** The documented bound, the same as softplus. */
const MAX_ULPS = 2;

describe('softplusFast against the decimal.js reference', () => {
  it(`softplusFast(z) is within ${MAX_ULPS} ulp of the 50-digit value for z in [-700, -4.86]`, () => {
    fc.assert(
      fc.property(fc.double({ min: Z_LO, max: Z_HI, noNaN: true }), (z) => {
        const expected = hp.softplus(D, exact(D, z));
        const actual = softplusFast(z);
        expect(
          ulpDistance(actual, expected),
          `z = ${z}, actual ${actual}, expected ${expected.toString()}`,
        ).toBeLessThanOrEqual(MAX_ULPS);
      }),
      { numRuns: 3000 },
    );
  });

  it(`softplusFast is within ${MAX_ULPS} ulp on a grid of 4001 points over [-30, 5] (both branches and the seam)`, () => {
    let worst = 0;
    let at = 0;
    for (let q = 0; q <= 4000; q++) {
      const z = -30 + (35 * q) / 4000;
      const dist = ulpDistance(softplusFast(z), hp.softplus(D, exact(D, z)));
      if (dist > worst) {
        worst = dist;
        at = z;
      }
    }
    expect(worst, `worst at z = ${at}`).toBeLessThanOrEqual(MAX_ULPS);
  });
});
