import { describe, expect, it } from 'vitest';
import { canonicalParameters } from '../../../src/documents/parameters.js';
import { UsageError } from '../../../src/errors.js';

describe('canonicalParameters', () => {
  it('maps SigLIP parameters by t = exp(logit_scale), b = -logit_bias', () => {
    expect(canonicalParameters('x', { from: 'siglip', logitScale: 0, logitBias: -3 })).toEqual({
      t: 1,
      b: 3,
      from: 'siglip',
    });
    const r = canonicalParameters('x', { from: 'siglip', logitScale: Math.log(10), logitBias: -10 });
    expect(Math.abs(r.t - 10)).toBeLessThanOrEqual(4e-15); // ln 10 rounded: |t - 10| <= 10 * 2^-52
  });
  it('passes canonical (t, b) through', () => {
    expect(canonicalParameters('x', { from: 'canonical', t: 2, b: -1 })).toEqual({
      t: 2,
      b: -1,
      from: 'canonical',
    });
  });
  it('refuses a logit_scale whose exp overflows or underflows to 0, naming the command', () => {
    expect(() => canonicalParameters('loss', { from: 'siglip', logitScale: 710, logitBias: 0 })).toThrow(
      UsageError,
    );
    expect(() => canonicalParameters('loss', { from: 'siglip', logitScale: -746, logitBias: 0 })).toThrow(
      /^loss: exp\(--logit-scale\) must be a finite t > 0$/,
    );
  });
  it('refuses a logit_scale whose exp is subnormal (digits lost), accepts one just above -1022 ln 2', () => {
    // e^-745 = 2.8e-324 in exact arithmetic, but rounds to the subnormal 4.9e-324
    for (const logitScale of [-745, -720, -708.4]) {
      expect(
        () => canonicalParameters('plan', { from: 'siglip', logitScale, logitBias: 0 }),
        `${logitScale}`,
      ).toThrow(
        /^plan: exp\(--logit-scale\) = exp\(-7[0-9.]+\) is below the smallest normal double 2\^-1022 /,
      );
    }
    // -1022 ln 2 = -708.39641853226410622...: 1e-9 above it, e^x is a normal double
    const r = canonicalParameters('plan', { from: 'siglip', logitScale: -708.396418531, logitBias: 0 });
    expect(r.t).toBeGreaterThanOrEqual(2 ** -1022);
  });
});
