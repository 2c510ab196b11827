import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  claim,
  type InfoCase,
  infoNceDomain,
  infoNceOnCcem,
  measureInfoNce,
  REL_GAP_TOL,
  STRUCTURE_TOL,
  wrongSign,
} from '../../theorems/infonce-etf.js';

const U = 2 ** -53;
const D50 = Decimal.clone({ precision: 50 });
/** 2 ln(1 + (N-1) e^{sign (c2 - c1)/tau}) with c2 - c1 = -N (1 + x)/(2 (N-1)), in 50-digit decimals. */
function closedDecimal(n: number, tau: number, x: number, sign = 1): Decimal {
  const gap = new D50(-n).times(new D50(1).plus(x)).div(2 * (n - 1));
  return gap
    .times(sign)
    .div(tau)
    .exp()
    .times(n - 1)
    .plus(1)
    .ln()
    .times(2);
}
const near = (got: number, want: Decimal, ulps: number) =>
  new D50(got)
    .minus(want)
    .abs()
    .lte(want.abs().times(ulps * Number.EPSILON));

describe('infoNceOnCcem away from the ETF and with the exponent flipped', () => {
  it.each([
    [4, 1, 0],
    [6, 0.5, -0.75],
    [10, 5, 0.3],
    [3, 0.25, -1],
  ])('N = %d, tau = %d, x = %d: both signs to 16 ulps', (n, tau, x) => {
    expect(near(infoNceOnCcem(n, tau, x), closedDecimal(n, tau, x), 16)).toBe(true);
    expect(near(infoNceOnCcem(n, tau, x, -1), closedDecimal(n, tau, x, -1), 16)).toBe(true);
  });
});

