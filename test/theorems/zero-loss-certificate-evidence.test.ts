import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConstellation } from '../../constructions/random-constellation.js';
import { sigmoidLoss } from '../../src/loss/sigmoid.js';
import { deriveSeed } from '../../src/numeric/float/rng.js';
import { solveSync } from '../../src/solver/index.js';
import {
  BROKEN_PAIR,
  type CertificateCase,
  caseTb,
  certificateCaseArbitrary,
  claim,
  measureCertificate,
  perAnchor,
  solverCase,
} from '../../theorems/zero-loss-certificate.js';

// What `verify` prints for the certificate: the hypothesis at its boundary, the fixed example, the
// evidence counts and rows, and the solver runs. Each check runs in-process in well under a second.

/** Whether L(sum) < ln 2 at the case's (t, b), by the loss module alone. */
function certifies(c: CertificateCase): boolean {
  const { u, v } = buildConstellation(c.spec);
  const { t, b } = caseTb(c, u.rows);
  return sigmoidLoss(u, v, { t, b, normalization: 'sum' }).loss < Math.LN2;
}

describe('the hypothesis L < ln 2 is strict', () => {
  it('L = ln 2 exactly (one positive at logit 0, every other term e^-50 or less): the certificate does not apply', () => {
    // U = (e1, e2), V = (e1, (-sqrt(3)/2, 1/2)), t = 100, b = 50: G_22 = 1/2 exactly, so the logit
    // t G_22 - b is 0 and its term is ln 2; the others are softplus(-50), softplus(-50) and
    // softplus(-136.6), ~4e-22 in all, far below half an ulp of ln 2 (5.6e-17)
    const u = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    const v = { rows: 2, cols: 2, data: new Float64Array([1, 0, -Math.sqrt(0.75), 0.5]) };
    const r = measureCertificate(u, v, 100, 50, 'sum');
    expect(r.loss).toBe(Math.LN2);
    expect(r.applies).toBe(false);
    expect(r.eta).toBeNaN();
    expect(r.slack).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("the claim's second example: slack - tolerance = 1 - eta/10 at the antipodal pair", () => {
  it('against a 40-digit decimal evaluation to 2e-15 (the tolerance itself is 8.5e-15)', () => {
    const D = Decimal.clone({ precision: 40 });
    const loss = new D(-10).exp().plus(1).ln().times(4);
    const eta = loss.exp().minus(1).ln().neg();
    const want = new D(1).minus(eta.div(10)).toNumber();
    // eta = 8.6 to a few ulps (2e-15 each), divided by t = 10
    expect(Math.abs((claim.examples[1]!.run() as number) - want)).toBeLessThan(2e-15);
  });
});

describe('the evidence of a check that holds', () => {
  it('randomCertified counts the cases with L(sum) < ln 2: the fixed example, then runs random ones', async () => {
    const runs = 30;
    const seed = 5;
    // fast-check runs the example first; the random cases are the first runs draws of the seed
    const cases = [BROKEN_PAIR, ...fc.sample(certificateCaseArbitrary, { seed, numRuns: runs })];
    const want = cases.filter(certifies).length;
    // a count that neither every case nor none meets, and that the fixed case does not meet
    expect(want).toBeGreaterThan(0);
    expect(want).toBeLessThan(runs);
    expect(certifies(BROKEN_PAIR)).toBe(false);
    const o = await claim.check({ seed, globalSeed: seed, runs });
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(1 + runs + 3);
    expect(o.evidence?.details).toMatchObject({ randomCertified: want, solverApplied: 3, solverRuns: 3 });
  });

  it('full mode doubles the solver runs (6) and their steps (3000)', async () => {
    const o = await claim.check({ seed: 5, globalSeed: 5, runs: 0, full: true });
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(1 + 6);
    expect(o.evidence?.details).toMatchObject({ solverRuns: 6, solverApplied: 6 });
    // at this seed the worst case is a solver run (N = 20, d = 6: run k = 3)
    expect(o.evidence?.at).toMatchObject({ solver: { n: 20, d: 6, steps: 3000, loss: 'rb-sig' } });
    expect(o.evidence?.details).toMatchObject({ n: 20, d: 6, steps: 3000, seed: deriveSeed(5, 'solver:3') });
  });
});

describe('solverCase: run k is RB-Sig on N = 8 + 4k, d = 3 + k, sum normalisation', () => {
  it.each([0, 1, 2])('k = %d, 20 steps: the run and its certificate, measured again here', (k) => {
    const n = 8 + 4 * k;
    const d = 3 + k;
    const seed = deriveSeed(11, `solver:${k}`);
    const s = solveSync({ n, d, loss: 'rb-sig', steps: 20, seed, normalization: 'sum', threads: 1 });
    for (const normalization of ['sum', 'per-anchor'] as const) {
      const r = measureCertificate(s.u, s.v, s.t, s.b, normalization);
      const c = solverCase(k, 11, 20, normalization);
      expect(c.input).toEqual({ n, d, seed, steps: 20, loss: 'rb-sig' });
      expect(c.row).toEqual({ n, d, seed, steps: 20, t: s.t, b: s.b, ...r });
      expect(c.slack).toBe(r.slack);
      expect(c.applies).toBe(r.applies);
    }
  });
});

describe('what the must-refute twin prints', () => {
  it('refuted on a random case: the evidence is that case, measured again from its (t, b)', async () => {
    const o = await perAnchor.check({ seed: 7, globalSeed: 7, runs: 30 });
    expect(o.status).toBe('refuted');
    const at = o.evidence!.at as CertificateCase;
    const { u, v } = buildConstellation(at.spec);
    const { t, b } = caseTb(at, u.rows);
    const r = measureCertificate(u, v, t, b, 'per-anchor');
    expect(r.slack).toBeLessThan(0);
    expect(o.evidence!.details).toEqual({ t, b, ...r });
    expect(o.counterexample?.input).toEqual(at);
  });

  it('refuted by a solver run (the fixed case alone does not apply): the message names L and the row', async () => {
    const o = await perAnchor.check({ seed: 5, globalSeed: 5, runs: 1 });
    expect(o.status).toBe('refuted');
    const c = solverCase(0, 5, 1500, 'per-anchor');
    expect(c.slack).toBeLessThan(0);
    expect(o.counterexample?.input).toEqual({ solver: c.input });
    expect(o.counterexample?.message).toContain(`L = ${String(c.row.loss)} < ln 2`);
    expect(o.counterexample?.message).toContain(JSON.stringify(c.row));
    expect(o.counterexample?.replay).toBe(
      'sigcheck verify --claim zero-loss-certificate/per-anchor --seed 5',
    );
  });
});
