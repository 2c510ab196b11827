import { describe, expect, it } from 'vitest';
import { buildPhaseDiagram } from '../../../src/documents/phase.js';

describe('phase diagram data', () => {
  it('c1* on the grid is -1 below T_ANTI(N), 1 above T_ETF(N), interior in between (LCS24; docs/theory.md §1)', () => {
    const grid = { nMin: 8, nMax: 9, tMax: 2, dt: 0.5 };
    const p = buildPhaseDiagram(grid);
    expect(p.grid).toEqual(grid);
    expect(p.cells.map((c) => [c.N, c.t])).toEqual([
      [8, 0.5],
      [8, 1],
      [8, 1.5],
      [8, 2],
      [9, 0.5],
      [9, 1],
      [9, 1.5],
      [9, 2],
    ]);
    for (const n of [8, 9]) {
      // closed forms: T_ETF(N) = ((N - 1)/N) ln(N - 3), T_ANTI(N) = (1/2) ln((N - 2)/2)
      const etf = ((n - 1) / n) * Math.log(n - 3);
      const anti = 0.5 * Math.log((n - 2) / 2);
      const th = p.thresholds.filter((x) => x.N === n);
      expect(th.find((x) => x.curve === 'T_ETF')!.t).toBeCloseTo(etf, 14);
      expect(th.find((x) => x.curve === 'T_ANTI')!.t).toBeCloseTo(anti, 14);
      for (const c of p.cells.filter((x) => x.N === n)) {
        if (c.t > etf) expect([c.regime, c.c1]).toEqual(['etf', 1]);
        else if (c.t < anti) expect([c.regime, c.c1]).toEqual(['antipodal', -1]);
        else {
          expect(c.regime).toBe('interior');
          expect(Math.abs(c.c1)).toBeLessThan(1);
        }
      }
    }
    // the grid above has each regime at least once
    expect(new Set(p.cells.map((c) => c.regime))).toEqual(new Set(['etf', 'interior', 'antipodal']));
  });
});
