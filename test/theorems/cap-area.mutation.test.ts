import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { logCapArea } from '../../src/bounds/cap-area.js';
import {
  type CapCase,
  capByQuadrature,
  domain,
  logCapAreaCosOracle,
  logCapAreaWrongParameter,
  MAX_ABS_S,
  MAX_N,
  measureCap,
  QUADRATURE_TOL,
  SERIES_TOL,
} from '../../theorems/cap-area.js';
import { capOddClosedForm } from '../src/bounds/decimal-oracles.js';

/**
 * The claim's two oracles and its must-refute formula against closed forms of the cap on S^{2m}:
 * Omega_{2m+1}(arccos s) = (1/2) (1 - s sum_{j<m} C(2j, j) ((1 - s^2)/4)^j) (the area element
 * (1 - t^2)^(m-1) dt integrated term by term; m = 1: (1 - s)/2, m = 2: (2 - 3s + s^3)/4), and
 * Omega_2(theta) = theta / pi, evaluated in 600-digit decimal.
 */
const D = Decimal.clone({ precision: 600 });

/** ln Omega_{2m+1}(arccos s) as a double, s the exact value of a double. */
function lnCapOdd(n: number, s: number): number {
  return capOddClosedForm(n, new D(s.toPrecision(100)), D)
    .ln()
    .toNumber();
}

/** |got - want| <= ulps * 2^-52 * |want|. */
function near(got: number, want: number, ulps: number, what: string): void {
  expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(
    ulps * 2 ** -52 * Math.abs(want),
  );
}

describe('capByQuadrature (Simpson on sin^{n-2})', () => {
  it('is exact for the circle (constant integrand): Omega_2(theta) = theta / pi', () => {
    for (const theta of [0.3, 2.5]) near(capByQuadrature(2, theta), theta / Math.PI, 64, `n = 2, ${theta}`);
  });
  it('matches Omega_3 = (1 - cos theta)/2 and Omega_5 = (2 - 3c + c^3)/4 to 1e-12 (Simpson error h^4)', () => {
    for (const theta of [0.4, 1.2, 2.6]) {
      const c = Math.cos(theta);
      expect(Math.abs(capByQuadrature(3, theta) - (1 - c) / 2)).toBeLessThan(1e-12);
      expect(Math.abs(capByQuadrature(5, theta) - (2 - 3 * c + c ** 3) / 4)).toBeLessThan(1e-12);
    }
  });
  it('with 2 steps it is (h/3)(f0 + 4 f1 + f2) over [0, theta] and over [0, pi] (the weights and the ends)', () => {
    // Simpson with 2 steps: h/3 (f0 + 4 f1 + f2); sin over [0, theta] and [0, pi]
    const theta = Math.PI / 2;
    const num = ((theta / 2) * (0 + 4 * Math.sin(theta / 2) + Math.sin(theta))) / 3;
    const den = ((Math.PI / 2) * (0 + 4 * Math.sin(Math.PI / 2) + 0)) / 3;
    near(capByQuadrature(3, theta, 2), num / den, 8, '2 steps');
  });
});

describe('logCapAreaCosOracle', () => {
  it('the decimal route (little cancellation): n = 3 and 5 at s = +-0.5, and S^0', () => {
    for (const n of [3, 5])
      for (const s of [0.5, -0.5]) near(logCapAreaCosOracle(n, s), lnCapOdd(n, s), 4, `${n}, ${s}`);
    expect(logCapAreaCosOracle(1, 0.7)).toBe(-Math.LN2);
    // s = 0 must take the decimal route: the all-positive series has y = 0 there and would not stop
    near(logCapAreaCosOracle(5, 0), -Math.LN2, 2, 'n = 5, s = 0');
  });
  it('the all-positive series (a s^2 / ln 10 = 19.5 digits cancelled): n = 1001 at s = 0.3 and -0.3', () => {
    near(logCapAreaCosOracle(1001, 0.3), lnCapOdd(1001, 0.3), 64, 'n = 1001, s = 0.3');
    // s < 0: ln(1 - Omega(pi - theta)), Omega(pi - theta) = e^-42.3
    near(logCapAreaCosOracle(1001, -0.3), lnCapOdd(1001, -0.3), 64, 'n = 1001, s = -0.3');
    expect(lnCapOdd(1001, -0.3)).toBeLessThan(0);
  });
});

