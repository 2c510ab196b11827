import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cornersOf } from '../../src/claims/domain.js';
import { CLAIMS } from '../../src/claims/registry.js';

/** Cases drawn per claim (sampling only, nothing measured) and their seed. */
const SAMPLES = 3000;
const SEED = 12;

const withDomain = CLAIMS.filter((c) => c.domain !== undefined);

describe('the claims reach the corners of their declared domains', () => {
  it('claims declare domains', () => {
    expect(withDomain.length).toBeGreaterThan(0);
  });

  for (const claim of withDomain) {
    it(`${claim.id}: min, max and every corner of each parameter, and each boundary, are drawn`, () => {
      const dom = claim.domain!;
      const cases = fc.sample(dom.arbitrary, { seed: SEED, numRuns: SAMPLES });
      const pending = dom.pendingCorners ?? [];
      for (const [name, p] of Object.entries(dom.params)) {
        const seen = cases.flatMap((c) => dom.values(c)[name] ?? []);
        expect(seen.length, `${name} never drawn`).toBeGreaterThan(0);
        const lo = Math.min(...seen);
        const hi = Math.max(...seen);
        expect(lo, `${name}: below the declared min`).toBeGreaterThanOrEqual(p.min);
        expect(hi, `${name}: above the declared max`).toBeLessThanOrEqual(p.max);
        for (const x of cornersOf(p)) {
          const instead = pending.find((c) => c.param === name && c.value === x)?.instead;
          expect(seen, `${name} = ${x}${instead !== undefined ? ` (pending: ${instead})` : ''}`).toContain(
            instead ?? x,
          );
        }
      }
      for (const b of dom.boundaries ?? []) {
        expect(
          cases.some((c) => b.on(c)),
          `boundary ${b.name}`,
        ).toBe(true);
      }
    });
  }
});
