import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { typedDecimal } from '../../../src/bounds/rational.js';
import { buildPlan, gapForced } from '../../../src/documents/plan.js';

describe('plan decides on the decimals typed', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../fixtures/edges/ccem-typed-edges.json', import.meta.url), 'utf8'),
  ) as { points: { N: number; t: string; regime: string; regimeOfDouble: string; delta: string }[] };

  it('the regime at t = b typed next to a threshold is the decimal one (mpmath fixture)', () => {
    const across = fixture.points.filter((p) => p.regime !== p.regimeOfDouble && p.N <= 1000);
    expect(across.length).toBeGreaterThanOrEqual(10);
    for (const p of across) {
      const x = Number(p.t);
      const plan = buildPlan({ N: p.N, d: p.N, t: x, b: x, tText: p.t, bText: p.t });
      expect(plan.regime.name, `N = ${p.N}, t = b = ${p.t}`).toBe(p.regime);
    }
  });

  it('a target on the edge m + b_rel = 1 in 16 digits is feasible; m > |b_rel| by 1e-17 forces the gap', () => {
    const D = Decimal.clone({ precision: 60 });
    const m = '0.1234567890123456';
    const b = '0.8765432109876544';
    expect(new D(m).plus(b).eq(1)).toBe(true);
    const plan = buildPlan({
      N: 5,
      d: 3,
      t: 10,
      b: 10,
      target: { m: typedDecimal(m), bRel: typedDecimal(b) },
    });
    expect(plan.feasible?.feasible).toBe(true);
    // 0.30000000000000001 and 0.3 are one double, but the decimals differ
    expect(new D('0.30000000000000001').gt('0.3')).toBe(true);
    expect(gapForced(10, 8, typedDecimal('0.30000000000000001'), typedDecimal('0.3'))).toBe(true);
    expect(gapForced(10, 8, typedDecimal('0.3'), typedDecimal('-0.3'))).toBe(false);
  });
});

describe('plan b_rel = b / t past the doubles (mpmath fixture)', () => {
  // scripts/oracles/siglip_threshold_corners.py: b / t at 60 digits, printed to 17
  const corners = JSON.parse(
    readFileSync(new URL('../../fixtures/siglip/threshold-corners.json', import.meta.url), 'utf8'),
  ) as { cases: { kind: string; t?: string; b?: string; bRel: string }[] };
  for (const c of corners.cases.filter((c) => c.kind === 'canonical')) {
    it(`t ${c.t}, b ${c.b}: b_rel ${c.bRel}`, () => {
      const plan = buildPlan({ N: 8, d: 8, t: Number(c.t), b: Number(c.b), tText: c.t!, bText: c.b! });
      const want = new Decimal(c.bRel);
      expect(new Decimal(plan.bRel).minus(want).abs().lte(want.abs().times('1e-16')), `${plan.bRel}`).toBe(
        true,
      );
    });
  }
});
