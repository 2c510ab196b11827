import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

describe("the public API ('sigcheck')", () => {
  it('runs the examples of its module documentation', () => {
    const U = api.fromRows([
      [1, 0],
      [0, 1],
    ]);
    expect(api.sigmoidLoss(U, U, { t: 1, b: 0, normalization: 'sum' }).loss).toBeCloseTo(
      2 * Math.log1p(Math.exp(-1)) + 2 * Math.LN2,
      14,
    );
    expect(api.ccemOptimum(8, 1.125, 1.125).regime).toBe('interior');
    expect(api.feasibility(0.1, 0).feasible).toBe(true);
    expect(
      api.analyzeEmbeddings(
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ).mStar,
    ).toBe(0.5);
    expect(api.siglipAnswers({ t: 117.8, b: 12.9, batch: 32768 }).matchThreshold).toBe(12.9 / 117.8);
  });
  it('exports the stable names and refuses bad arrays with a UsageError', () => {
    for (const name of [
      'sigmoidLoss',
      'rbSigmoidLoss',
      'infoNceLoss',
      'ccemOptimum',
      'ccemThresholds',
      'feasibility',
      'marginFor',
      'dimensionForN',
      'analyzeEmbeddings',
      'evaluateGates',
      'runClaims',
      'CLAIMS',
      'siglipAnswers',
      'initLogitBias',
      'initialLoss',
      'logitsMemory',
      'readCheckpointLogits',
    ]) {
      expect(api, name).toHaveProperty(name);
    }
    expect(() => api.analyzeEmbeddings([[1, 0], [0]], [[1, 0]])).toThrow(api.UsageError);
    expect(() => api.analyzeEmbeddings([[Number.NaN, 0]], [[1, 0]])).toThrow(/non-finite/);
  });
  it('package.json maps the package root to dist/src/index.js with its declarations', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', import: './dist/src/index.js' });
    expect(pkg.types).toBe('dist/src/index.d.ts');
  });
});
