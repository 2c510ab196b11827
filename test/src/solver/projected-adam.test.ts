import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EPS } from '../../../src/numeric/float/ulp.js';
import { type SolveOptions, solveSync } from '../../../src/solver/index.js';

interface Step {
  readonly step: number;
  readonly u: number[];
  readonly v: number[];
  readonly t: number;
  readonly bRel: number;
  readonly loss: number;
}
interface Case {
  readonly name: string;
  readonly options: SolveOptions;
  readonly u0: number[];
  readonly v0: number[];
  readonly steps: Step[];
}

/** numpy float64 reference of torch.optim.Adam on projected gradients (scripts/oracles/adam_steps.py). */
const FIXTURE = JSON.parse(
  readFileSync(new URL('../../fixtures/solver/projected-adam-steps.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

/**
 * Entries are in [-1, 1]; the two routes sum the gradient in different orders and normalise by
 * multiply vs divide (a few ulps per step), and Adam's m / sqrt(v) passes relative errors of the
 * gradient through unamplified at these sizes: 256 ulps of 1 after up to six steps.
 */
const TOL = 256 * EPS;

function maxDiff(a: ArrayLike<number>, b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('projected-adam matches torch.optim.Adam on the tangent gradient, step by step', () => {
  it.each(FIXTURE.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const base = { ...c.options, kernel: 'js' as const, threads: 1 };
    const start = solveSync({ ...base, steps: 0 });
    // the oracle started from exactly this draw
    expect(maxDiff(start.u.data, c.u0)).toBe(0);
    expect(maxDiff(start.v.data, c.v0)).toBe(0);
    for (const s of c.steps) {
      const r = solveSync({ ...base, steps: s.step });
      const du = maxDiff(r.u.data, s.u);
      const dv = maxDiff(r.v.data, s.v);
      expect(du, `U after step ${s.step}: max |diff| ${du} > ${TOL}`).toBeLessThanOrEqual(TOL);
      expect(dv, `V after step ${s.step}: max |diff| ${dv} > ${TOL}`).toBeLessThanOrEqual(TOL);
      expect(Math.abs(r.t - s.t)).toBeLessThanOrEqual(TOL * s.t);
      expect(Math.abs(r.bRel - s.bRel)).toBeLessThanOrEqual(TOL * Math.max(1, Math.abs(s.bRel)));
      expect(Math.abs(r.lossValue - s.loss)).toBeLessThanOrEqual(TOL * s.loss);
    }
  });

  it('differs from raw-gradient adam and from riemannian-adam on the same start', () => {
    const c = FIXTURE.cases[0]!;
    const last = c.steps[c.steps.length - 1]!;
    for (const optimizer of ['adam', 'riemannian-adam'] as const) {
      const r = solveSync({ ...c.options, optimizer, steps: last.step, kernel: 'js', threads: 1 });
      expect(maxDiff(r.v.data, last.v)).toBeGreaterThan(1e3 * TOL);
    }
  });
});