describe('measureInfoNce: the closed form, the ETF below it, the tolerance', () => {
  it('N = 4, d = 4, tau = 1/2, x = 0: L = 2 ln(1 + 3 e^{-4/3}); tol = 4 (8 + 4 + 4) u max(1, L, 2)', () => {
    const c: InfoCase = { n: 4, d: 4, tau: 0.5, x: 0, seed: 1 };
    const r = measureInfoNce(c, 1, false);
    const d = r.detail;
    const want = closedDecimal(4, 0.5, 0);
    expect(want.toNumber()).toBeLessThan(2);
    expect(near(d.closed, want, 4)).toBe(true);
    expect(near(d.direct, want, 64)).toBe(true);
    expect(near(d.etf, closedDecimal(4, 0.5, 1), 4)).toBe(true);
    expect(d.tolerance).toBe(64 * U * 2);
    expect(d.relTolerance).toBe(d.tolerance / d.etf);
    expect(d.relGap).toBe(0);
    expect(d.structure).toBe(0);
    // the loss and its closed form differ by rounding here, so the first term is below tol
    expect(d.direct).not.toBe(d.closed);
    // no solver: min(tol - |direct - closed|, direct - etf + tol, relTol) with the gap terms at 0
    expect(r.slack).toBe(Math.min(d.tolerance - Math.abs(d.direct - d.closed), d.relTolerance));
    expect(r.slack).toBeGreaterThan(0);
  });

  it('N = 5, d = 6, tau = 2, x = 1 (the ETF): tol = 4 (3 + 5 + 4) u L (L > 1 > 1/tau); closed form = ETF value', () => {
    const c: InfoCase = { n: 5, d: 6, tau: 2, x: 1, seed: 1 };
    const r = measureInfoNce(c, 1, false);
    const d = r.detail;
    expect(d.direct).toBeGreaterThan(1);
    expect(d.tolerance).toBe(48 * U * d.direct);
    // at x = 1 the closed form is the ETF value itself: the two first terms are tol -+ (direct - etf)
    expect(d.closed).toBe(d.etf);
    expect(near(d.direct, closedDecimal(5, 2, 1), 64)).toBe(true);
    // relTol = tol / L_ETF = 48 u is below it: no solver, so the gap terms leave relTol
    expect(d.relTolerance).toBe(48 * U);
    expect(r.slack).toBe(Math.min(d.tolerance - Math.abs(d.direct - d.etf), d.relTolerance));
  });

  it('tau = 1/4: the 1/tau factor of the tolerance binds (max(1, L, 4) = 4)', () => {
    const r = measureInfoNce({ n: 3, d: 3, tau: 0.25, x: 0.5, seed: 1 }, 1, false);
    expect(r.detail.direct).toBeLessThan(4);
    expect(r.detail.tolerance).toBe(4 * (12 + 3 + 4) * U * 4);
  });

  it('the flipped exponent: the closed form is far from the loss, the slack negative', () => {
    const r = measureInfoNce({ n: 4, d: 4, tau: 1, x: 0.5, seed: 1 }, -1, false);
    expect(near(r.detail.closed, closedDecimal(4, 1, 0.5, -1), 4)).toBe(true);
    expect(r.slack).toBeLessThan(-1);
    // the binding term is L(x) - L_ETF + tol with the flipped ETF value 2 ln(1 + 3 e^{4/3})
    const want = closedDecimal(4, 1, 0.5)
      .minus(closedDecimal(4, 1, 1, -1))
      .toNumber();
    expect(Math.abs(r.slack - want)).toBeLessThan(1e-12);
  });

  it('with the solver (N = 4, d = 5, tau = 1): the ETF value to 1e-9 relative, at the ETF structure', () => {
    const r = measureInfoNce({ n: 4, d: 5, tau: 1, x: 0.5, seed: 3 }, 1, true);
    const d = r.detail;
    expect(Math.abs(d.relGap)).toBeLessThan(REL_GAP_TOL + d.relTolerance);
    expect(d.structure).toBeGreaterThan(0);
    expect(d.structure).toBeLessThan(STRUCTURE_TOL);
    expect(r.slack).toBe(
      Math.min(
        d.tolerance - Math.abs(d.direct - d.closed),
        d.direct - d.etf + d.tolerance,
        REL_GAP_TOL + d.relTolerance - d.relGap,
        d.relGap + d.relTolerance,
        STRUCTURE_TOL - d.structure,
      ),
    );
    expect(r.slack).toBeGreaterThanOrEqual(0);
  });
});

describe('the declared domain', () => {
  it('d = N + extra; values report extra; the boundary is x = 1 with d = N', () => {
    for (const c of fc.sample(infoNceDomain.arbitrary, { seed: 4, numRuns: 100 })) {
      expect(c.d - c.n).toBeGreaterThanOrEqual(0);
      expect(c.d - c.n).toBeLessThanOrEqual(2);
      expect(infoNceDomain.values(c)).toEqual({ n: c.n, extra: c.d - c.n, tau: c.tau, x: c.x });
    }
    const on = infoNceDomain.boundaries![0]!.on;
    const c: InfoCase = { n: 5, d: 5, tau: 1, x: 1, seed: 0 };
    expect(on(c)).toBe(true);
    expect(on({ ...c, d: 6 })).toBe(false);
    expect(on({ ...c, x: 0.5 })).toBe(false);
  });
});

describe('the claim runs the solver, the twin does not', () => {
  it('infonce-etf: one case, with a solver run (relGap and structure measured)', async () => {
    const o = await claim.check({ seed: 2, globalSeed: 42, runs: 1 });
    expect(o.status).toBe('holds');
    expect((o.evidence!.details as { structure: number }).structure).toBeGreaterThan(0);
  });
  it('infonce-etf/wrong-sign: refuted by the closed form alone (relGap 0, no solver run)', async () => {
    const o = await wrongSign.check({ seed: 2, globalSeed: 42, runs: 1 });
    expect(o.status).toBe('refuted');
    expect((o.evidence!.details as { relGap: number }).relGap).toBe(0);
  });
});
