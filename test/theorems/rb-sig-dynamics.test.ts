import { describe, expect, it } from 'vitest';
import { type DynamicsRun, summarise } from '../../theorems/rb-sig-dynamics.js';

// The solver runs themselves (about 10 s on the CI budget) run in `sigcheck verify`; here the
// verdict logic is checked on synthetic final states (the published BBNP25 numbers).
const published: DynamicsRun[] = [
  [-10, 0.25, 0.566, 0.14, -0.1],
  [-5, 0.23, 0.443, 0.15, -0.05],
  [0, 0.24, 0.506, 0.16, 0.01],
  [5, 0.27, 0.736, 0.18, 0.1],
  [10, 0.3, 0.719, 0.31, 0.7],
].flatMap(([b0, rbM, rbB, sigM, sigB]) => [
  { b0: b0!, loss: 'rb-sig' as const, t: 40, bRel: rbB!, mStar: rbM!, bStar: rbB!, lossValue: 0 },
  { b0: b0!, loss: 'sig' as const, t: 40, bRel: sigB!, mStar: sigM!, bStar: sigB!, lossValue: 0 },
]);

describe('rb-sig-dynamics verdict logic', () => {
  it('published margins: RB-Sig mean .258 exceeds Sig mean .188', () => {
    const s = summarise(published, [-10, -5, 0, 5]);
    expect(s.marginSlack).toBeCloseTo(0.258 - 0.188, 12);
    expect(s.driftSlack).toBeGreaterThan(0);
  });

  it('including b0 = 10 in the drift refutes (b/t stays near .7)', () => {
    const s = summarise(published, [-10, -5, 0, 5, 10]);
    expect(s.driftSlack).toBeLessThan(0);
    expect(s.driftAt).toBe(10);
  });
});
