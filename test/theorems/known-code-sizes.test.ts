import { describe, expect, it } from 'vitest';
import { runClaim, runExamples } from '../../src/claims/runner.js';
import { claim, reversedUpper } from '../../theorems/known-code-sizes.js';

describe('known-code-sizes', () => {
  it('its stated examples hold (expected values from closed forms / literature)', async () => {
    expect(await runExamples(claim)).toBeNull();
  });

  it('holds on its random cases', async () => {
    const v = await runClaim(claim, { seed: 42 });
    expect(v.issues).toEqual([]);
    expect(v.status).toBe('holds');
  });

  it('the must-refute variant (reversedUpper) is refuted', async () => {
    const v = await runClaim(reversedUpper, { seed: 42 });
    expect(v.status).toBe('refuted');
    expect(v.counterexample).not.toBeNull();
  });
});
