import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CcemDerivation } from '../../src/symbolic/ccem.js';

// The derivation is replaced by a stand-in: the claim must ask for the mathjs route only (no clock
// in a verdict) at its own seed, and carry the derivation's outcome into the verdict.
const derived = vi.hoisted(() => ({ result: null as CcemDerivation | null, calls: [] as unknown[] }));
vi.mock('../../src/symbolic/ccem.js', async (original) => ({
  ...(await original<typeof import('../../src/symbolic/ccem.js')>()),
  deriveCcem: async (options: unknown) => {
    derived.calls.push(options);
    return derived.result;
  },
}));
// the solver can be swapped for one that returns orthogonal U and V (c1 = 0), a numeric refutation
const solver = vi.hoisted(() => ({ broken: false }));
vi.mock('../../src/solver/index.js', async (original) => {
  const real = await original<typeof import('../../src/solver/index.js')>();
  return {
    ...real,
    solveSync: (o: Parameters<typeof real.solveSync>[0]) =>
      solver.broken
        ? { u: { data: new Float64Array(o.n * o.d) }, v: { data: new Float64Array(o.n * o.d) } }
        : real.solveSync(o),
  };
});
const { claim } = await import('../../theorems/ccem-thresholds.js');

const timings = { mathjsImportMs: 0, mathjsMs: 0, nerdamerMs: 0 };

describe('ccem-thresholds: the claim consults the symbolic derivation after the numeric check', () => {
  beforeEach(() => {
    derived.calls = [];
    solver.broken = false;
  });

  it('asks for the mathjs route at its own seed and reports its status and error in the evidence', async () => {
    derived.result = { status: 'ok', steps: [], maxRelError: 2e-15, timings };
    const v = await claim.check({ seed: 9, globalSeed: 4, runs: 1 });
    expect(derived.calls).toEqual([{ seed: 9, nerdamer: false }]);
    expect(v.status).toBe('holds');
    expect(v.evidence!.details!.symbolic).toEqual({ status: 'ok', maxRelError: 2e-15 });
  });

  it('a derivation that timed out makes the verdict an error', async () => {
    derived.result = { status: 'symbolic_timeout', steps: [], maxRelError: Number.NaN, timings };
    const v = await claim.check({ seed: 9, globalSeed: 4, runs: 1 });
    expect(v).toMatchObject({ status: 'error', issues: ['symbolic_timeout'] });
  });

  it('a numeric refutation is the verdict as it is: the derivation is not consulted', async () => {
    derived.result = { status: 'symbolic_timeout', steps: [], maxRelError: Number.NaN, timings };
    solver.broken = true;
    const v = await claim.check({ seed: 9, globalSeed: 4, runs: 1 });
    expect(v.status).toBe('refuted');
    expect(derived.calls).toEqual([]);
    expect(v.evidence!.details).not.toHaveProperty('symbolic');
  });
});
