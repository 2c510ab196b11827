import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveSync } from '../../src/solver/index.js';
import {
  B0,
  CI_STEPS,
  DRIFT_FACTOR,
  dynamicsDomain,
  FULL_STEPS,
  PROTOCOL,
  runDynamics,
} from '../../theorems/rb-sig-dynamics.js';

describe('the protocol and its domain (BBNP25 s4, docs/theory.md s3)', () => {
  it('N = 100, d = 10, t0 = 10, Adam lr 1e-2, mean normalisation; b0 in {-10, -5, 0, 5, 10}', () => {
    expect(PROTOCOL).toEqual({ n: 100, d: 10, t0: 10, lr: 1e-2, normalization: 'mean' });
    expect([...B0]).toEqual([-10, -5, 0, 5, 10]);
    expect([CI_STEPS, FULL_STEPS, DRIFT_FACTOR]).toEqual([4000, 10_000, 0.5]);
  });

  it('drawn cases are the protocol with b0 from the five values; the boundary is b0 = 0', () => {
    const cases = fc.sample(dynamicsDomain.arbitrary, { seed: 3, numRuns: 200 });
    const seen = new Set<number>();
    for (const c of cases) {
      expect({ n: c.n, d: c.d, t0: c.t0 }).toEqual({ n: 100, d: 10, t0: 10 });
      expect(B0).toContain(c.b0);
      seen.add(c.b0);
    }
    expect(seen.size).toBe(5);
    const c = { n: 100, d: 10, t0: 10, b0: 0 };
    expect(dynamicsDomain.values(c)).toEqual(c);
    const [zero] = dynamicsDomain.boundaries!;
    expect(zero!.on(c)).toBe(true);
    expect(zero!.on({ ...c, b0: 5 })).toBe(false);
  });
});

describe('runDynamics: one run per b0 and loss, from the same start', () => {
  it('no steps: every run ends at its start, t = 10 and b/t = b0/10 (RB-Sig through b_rel0, Sig through b0)', () => {
    const runs = runDynamics(11, 0);
    expect(runs.map((r) => [r.b0, r.loss])).toEqual(
      B0.flatMap((b0) => [
        [b0, 'rb-sig'],
        [b0, 'sig'],
      ]),
    );
    for (const r of runs) {
      // t is kept as ln t: exp(ln 10) is 10 to an ulp
      expect(r.t).toBeCloseTo(10, 13);
      expect(r.bRel).toBeCloseTo(r.b0 / 10, 15);
    }
    // the same start for both losses and every b0: the same U, V, so the same m*
    expect(new Set(runs.map((r) => r.mStar)).size).toBe(1);
    // memoised per (seed, steps)
    expect(runDynamics(11, 0)).toBe(runs);
    expect(runDynamics(12, 0)).not.toBe(runs);
  });

  it('a few steps: each run is the solver run of the protocol (Sig from b0, RB-Sig from b0/t0)', () => {
    const runs = runDynamics(5, 3);
    for (const loss of ['rb-sig', 'sig'] as const) {
      const s = solveSync({
        n: 100,
        d: 10,
        loss,
        t0: 10,
        ...(loss === 'rb-sig' ? { bRel0: 0.5 } : { b0: 5 }),
        lr: 1e-2,
        normalization: 'mean',
        steps: 3,
        seed: 5,
        threads: 1,
      });
      const r = runs.find((x) => x.b0 === 5 && x.loss === loss)!;
      expect(r).toEqual({
        b0: 5,
        loss,
        t: s.t,
        bRel: s.bRel,
        mStar: s.mStar,
        bStar: s.bStar,
        lossValue: s.lossValue,
      });
    }
  });
});
