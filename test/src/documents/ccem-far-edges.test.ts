import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../../src/documents/plan.js';
import { buildSiglip } from '../../../src/documents/siglip.js';
import { siglipAnswers } from '../../../src/siglip/answers.js';

// scripts/oracles/ccem_far_edges.py: the CCEM optimum where 1 + c1* ~ 1/t (N = 3, b = -t)
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/edges/ccem-far-edges.json', import.meta.url), 'utf8'),
) as { points: { N: number; t: string; b: string; regime: string; delta: string; loss: string }[] };

const rel = (got: number, want: string) => Math.abs(got - Number(want)) / Math.abs(Number(want));

describe('plan, siglip and siglipAnswers give the CCEM optimum of the decimal route next to a regime edge', () => {
  for (const p of fixture.points) {
    it(`N ${p.N}, t ${p.t}, b ${p.b}: loss ${p.loss}`, () => {
      const t = Number(p.t);
      const b = Number(p.b);
      const plan = buildPlan({ N: p.N, d: p.N, t, b, tText: p.t, bText: p.b });
      expect(plan.regime.name).toBe(p.regime);
      // the loss is well conditioned in 1 + c1 (the float route had it 0.9 % off at t = 1e15)
      expect(rel(plan.regime.lossPerAnchor as number, p.loss), `${plan.regime.lossPerAnchor}`).toBeLessThan(
        1e-14,
      );
      expect(rel(plan.regime.delta, p.delta), `${plan.regime.delta}`).toBeLessThan(1e-14);
      if (t + Math.abs(b) < Number.MAX_VALUE) {
        const doc = buildSiglip({
          parameters: { kind: 'given', t, b, exact: { kind: 'canonical', t: p.t, b: p.b } },
          source: 'given',
          batch: p.N,
        });
        expect(doc.lcs24!.regime).toBe(p.regime);
        expect(rel(doc.lcs24!.lossPerAnchor as number, p.loss), `${doc.lcs24!.lossPerAnchor}`).toBeLessThan(
          1e-14,
        );
        expect(rel(doc.lcs24!.delta, p.delta), `${doc.lcs24!.delta}`).toBeLessThan(1e-14);
        // the programmatic answer is the same one
        const api = siglipAnswers({ t, b, batch: p.N }).lcs24!;
        expect(api.regime).toBe(p.regime);
        expect(rel(api.lossPerAnchor, p.loss), `${api.lossPerAnchor}`).toBeLessThan(1e-14);
        expect(rel(api.delta, p.delta), `${api.delta}`).toBeLessThan(1e-14);
      }
    });
  }
});
