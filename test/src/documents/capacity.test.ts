import { describe, expect, it } from 'vitest';
import type { AnalysisDoc } from '../../../src/documents/analysis.js';
import {
  analysisCapacityPair,
  buildCapacityTable,
  CAPACITY_D_MAX,
  capacityDims,
} from '../../../src/documents/capacity.js';

describe('capacity table', () => {
  it('has one row per pair and d; rho is (1 + b_rel - 3m)/(1 + b_rel + m) (docs/theory.md §2)', () => {
    const pairs = [
      { label: 'a', m: 0.1, bRel: 0.2 },
      { label: 'b', m: 0.25, bRel: -0.5, d: 37 },
    ];
    const t = buildCapacityTable(pairs);
    expect(t.error).toBeNull();
    const dims = capacityDims(pairs);
    expect(dims).toContain(37);
    expect(t.rows.length).toBe(2 * dims.length);
    // closed form by hand: (1 + .2 - .3)/(1 + .2 + .1) = .9/1.3; (1 - .5 - .75)/(1 - .5 + .25) = -1/3
    const rho = new Map(t.rows.map((r) => [r.pair, r.rho]));
    expect(rho.get('a')).toBeCloseTo(0.9 / 1.3, 14);
    expect(rho.get('b')).toBeCloseTo(-1 / 3, 14);
    // the bounds are ordered where both exist
    for (const r of t.rows) {
      if (r.log10NLower !== null && r.log10NUpper !== null)
        expect(r.log10NLower).toBeLessThanOrEqual(r.log10NUpper);
    }
  });

  it('the d grid is every d up to 20, then steps of about 4%, up to CAPACITY_D_MAX', () => {
    const dims = capacityDims([]);
    expect(dims.slice(0, 19)).toEqual(Array.from({ length: 19 }, (_, k) => k + 2));
    expect(dims.at(-1)).toBe(CAPACITY_D_MAX);
    for (let k = 20; k < dims.length - 1; k++) expect(dims[k]! / dims[k - 1]!).toBeLessThan(1.06);
  });

  it('carries the reason and no rows when the bounds refuse a pair, never made-up numbers', () => {
    const t = buildCapacityTable([{ label: 'bad', m: 2, bRel: 0 }]);
    expect(t.rows).toEqual([]);
    expect(t.error).toMatch(/m must be in \[0, 1\], got 2/);
  });

  it('the analysed pair is (m*, b*) when m* > 0, else the mean-based one, null out of range', () => {
    const base = { N: 10, d: 8, mStar: 0.0723456, bStar: -0.0123456, mMean: 0.3, bMean: 0.1 } as AnalysisDoc;
    expect(analysisCapacityPair(base)).toEqual({
      label: 'analysed (m*, b* = 0.0723, -0.0123)',
      m: 0.0723456,
      bRel: -0.0123456,
      d: 8,
    });
    expect(analysisCapacityPair({ ...base, mStar: -0.2 })).toEqual({
      label: 'analysed (m_mean, b_mean = 0.300, 0.100)',
      m: 0.3,
      bRel: 0.1,
      d: 8,
    });
    expect(analysisCapacityPair({ ...base, mStar: -0.2, mMean: 1.5 })).toBeNull();
    expect(analysisCapacityPair({ ...base, d: 1 })).toBeNull();
  });
});
