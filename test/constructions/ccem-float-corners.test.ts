import { describe, expect, it } from 'vitest';
import { ccemOptimum } from '../../constructions/ccem.js';
import { buildCcem } from '../../src/documents/ccem.js';
import { buildPlan } from '../../src/documents/plan.js';
import { buildSiglip } from '../../src/documents/siglip.js';
import oracle from '../fixtures/edges/ccem-float-corners.json' with { type: 'json' };

// The float64 route at tiny t (N = 4, where the interior root survives t -> 0 and both sigmoids of
// f' sit at 1/2) and at huge t (where the loss underflows and its log loses digits), against the
// 200-digit mpmath oracle scripts/oracles/ccem_float_corners.py.
describe('ccem float64 corners', () => {
  it.each(oracle.points)('N = $N, t = $t, b = $b: regime and c1* to 16 ulps of 1', (p) => {
    const o = ccemOptimum(p.N, Number(p.t), Number(p.b));
    expect(o.regime).toBe(p.regime);
    // bisection to the last bit on a log-space sign whose error is a few ulps of the argument
    // difference, which is of the size t (c2 + x): the root moves by a few ulps of 1
    expect(Math.abs(o.c1 - Number(p.c1))).toBeLessThanOrEqual(2 ** -48);
    expect(Math.abs(o.oneMinusC1 - Number(p.oneMinusC1))).toBeLessThanOrEqual(2 ** -48);
    expect(Math.abs(o.log10Loss - Number(p.log10Loss))).toBeLessThanOrEqual(
      2 ** -44 * (1 + Math.abs(Number(p.log10Loss))),
    );
  });

  it('an underflowed loss is printed with 6 correct digits even at t = 1e12', () => {
    for (const p of oracle.points.filter((q) => Number(q.log10Loss) < -400)) {
      const v = (text: string) => ({ text, x: Number(text) });
      const [row] = buildCcem({ ns: [v(String(p.N))], ts: [v(p.t)], bs: [v(p.b)] });
      expect(row!.loss, `${p.t}, ${p.b}`).toBe(p.loss6.replace('e-0', 'e-').replace('e+', 'e'));
    }
  });

  it('plan and siglip print the same underflowed loss per anchor, not 0', () => {
    for (const p of oracle.points.filter((q) => Number(q.log10Loss) < -400)) {
      const expected = p.loss6.replace('e-0', 'e-').replace('e+', 'e');
      const [t, b] = [Number(p.t), Number(p.b)];
      expect(buildPlan({ N: p.N, d: p.N, t, b }).regime.lossPerAnchor).toBe(expected);
      const s = buildSiglip({
        parameters: { kind: 'given', t, b, exact: { kind: 'canonical', t: p.t, b: p.b } },
        source: 'test',
        batch: p.N,
      });
      expect(s.lcs24!.lossPerAnchor).toBe(expected);
    }
  });
});
