import { describe, expect, it } from 'vitest';
import { DRIFT_FLOOR, type DynamicsRun, dynamicsOutcome, summarise } from '../../theorems/rb-sig-dynamics.js';

// Synthetic final states (the solver runs are `sigcheck verify`'s): (b0, RB-Sig m*, Sig m*, Sig b/t)
const runsOf = (rows: readonly (readonly [number, number, number, number])[]): DynamicsRun[] =>
  rows.flatMap(([b0, rbM, sigM, sigB]) => [
    { b0, loss: 'rb-sig' as const, t: 40, bRel: 0.5, mStar: rbM, bStar: 0.5, lossValue: 0 },
    { b0, loss: 'sig' as const, t: 40, bRel: sigB, mStar: sigM, bStar: sigB, lossValue: 0 },
  ]);
const ctx = { seed: 1, globalSeed: 42, runs: 1 };
const good = runsOf([
  [-10, 0.3, 0.1, -0.2],
  [-5, 0.3, 0.1, -0.1],
  [0, 0.3, 0.1, 0.05],
  [5, 0.3, 0.1, 0.2],
  [10, 0.3, 0.1, 0.9],
]);
const drift = [-10, -5, 0, 5];

describe('rb-sig-dynamics: summary and verdict on given final states', () => {
  it('drift allowed: 0.5 |b0/t0| (b0 != 0), 0.1 at b0 = 0; the tightest is reported', () => {
    const s = summarise(good, drift);
    // allowed - |b/t|: 0.5 - 0.2, 0.25 - 0.1, 0.1 - 0.05, 0.25 - 0.2 -> min 0.05 at b0 = 0 and 5
    expect(s.driftSlack).toBeCloseTo(0.05, 15);
    expect([0, 5]).toContain(s.driftAt);
    expect(DRIFT_FLOOR).toBe(0.1);
    expect(s.rbMeanMargin).toBeCloseTo(0.3, 15);
    expect(s.sigMeanMargin).toBeCloseTo(0.1, 15);
    expect(s.marginSlack).toBeCloseTo(0.2, 15);
  });

  it('holds on good states with the slack min(margin gap, drift) in the evidence', () => {
    const o = dynamicsOutcome(ctx, 'rb-sig-dynamics', good, drift, 7, 4000);
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(10);
    expect(o.evidence?.worstSlack).toBeCloseTo(0.05, 15);
    expect(o.evidence?.at).toEqual({ seed: 7, steps: 4000 });
  });

  it('refuted when Sig b/t does not drift (b0 = 10 included), and when the margins are reversed', () => {
    const d = dynamicsOutcome(ctx, 'rb-sig-dynamics/all-b0', good, [...drift, 10], 7, 4000);
    expect(d.status).toBe('refuted');
    expect(d.counterexample?.message).toMatch(/b0 = 10 did not drift/);
    expect(d.counterexample?.replay).toBe('sigcheck verify --claim rb-sig-dynamics/all-b0 --seed 42');
    const swapped = runsOf([
      [-10, 0.1, 0.3, 0],
      [-5, 0.1, 0.3, 0],
      [0, 0.1, 0.3, 0],
      [5, 0.1, 0.3, 0],
      [10, 0.1, 0.3, 0],
    ]);
    const m = dynamicsOutcome({ ...ctx, full: true }, 'rb-sig-dynamics', swapped, drift, 7, 10000);
    expect(m.status).toBe('refuted');
    expect(m.counterexample?.message).toMatch(/^mean RB-Sig margin 0.1\d* <= mean Sig margin 0.3/);
    expect(m.counterexample?.replay).toMatch(/--full$/);
  });

  it('equal mean margins refute ("exceed" is strict); |b/t| exactly at its allowance holds ("at most")', () => {
    const tie = runsOf([
      [-10, 0.2, 0.2, -0.2],
      [-5, 0.2, 0.2, -0.1],
      [0, 0.2, 0.2, 0.05],
      [5, 0.2, 0.2, 0.2],
      [10, 0.2, 0.2, 0.9],
    ]);
    const t = dynamicsOutcome(ctx, 'rb-sig-dynamics', tie, drift, 7, 4000);
    expect(t.status).toBe('refuted');
    expect(t.counterexample?.message).toMatch(/^mean RB-Sig margin/);
    // b0 = 0 at |b/t| = 0.1 = DRIFT_FLOOR exactly, b0 = -10 at 0.5 |b0/t0| = 0.5 exactly
    const edge = runsOf([
      [-10, 0.3, 0.1, -0.5],
      [-5, 0.3, 0.1, -0.1],
      [0, 0.3, 0.1, 0.1],
      [5, 0.3, 0.1, 0.2],
      [10, 0.3, 0.1, 0.9],
    ]);
    const e = dynamicsOutcome(ctx, 'rb-sig-dynamics', edge, drift, 7, 4000);
    expect(summarise(edge, drift).driftSlack).toBe(0);
    expect(e.status).toBe('holds');
  });

  it('a non-finite final state is an error, not a verdict', () => {
    const bad = good.map((r, i) => (i === 3 ? { ...r, mStar: Number.NaN } : r));
    const o = dynamicsOutcome(ctx, 'rb-sig-dynamics', bad, drift, 7, 4000);
    expect(o.status).toBe('error');
    expect(o.issues).toEqual(['solver_not_converged']);
    const inf = good.map((r, i) => (i === 0 ? { ...r, t: Number.POSITIVE_INFINITY } : r));
    expect(dynamicsOutcome(ctx, 'rb-sig-dynamics', inf, drift, 7, 4000).status).toBe('error');
  });
});
