import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../src/claims/registry.js';
import { explainOutput } from '../../../src/cli/explain.js';
import type { CcemDerivation } from '../../../src/symbolic/ccem.js';

const claim = CLAIMS.find((c) => c.id === 'ccem-thresholds')!;
const derivation = (status: CcemDerivation['status']): CcemDerivation => ({
  status,
  steps: [],
  maxRelError: 0,
  timings: { mathjsImportMs: 0, mathjsMs: 0, nerdamerMs: 0 },
  ...(status === 'ok' ? {} : { message: 'nerdamer timed out after 1 ms' }),
});

describe('explain output', () => {
  it('a failed live derivation exits 1 in text and in json alike', () => {
    for (const status of ['symbolic_timeout', 'error'] as const) {
      expect(explainOutput(claim, derivation(status), 'text').exitCode).toBe(1);
      expect(explainOutput(claim, derivation(status), 'json').exitCode).toBe(1);
    }
  });

  it('a successful or absent derivation exits 0 in both formats', () => {
    for (const live of [derivation('ok'), null]) {
      expect(explainOutput(claim, live, 'text').exitCode).toBe(0);
      expect(explainOutput(claim, live, 'json').exitCode).toBe(0);
    }
    expect(JSON.parse(explainOutput(claim, derivation('ok'), 'json').text).live.status).toBe('ok');
  });
});
