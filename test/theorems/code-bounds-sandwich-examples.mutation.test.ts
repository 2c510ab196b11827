import { describe, expect, it } from 'vitest';
import { claim } from '../../theorems/code-bounds-sandwich.js';

describe('code-bounds-sandwich: the property check runs its three pinned cases before the random ones', () => {
  it('d = 768 (the paper), 1152 and 3: 3 runs make 6 cases', async () => {
    let total = 0;
    const out = await claim.check({ seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) });
    expect(out.status).toBe('holds');
    expect(total).toBe(6);
  });
});
