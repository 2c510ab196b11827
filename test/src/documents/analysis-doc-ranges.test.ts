import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnalysisDoc } from '../../../src/documents/analysis.js';
import { UsageError } from '../../../src/errors.js';
import { repoRoot } from '../../__helpers__/cli.js';

// An analyze document describes unit rows: N and d are positive integers, margins and centres are
// inner products of unit vectors (|x| <= 1 up to the unit-norm tolerance), xi a mean of |U_i - V_i|
// (in [0, 2]), fractions in [0, 1]. A document outside that is refused with one line.
const doc = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/report/analysis.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('parseAnalysisDoc ranges', () => {
  it('accepts the fixture', () => {
    expect(parseAnalysisDoc(doc, 'a').N).toBe(doc.N);
  });

  for (const [key, value] of [
    ['N', -3],
    ['N', 0],
    ['N', 2.5],
    ['d', 0],
    ['mStar', 1e308],
    ['bStar', -1.02],
    ['mMean', 1.5],
    ['mTrimmed', -2],
    ['xi', -1],
    ['xi', 2.03],
  ] as const) {
    it(`refuses ${key} = ${value}`, () => {
      expect(() => parseAnalysisDoc({ ...doc, [key]: value }, 'a')).toThrow(UsageError);
      expect(() => parseAnalysisDoc({ ...doc, [key]: value }, 'a')).toThrow(
        new RegExp(`^a\\.${key} must be `),
      );
    });
  }

  it('refuses fractions outside [0, 1] and accepts the edges', () => {
    const r = doc.retrieval as Record<string, number>;
    expect(() => parseAnalysisDoc({ ...doc, retrieval: { ...r, uToV: 1.5 } }, 'a')).toThrow(
      /a\.retrieval\.uToV/,
    );
    expect(() => parseAnalysisDoc({ ...doc, retrieval: { ...r, vToU: -0.1 } }, 'a')).toThrow(
      /a\.retrieval\.vToU/,
    );
    expect(parseAnalysisDoc({ ...doc, retrieval: { uToV: 0, vToU: 1 } }, 'a').retrieval).toEqual({
      uToV: 0,
      vToU: 1,
    });
    const g = doc.gap as Record<string, unknown>;
    expect(() => parseAnalysisDoc({ ...doc, gap: { ...g, fraction: 2 } }, 'a')).toThrow(/a\.gap\.fraction/);
    // the bound 1.01 itself, and xi = 0, are in range
    expect(parseAnalysisDoc({ ...doc, mStar: 1.01, bStar: -1.01, xi: 0 }, 'a').mStar).toBe(1.01);
  });
});
