import { describe, expect, it } from 'vitest';
import { logCapAreaCosSplit } from '../../src/bounds/cap-area.js';
import { rhoExactOf, rhoPartsOf } from '../../src/bounds/constellation.js';
import { SANDWICH_TOL, sandwichSlack } from '../../theorems/code-bounds-sandwich.js';

// The claim's slack is the smaller of upper - covering lower and upper - table lower (plus the
// tolerance); its twin refutes through the covering term alone. These pin the value where every
// term is a closed form.
describe('code-bounds-sandwich: the slack at known points', () => {
  it('rho = 0 at d = 64 ((m, b) = (1/4, -1/4)): upper A(64, 0) = 128, table lower A(63, 0) = 126, covering 2', () => {
    const s = sandwichSlack({ d: 64, m: 0.25, bRel: -0.25 }, (d) => d - 1);
    const upper = Math.log10(128);
    // the table's lower bound binds: log10(128/126), plus the tolerance relative to log10 128 > 1
    const want = upper - Math.log10(126) + SANDWICH_TOL * upper;
    expect(Math.abs(s.slack - want)).toBeLessThanOrEqual(1e-15);
    expect(s.detail.rho).toBe(0);
    expect(Math.abs(s.detail.log10Lower - Math.log10(2))).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(s.detail.log10TableLower! - Math.log10(126))).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(s.detail.log10Upper - upper)).toBeLessThanOrEqual(1e-15);
    expect(s.detail.paperOk).toBe(true);
  });

  it('the twin (covering bound taken in 2d) fails where the covering term exceeds the upper bound', () => {
    const c = { d: 768, m: 0.0627, bRel: 0.0322 };
    const s = sandwichSlack(c, (d) => 2 * d);
    // the covering term alone: log10 L(768, rho) - log10 1/Omega_1536 + tol, tol = 1e-12 x 236.5 = 2.4e-10;
    // the cap area from the exact 1 - rho and 1 + rho (the logs agree to ~1e-13 absolute)
    const p = rhoPartsOf(rhoExactOf(c.m, c.bRel));
    const cover = -logCapAreaCosSplit(1536, p.oneMinus, p.onePlus, p.lnOneMinus) / Math.LN10;
    const want = s.detail.log10Upper - cover + SANDWICH_TOL * s.detail.log10Upper;
    expect(Math.abs(s.slack - want)).toBeLessThanOrEqual(1e-11);
    expect(s.slack).toBeLessThan(-50);
    // and the claim itself holds there, by the table's lower bound
    const ok = sandwichSlack(c, (d) => d - 1);
    expect(ok.slack).toBeGreaterThan(50);
  });
});
