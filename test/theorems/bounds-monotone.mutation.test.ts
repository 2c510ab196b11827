import { describe, expect, it } from 'vitest';
import { forwardRow } from '../../src/bounds/table.js';
import { MONOTONE_TOL, monotoneSlack } from '../../theorems/bounds-monotone.js';

// The claim's slack is a minimum over three bounds and three moves; its twin refutes through the m
// move alone. These pin the slack's value and its worst term at points where they are known.
const KEYS = ['log10NLower', 'log10NLowerPaper', 'log10NUpper'] as const;
const at = { d: 768, m: 0.0627, bRel: 0.0322 };

describe('bounds-monotone: the slack at known points', () => {
  it('t = 1 leaves m unchanged: the slack is the smallest tolerance, 1e-12 |log10 N| of the smallest bound', () => {
    const row = forwardRow(at.d, at.m, at.bRel);
    // every bound is above 1 here, so each tolerance is relative; d + 1 and the b move to m + b = 1 grow them
    const tols = KEYS.map((k) => MONOTONE_TOL * Math.abs(row[k]!));
    expect(Math.min(...tols)).toBeGreaterThan(MONOTONE_TOL);
    const s = monotoneSlack({ ...at, t: 1 }, 1);
    expect(s.slack).toBe(Math.min(...tols));
    expect(s.detail).toEqual({ worst: 'log10NLowerPaper under m', rho: row.rho });
  });

  it('the wrong m direction: m -> m/2 raises every bound, and the upper bound most', () => {
    const row = forwardRow(at.d, at.m, at.bRel);
    const half = forwardRow(at.d, at.m / 2, at.bRel);
    const want = Math.min(...KEYS.map((k) => -(half[k]! - row[k]!) + MONOTONE_TOL * Math.abs(row[k]!)));
    const s = monotoneSlack({ ...at, t: 0.5 }, -1);
    expect(s.slack).toBe(want);
    expect(s.slack).toBeLessThan(-100);
    expect(s.detail.worst).toBe('log10NUpper under m');
    // the true direction at the same point holds, by the smallest of the nine changes
    expect(monotoneSlack({ ...at, t: 0.5 }, 1).slack).toBeGreaterThan(0);
  });

  it('the d and b moves keep their sign in the twin: at t = 1 only the unchanged m is reversed', () => {
    expect(monotoneSlack({ ...at, t: 1 }, -1).slack).toBe(monotoneSlack({ ...at, t: 1 }, 1).slack);
  });
});
