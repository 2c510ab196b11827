import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCcem, LOSS_FALLBACK_UNITS, MAX_DECIMAL_UNITS } from '../../../src/documents/ccem.js';

/**
 * Float64 `ccem` at typed decimals next to the LCS24 thresholds, against the mpmath oracle
 * scripts/oracles/ccem_typed_edges.py (regime and values at the decimal itself). A third of the
 * points have their double on the other side of the threshold from the decimal.
 */
interface Point {
  N: number;
  t: string;
  edge: string;
  regimeOfDouble: string;
  regime: string;
  c1: string;
  oneMinusC1: string;
  c2: string;
  delta: string;
  loss: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/edges/ccem-typed-edges.json', import.meta.url), 'utf8'),
) as { points: Point[] };

/** Two ulps relative: the decimal route's value (30 digits and guards) rounded once to a double. */
const ULPS = 2;
function within(actual: unknown, expected: string): boolean {
  if (expected === 'Infinity') return actual === 'Infinity' || actual === Number.POSITIVE_INFINITY;
  const e = Number(expected);
  return typeof actual === 'number' && Math.abs(actual - e) <= ULPS * 2 ** -52 * Math.abs(e);
}

describe('ccem float64 rows are for the typed decimal, not the double it rounds to', () => {
  it('the fixture has points whose double lies across the threshold', () => {
    expect(fixture.points.filter((p) => p.regime !== p.regimeOfDouble).length).toBeGreaterThanOrEqual(20);
  });

  for (const p of fixture.points) {
    it(`N = ${p.N}, t = b = ${p.t} (${p.edge} edge): ${p.regime}`, () => {
      const [row] = buildCcem({ ns: [{ text: String(p.N), x: p.N }], ts: [{ text: p.t, x: Number(p.t) }] });
      const failures = (['c1', 'oneMinusC1', 'c2', 'delta', 'loss'] as const)
        .filter((k) => !within(row![k], p[k]))
        .map((k) => `${k}: actual ${String(row![k])}, expected ${p[k]}`);
      expect(row!.regime).toBe(p.regime);
      expect(failures).toEqual([]);
    });
  }
});

describe('a float sweep with more near-edge points than the decimal route can take in a run', () => {
  it('counts points whose loss underflows past its log10 at 2 units each (5-6 ms measured)', () => {
    // N = 8, b = 0, t >= 1e10: the per-anchor loss is ~1e-(1.7e8 t), its log10 has < 6 digits left
    const count = MAX_DECIMAL_UNITS / LOSS_FALLBACK_UNITS + 1;
    const ts = Array.from({ length: count }, (_, i) => {
      const x = 1e10 + i;
      return { text: String(x), x };
    });
    expect(() => buildCcem({ ns: [{ text: '8', x: 8 }], ts, bs: [{ text: '0', x: 0 }] })).toThrow(
      `ccem: 0 points next to a regime edge and ${count} with an underflowing loss`,
    );
  });

  it('is refused up front with one line', () => {
    // t within 1e-12 of T_ETF(8) = 1.40825817337983782...: every point has 1 - c1 < 2^-10
    const ts = Array.from({ length: MAX_DECIMAL_UNITS + 1 }, (_, i) => {
      const x = 1.408258173379 + (i * 1e-12) / MAX_DECIMAL_UNITS;
      return { text: String(x), x };
    });
    expect(() => buildCcem({ ns: [{ text: '8', x: 8 }], ts })).toThrow(
      /^ccem: 20001 points next to a regime edge and 0 with an underflowing loss need the decimal route/,
    );
  });
});
