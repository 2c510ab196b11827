import { describe, expect, it } from 'vitest';
import { buildSiglip } from '../../../src/documents/siglip.js';

// The answers themselves are checked in test/src/siglip and end to end; here: how the parameters
// of each form reach the exact threshold decisions.
describe('buildSiglip', () => {
  it('t with b_rel: b = t b_rel as exact decimals (3 x 0.1 = 0.3, not 0.30000000000000004)', () => {
    const doc = buildSiglip({
      parameters: { kind: 'b-rel', t: '3', bRel: '0.1' },
      source: 'given t and b_rel',
      similarities: ['0.1', '0.2'],
    });
    expect(doc.source).toBe('given t and b_rel');
    expect(doc.b).toBe(0.3);
    // t s - b = 3 (0.1) - 0.3 = 0 exactly: on the boundary
    expect(doc.similarities.map((s) => s.side)).toEqual(['boundary', 'match']);
    expect(Object.keys(doc)[0]).toBe('source');
  });

  it('checkpoint doubles decide by their exact expansions: logit_bias -0.1 is below -1/10', () => {
    // t = exp(0) = 1; z = s + logit_bias = 0.1 - 0.1000000000000000055511... < 0
    const doc = buildSiglip({
      parameters: { kind: 'checkpoint', t: 1, b: 0.1, logitScale: 0, logitBias: -0.1 },
      source: 'checkpoint',
      similarities: ['0.1'],
    });
    expect(doc.similarities[0]!.side).toBe('no-match');
  });

  it('given decimals decide as written: logit_bias "-0.1" puts s = 0.1 on the boundary', () => {
    const doc = buildSiglip({
      parameters: {
        kind: 'given',
        t: 1,
        b: 0.1,
        exact: { kind: 'siglip', logitScale: '0', logitBias: '-0.1' },
      },
      source: 'given',
      similarities: ['0.1'],
    });
    expect(doc.similarities[0]!.side).toBe('boundary');
  });
});