describe('the must-refute formula is the cap of S^n', () => {
  it('logCapAreaWrongParameter(n, theta) = ln Omega_{n+1}(theta): n = 2, 4 on both sides of pi/2', () => {
    for (const theta of [1, 2.5]) {
      near(logCapAreaWrongParameter(2, theta), lnCapOdd(3, Math.cos(theta)), 64, `n = 2, ${theta}`);
      near(logCapAreaWrongParameter(4, theta), lnCapOdd(5, Math.cos(theta)), 64, `n = 4, ${theta}`);
    }
  });
});

describe('measureCap: the slack of one case', () => {
  it('quadrature route: tolerance 1e-9 Omega, slack = tolerance - |actual - expected| (Omega_3(1) = (1 - cos 1)/2)', () => {
    const r = measureCap({ route: 'quadrature', n: 3, theta: 1 }, logCapArea);
    const want = (1 - Math.cos(1)) / 2;
    expect(Math.abs(r.detail.expected - want)).toBeLessThan(1e-13);
    expect(Math.abs(r.detail.actual - want)).toBeLessThan(1e-15);
    expect(r.detail.tolerance).toBe(QUADRATURE_TOL * r.detail.expected);
    expect(r.slack).toBe(r.detail.tolerance - Math.abs(r.detail.actual - r.detail.expected));
    // the cap of S^3 in place of S^2: Omega_4(1) = (2 - sin 2)/(2 pi), far outside the tolerance
    const wrong = measureCap({ route: 'quadrature', n: 3, theta: 1 }, logCapAreaWrongParameter);
    expect(Math.abs(wrong.detail.actual - (2 - Math.sin(2)) / (2 * Math.PI))).toBeLessThan(1e-14);
    expect(wrong.slack).toBeLessThan(-0.01);
  });
  it('series route: tolerance 1e-11 |ln Omega| + n |s| 2.3e-16 / max(1e-3, 1 - s^2) + 1e-15 (n = 5, s = 0.5 and 0.9999)', () => {
    for (const s of [0.5, 0.9999]) {
      const r = measureCap({ route: 'series', n: 5, s }, logCapArea);
      near(r.detail.expected, lnCapOdd(5, s), 64, `expected at ${s}`);
      const cond = (5 * s * 2.3e-16) / (s === 0.5 ? 0.75 : 1e-3) + 1e-15;
      near(r.detail.tolerance, SERIES_TOL * Math.abs(lnCapOdd(5, s)) + cond, 4, `tolerance at ${s}`);
      expect(r.slack).toBe(r.detail.tolerance - Math.abs(r.detail.actual - r.detail.expected));
      expect(r.slack).toBeGreaterThan(0);
    }
    const wrong = measureCap({ route: 'series', n: 5, s: 0.5 }, logCapAreaWrongParameter);
    expect(wrong.slack).toBeLessThan(-0.01);
  });
});

describe('the domain boundaries name exactly their corner', () => {
  const [half, far] = domain.boundaries!;
  const cases: [CapCase, boolean, boolean][] = [
    [{ route: 'series', n: MAX_N, s: 0 }, true, false],
    [{ route: 'series', n: MAX_N, s: -MAX_ABS_S }, false, true],
    [{ route: 'series', n: MAX_N, s: MAX_ABS_S }, false, false],
    [{ route: 'series', n: 3, s: 0 }, false, false],
    [{ route: 'series', n: 3, s: -MAX_ABS_S }, false, false],
    [{ route: 'series', n: MAX_N, s: 0.5 }, false, false],
    [{ route: 'quadrature', n: MAX_N, theta: 0 }, false, false],
  ];
  it.each(cases)('%o: half sphere %s, s = -0.99 at 10^5 %s', (c, onHalf, onFar) => {
    expect(half!.on(c)).toBe(onHalf);
    expect(far!.on(c)).toBe(onFar);
  });
});
