import { describe, expect, it } from 'vitest';
import { buildConstellation, constellationTest } from '../../../src/documents/constellation.js';

// BBNP25 eq. 2 decided on exact decimals. The double 0.1 is 0.1000000000000000055511151231257827...
describe('constellationTest (exact)', () => {
  it('decides min G_ii >= b + m and max G_ij <= b - m on the decimals as written', () => {
    // 0.55 - 0.45 = 0.1 exactly, below the double max G_ij = 0.1000000000000000055...
    expect(constellationTest(1, 0.1, '0.45', '0.55')).toBe(false);
    // b - m = 0.1000000000000000056 >= the double 0.1; b + m = 1 exactly
    expect(constellationTest(1, 0.1, '0.4499999999999999972', '0.5500000000000000028')).toBe(true);
    // one digit past the boundary on either side
    expect(constellationTest(1, 0, '0.3', '0.7')).toBe(true);
    expect(constellationTest(1, 0, '0.3', '0.70000000000000001')).toBe(false);
    expect(constellationTest(1, 0, '0.3', '0.29999999999999999')).toBe(false);
    // m must be > 0
    expect(constellationTest(1, 0, '0', '0.5')).toBe(false);
  });

  it('without m or b the test is at the exact m*, b*, so a configuration always passes its own', () => {
    // m* = (1 - 0.1)/2 and b* = (1 + 0.1)/2 round as doubles; their exact values pass
    expect(constellationTest(1, 0.1, undefined, undefined)).toBe(true);
    expect(constellationTest(0.3, 0.3, undefined, undefined)).toBe(false); // m* = 0
  });

  it('the document uses the text of m and b_rel when given', () => {
    const u = { rows: 2, cols: 2, data: Float64Array.from([0.6, 0.8, 0.8, -0.6]) };
    // G_ii = 1 (0.36 + 0.64 in doubles), G_ij = 0 exactly: m* = b* = 1/2
    const doc = (m: string, b: string) =>
      buildConstellation({ u, v: u, m: Number(m), bRel: Number(b), mText: m, bRelText: b }).test
        .isConstellation;
    expect(doc('0.5', '0.5')).toBe(true);
    expect(doc('0.5', '0.50000000000000001')).toBe(false); // the same double, not the same decimal
  });
});
