import { describe, expect, it } from 'vitest';
import { deriveCcem } from '../../../src/symbolic/ccem.js';

describe('deriveCcem', () => {
  it("derived f, f' (mathjs and nerdamer) and both thresholds agree with the hand forms to 1e-12", async () => {
    const r = await deriveCcem({ seed: 3, points: 32 });
    expect(r.status, r.message).toBe('ok');
    expect(r.maxRelError).toBeLessThan(1e-12);
    expect(r.steps.map((s) => s.result)).toContain('(N - 1) * log(N - 3) / N');
  }, 30_000);
  it('a nerdamer timeout is reported as symbolic_timeout, not thrown', async () => {
    const r = await deriveCcem({ seed: 3, points: 4, timeoutMs: 1 });
    expect(r.status).toBe('symbolic_timeout');
  }, 30_000);
});
