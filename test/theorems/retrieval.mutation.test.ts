import { describe, expect, it } from 'vitest';
import { check, type RetrievalCase, retrievalDomain } from '../../theorems/retrieval.js';

const spec = {
  family: 'simplex',
  p: 4,
  dim: 2,
  form: 'identity',
  delta: 1,
  phiShare: 0,
  noise: 0,
  seed: 1,
} as const;

describe('retrieval: the declared domain and the pinned case', () => {
  it('the boundary is an exact constellation at theta = 0.999', () => {
    const [b] = retrievalDomain.boundaries!;
    const c: RetrievalCase = { spec, theta: 0.999, seed: 1 };
    expect(b!.on(c)).toBe(true);
    expect(b!.on({ ...c, theta: 0.9 })).toBe(false);
    expect(b!.on({ ...c, spec: { ...spec, noise: 0.01 } })).toBe(false);
  });
  it('a case reports the constellation parameters and theta', () => {
    expect(retrievalDomain.values({ spec, theta: 0.7, seed: 1 })).toMatchObject({
      p: 4,
      noise: 0,
      theta: 0.7,
    });
  });
  it('the property check runs its pinned simplex before the random cases', () => {
    let total = 0;
    check({ seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) }, 'retrieval', 1);
    expect(total).toBe(4);
  });
});
