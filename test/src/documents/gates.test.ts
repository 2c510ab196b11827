import { describe, expect, it } from 'vitest';
import { buildGates, parseRequirement } from '../../../src/documents/gates.js';

const input = (mStar: number) => ({
  N: 4,
  mStar,
  bStar: 0,
  mMean: 0.2,
  mTrimmed: 0.1,
  constellation: mStar > 0,
  retrieval: { uToV: 1, vToU: 0.75 },
  gap: { separable: false },
  xi: 0.1,
  loss: { perAnchor: 0.5 },
});

describe('buildGates', () => {
  it('compares the measured double with the threshold as written, in the given order', () => {
    const reqs = ['margin>=0.05', 'gap', 'retrieval>=0.75'].map(parseRequirement);
    // the double 0.05 is 0.05000000000000000277... >= 0.05; its predecessor is below
    expect(buildGates(reqs, input(0.05)).map((r) => r.passed)).toEqual([true, false, true]);
    expect(buildGates(reqs, input(0.049999999999999996)).map((r) => [r.requirement, r.passed])).toEqual([
      ['margin>=0.05', false],
      ['gap', false],
      ['retrieval>=0.75', true],
    ]);
  });
});
