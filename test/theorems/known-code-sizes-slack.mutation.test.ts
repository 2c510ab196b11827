import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { KNOWN_TOL, knownDomain, knownSlack } from '../../theorems/known-code-sizes.js';

const D = Decimal.clone({ precision: 50 });
/** ln of Levenshtein's second bound L_2(n, s) = 2n (1 - s)/(1 - ns) on [-1/n, 0], s the exact double. */
function lnL2(n: number, s: number): number {
  const x = new D(s.toPrecision(40));
  return new D(2 * n)
    .mul(new D(1).minus(x))
    .div(new D(1).minus(x.mul(n)))
    .ln()
    .toNumber();
}
const tolOf = (size: number) => KNOWN_TOL * Math.max(1, Math.log(size));

describe('known-code-sizes: the slack pinned where Levenshtein binds (decimal L_2 by hand)', () => {
  it('A(n, 0) = 2n = L(n, 0): the slack is the tolerance alone, for the claim and for its reversed twin', () => {
    for (const n of [2, 10, 777]) {
      const tol = tolOf(2 * n);
      const main = knownSlack({ kind: 'orthoplex', n }, false);
      const twin = knownSlack({ kind: 'orthoplex', n }, true);
      // ln L - ln 2n is 0 to a few ulps of ln 2n; tol is 1e-12 ln 2n
      expect(Math.abs(main.slack - tol), `n = ${n}`).toBeLessThan(tol / 100);
      expect(Math.abs(twin.slack - tol), `n = ${n}`).toBeLessThan(tol / 100);
      expect(main.detail).toMatchObject({ n, s: 0, size: 2 * n });
    }
  });

  it('A(n, s) = n + 1 strictly inside (-1/n, 0): slack ln L_2(n, s) - ln(n + 1) + tol (not the exact shortcut)', () => {
    for (const [n, u] of [
      [2, 0.999],
      [3, 0.5],
      [50, 0.25],
    ] as const) {
      const s = -1 / n + u / n;
      const tol = tolOf(n + 1);
      const want = lnL2(n, s) - Math.log(n + 1) + tol;
      const got = knownSlack({ kind: 'simplex', n, u }, false);
      expect(want).toBeGreaterThan(0.01);
      expect(Math.abs(got.slack - want), `n = ${n}, u = ${u}`).toBeLessThan(1e-14);
      expect(got.detail).toMatchObject({ n, s, size: n + 1 });
      // the reversed twin is refuted there by the same distance
      const twin = knownSlack({ kind: 'simplex', n, u }, true);
      expect(Math.abs(twin.slack - (2 * tol - want)), `n = ${n}, u = ${u}`).toBeLessThan(1e-14);
    }
  });

  it('each kind of case reports exactly its own parameters (no undefined fields)', () => {
    expect(knownDomain.values({ kind: 'kissing', i: 2 })).toStrictEqual({ i: 2 });
    expect(knownDomain.values({ kind: 'orthoplex', n: 9 })).toStrictEqual({ n: 9 });
    expect(knownDomain.values({ kind: 'simplex', n: 9, u: 0.25 })).toStrictEqual({ n: 9, u: 0.25 });
  });
});
