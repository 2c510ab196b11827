import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exact, hpContext } from '../../../../src/numeric/hp/decimal.js';
import * as hp from '../../../../src/numeric/hp/softplus.js';
import { logSigmoid, sigmoid, softplus } from '../../../../src/numeric/float/softplus.js';
import { ulpDistance } from '../../../__helpers__/ulps.js';

/** softplus is checked on the whole range where its value is a normal or subnormal double. */
const Z_MAX = 745;
const D = hpContext(50);

describe('float64 softplus against the decimal.js reference', () => {
  it('softplus(z) is within 2 ulp of the 50-digit value for z in [-745, 745]', () => {
    fc.assert(
      fc.property(fc.double({ min: -Z_MAX, max: Z_MAX, noNaN: true }), (z) => {
        const expected = hp.softplus(D, exact(D, z));
        const dist = ulpDistance(softplus(z), expected);
        expect(dist, `z = ${z}, actual ${softplus(z)}, expected ${expected.toString()}`).toBeLessThanOrEqual(
          2,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('softplus is within 2 ulp on a uniform grid of 3001 points over [-745, 745] (edges included)', () => {
    let worst = 0;
    for (let k = 0; k <= 3000; k++) {
      const z = -Z_MAX + (2 * Z_MAX * k) / 3000;
      worst = Math.max(worst, ulpDistance(softplus(z), hp.softplus(D, exact(D, z))));
    }
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('sigmoid(z) is within 2 ulp of the decimal value for z in [-745, 40]', () => {
    // above 40 sigmoid rounds to 1 and the ulp of 1 - tiny is the meaningful unit; checked below
    fc.assert(
      fc.property(fc.double({ min: -Z_MAX, max: 40, noNaN: true }), (z) => {
        const dist = ulpDistance(sigmoid(z), hp.sigmoid(D, exact(D, z)));
        expect(dist, `z = ${z}`).toBeLessThanOrEqual(2);
      }),
      { numRuns: 1000 },
    );
  });

  it('sigmoid(z) + sigmoid(-z) = 1 within 2 ulp and never leaves [0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (z) => {
        const s = sigmoid(z);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(Math.abs(s + sigmoid(-z) - 1)).toBeLessThanOrEqual(2 * 2 ** -52);
      }),
    );
  });

  it('logSigmoid(z) = -softplus(-z) exactly, and softplus is finite for |z| up to 1e300', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e300, max: 1e300, noNaN: true }), (z) => {
        expect(logSigmoid(z)).toBe(-softplus(-z));
        expect(Number.isFinite(softplus(z))).toBe(true);
      }),
    );
  });

  it('exact values: softplus(0) = ln 2, sigmoid(0) = 1/2 (closed form)', () => {
    expect(softplus(0)).toBe(Math.LN2);
    expect(sigmoid(0)).toBe(0.5);
  });
});
