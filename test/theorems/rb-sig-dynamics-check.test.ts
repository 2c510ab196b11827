import { describe, expect, it, vi } from 'vitest';
import { deriveSeed } from '../../src/numeric/float/rng.js';
import { allB0, claim } from '../../theorems/rb-sig-dynamics.js';

// The ten protocol runs replaced by a stand-in that returns chosen final states (the real runs,
// about 10 s, are checked by the verdicts test): each scenario makes one b0 the binding one.
const seedOf = (globalSeed: number) => deriveSeed(globalSeed, 'rb-sig-dynamics');
/** Sig's final b/t per b0, by scenario (the run seed). */
const SIG_B = new Map<number, Record<number, number>>([
  // -5 binds the drift: 0.25 - 0.2 = 0.05; 10 drifts too (the twin holds here)
  [seedOf(1), { [-10]: -0.3, [-5]: -0.2, 0: 0.02, 5: 0.1, 10: 0.2 }],
  // -10 fails worst (0.5 - 0.9), 10 fails too (0.5 - 0.7)
  [seedOf(2), { [-10]: -0.9, [-5]: -0.1, 0: 0.02, 5: 0.1, 10: 0.7 }],
  // -5 fails worst (0.25 - 0.95), 10 fails too
  [seedOf(3), { [-10]: -0.1, [-5]: -0.95, 0: 0.02, 5: 0.1, 10: 0.7 }],
]);
const calls: Record<string, unknown>[] = [];
vi.mock('../../src/solver/index.js', () => ({
  solveSync: (o: Record<string, number | string>) => {
    calls.push(o);
    const sig = o.loss === 'sig';
    const b0 = sig ? (o.b0 as number) : (o.bRel0 as number) * 10;
    const bRel = sig ? SIG_B.get(o.seed as number)![b0]! : b0 / 20;
    return { t: 40, bRel, mStar: sig ? 0.1 : 0.3, bStar: bRel, lossValue: 0.01 };
  },
}));

describe('rb-sig-dynamics check with stand-in runs', () => {
  it('the ten runs: the protocol at the CI budget from the derived seed; evidence names the binding b0', async () => {
    calls.length = 0;
    const o = await claim.check({ seed: 0, globalSeed: 1, runs: 1 });
    expect(o.status).toBe('holds');
    expect(o.issues).toEqual([]);
    expect(o.evidence?.at).toEqual({ seed: seedOf(1), steps: 4000 });
    const d = o.evidence!.details as Record<string, unknown>;
    expect(d.driftAt).toBe(-5);
    expect(d.driftSlack).toBeCloseTo(0.05, 15);
    expect(d.marginSlack).toBeCloseTo(0.2, 15);
    expect(o.evidence?.worstSlack).toBeCloseTo(0.05, 15);
    expect((d.runs as unknown[])[1]).toEqual({ b0: -10, loss: 'sig', t: 40, bRel: -0.3, mStar: 0.1 });
    expect(d.runs).toHaveLength(10);
    expect(calls).toHaveLength(10);
    expect(calls[0]).toEqual({
      n: 100,
      d: 10,
      loss: 'rb-sig',
      t0: 10,
      bRel0: -1,
      lr: 1e-2,
      normalization: 'mean',
      steps: 4000,
      seed: seedOf(1),
      threads: 1,
    });
    expect(calls[1]).toMatchObject({ loss: 'sig', b0: -10, steps: 4000 });
    expect(calls[1]).not.toHaveProperty('bRel0');
  });

  it('--full: the 10^4-step protocol', async () => {
    calls.length = 0;
    const o = await claim.check({ seed: 0, globalSeed: 1, runs: 1, full: true });
    expect(o.evidence?.at).toEqual({ seed: seedOf(1), steps: 10_000 });
    expect(calls[0]).toMatchObject({ steps: 10_000 });
  });

  it('the twin counts b0 = 10 and every other b0: -10 fails worst here', async () => {
    const o = await allB0.check({ seed: 0, globalSeed: 2, runs: 1 });
    expect(o.status).toBe('refuted');
    expect(o.issues).toEqual(['counterexample']);
    expect(o.counterexample?.input).toEqual({ seed: seedOf(2), steps: 4000, b0: [-10, -5, 0, 5, 10] });
    expect((o.evidence!.details as { driftAt: number }).driftAt).toBe(-10);
    expect(o.counterexample?.replay).toBe('sigcheck verify --claim rb-sig-dynamics/all-b0 --seed 2');
  });

  it('the twin with -5 failing worst', async () => {
    const o = await allB0.check({ seed: 0, globalSeed: 3, runs: 1 });
    expect((o.evidence!.details as { driftAt: number }).driftAt).toBe(-5);
    // the claim itself is refuted there too, at the same b0
    const c = await claim.check({ seed: 0, globalSeed: 3, runs: 1 });
    expect(c.status).toBe('refuted');
    expect((c.evidence!.details as { driftAt: number }).driftAt).toBe(-5);
  });
});
