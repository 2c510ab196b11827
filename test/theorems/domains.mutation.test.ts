import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/registry.js';

// corners.test.ts shows every boundary is drawn; this shows each boundary is a proper part of its
// domain (a predicate true everywhere would pass that test and name no boundary at all), and that
// every declared parameter is reported for some cases and left out only where it does not apply.
const withDomain = CLAIMS.filter((c) => c.domain !== undefined);

describe('declared boundaries are proper parts of their domains', () => {
  for (const claim of withDomain) {
    it(`${claim.id}: each boundary holds on some drawn cases and fails on others`, () => {
      const dom = claim.domain!;
      const cases = fc.sample(dom.arbitrary, { seed: 5, numRuns: 1500 });
      for (const b of dom.boundaries ?? []) {
        const on = cases.filter((c) => b.on(c)).length;
        expect(on, `boundary ${b.name} never drawn`).toBeGreaterThan(0);
        expect(on, `boundary ${b.name} holds on every case`).toBeLessThan(cases.length);
      }
      for (const c of cases.slice(0, 200)) {
        for (const [name, x] of Object.entries(dom.values(c))) {
          expect(name in dom.params, `${name} is not a declared parameter`).toBe(true);
          // a value is one number or the several a case draws (e.g. a pair of t)
          for (const y of [x ?? []].flat()) expect(Number.isFinite(y), `${name} = ${y}`).toBe(true);
        }
      }
    });
  }
});
