import { describe, expect, it } from 'vitest';
import { claim } from '../../theorems/bounds-monotone.js';

describe('bounds-monotone: the property check runs its pinned case before the random ones', () => {
  it('d = 768, m = 0.0627, b_rel = 0.0322 (the paper) first: 3 runs make 4 cases', async () => {
    let total = 0;
    const out = await claim.check({ seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) });
    expect(out.status).toBe('holds');
    expect(total).toBe(4);
  });
});
