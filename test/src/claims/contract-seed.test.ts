import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { checkProperty } from '../../../src/claims/property.js';
import type { Claim } from '../../../src/claims/types.js';
import { parseRunSeed } from '../../__helpers__/seed.js';

// The contract is loaded afresh under SIGCHECK_SEED=7, so the claims below see the seed a user
// would set for the whole run.
const ENV_SEED = 7;
vi.stubEnv('SIGCHECK_SEED', String(ENV_SEED));
vi.resetModules();
const { claimContract } = await import('../../__helpers__/claims.js');
vi.unstubAllEnvs();

const base: Omit<Claim, 'check' | 'id' | 'expected'> = {
  title: 't',
  source: { paper: 'test', ref: 'contract seed' },
  hypotheses: [],
  statement: 's',
  latex: 'l',
  examples: [],
  tolerance: { kind: 'exact', value: 0, why: 'test' },
  defaultRuns: 3,
};

/** Holds exactly when the run seed is the one in SIGCHECK_SEED (refuted at 42 or any other). */
const seedProbe: Claim = {
  ...base,
  id: 'seed-probe',
  expected: 'holds',
  check: (ctx) =>
    checkProperty(ctx, {
      claimId: 'seed-probe',
      arbitrary: fc.constant(0),
      metric: 'run seed == SIGCHECK_SEED',
      measure: () => ({ slack: ctx.globalSeed === ENV_SEED ? 1 : -1 }),
    }),
};

/** Always refuted; its replay command carries the run seed it was given. */
const seedProbeVariant: Claim = {
  ...base,
  id: 'seed-probe/always-false',
  expected: 'refuted',
  check: (ctx) =>
    checkProperty(ctx, {
      claimId: 'seed-probe/always-false',
      arbitrary: fc.constant(0),
      metric: '-1',
      measure: () => ({ slack: -1 }),
    }),
};

describe('claimContract runs claims at the seed SIGCHECK_SEED sets', () => {
  claimContract(seedProbe, [seedProbeVariant]);
});

describe('the suite seed from SIGCHECK_SEED', () => {
  it('is 42 when unset or empty, the integer when given, and a malformed value stops the run', () => {
    expect(parseRunSeed(undefined)).toBe(42);
    expect(parseRunSeed('')).toBe(42);
    expect(parseRunSeed('7')).toBe(7);
    expect(parseRunSeed('-3')).toBe(-3);
    expect(() => parseRunSeed('0x10')).toThrow(/SIGCHECK_SEED must be a 32-bit integer, got '0x10'/);
    expect(() => parseRunSeed('1.5')).toThrow(/SIGCHECK_SEED/);
    expect(() => parseRunSeed('99999999999')).toThrow(/SIGCHECK_SEED/);
  });
});
