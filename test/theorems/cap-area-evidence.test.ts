import { describe, expect, it } from 'vitest';
import { claim } from '../../theorems/cap-area.js';

describe('the fixed cases come first', () => {
  it("with no random runs the two fixed cases are checked, Archimedes' cap Omega_3(pi/3) = (1 - cos(pi/3))/2 = 1/4 on the quadrature route first", async () => {
    const o = await claim.check({ seed: 5, globalSeed: 5, runs: 0 });
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(2);
    expect(o.evidence?.at).toEqual({ route: 'quadrature', n: 3, theta: Math.PI / 3 });
    const d = o.evidence?.details as { actual: number; expected: number };
    expect(Math.abs(d.actual - 0.25)).toBeLessThan(1e-15);
    // Simpson with 4000 steps on sin: error ~1e-15
    expect(Math.abs(d.expected - 0.25)).toBeLessThan(1e-13);
  });
});
