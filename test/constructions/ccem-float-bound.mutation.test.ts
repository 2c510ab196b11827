import { describe, expect, it } from 'vitest';
import {
  buildCcem,
  ccemInteriorRoot,
  ccemLogDerivativeRatio,
  ccemRegimeFloat,
  logSigmoidDifference,
} from '../../constructions/ccem.js';
import { exactDecimalString, hpContext } from '../../src/numeric/hp/decimal.js';

// ccemRegimeFloat answers only when the endpoint value clears 2^-40 (|t| + |b| + |ln((N-2)/2)| + 2);
// inside that band it defers (null) to the certified decision. Points are placed in the band by
// decimal.js on the closed forms (N = 5, t = b): g_E = ln(3/2) + ln 2 - softplus(5t/4), g_A = ln(3/2) - 2t.
const D = hpContext(60);
const U = new D(2).pow(-40);
const lnK = D.ln(1.5);

function softplus(z: InstanceType<typeof D>) {
  return D.ln(new D(1).plus(z.exp()));
}

describe('ccemRegimeFloat: the band 2^-40 (|t| + |b| + |ln((N-2)/2)| + 2) around each edge', () => {
  it('ETF edge, N = 5, t = b with g_E = -3.1 * 2^-40 (the band reaches 3.51 * 2^-40): null', () => {
    // g_E = -k 2^-40 at softplus(5t/4) = ln 3 + k 2^-40, t = (4/5) ln(3 e^(k 2^-40) - 1)
    const t = Number(
      D.ln(new D(3).times(U.times(3.1).exp()).minus(1))
        .times(0.8)
        .toString(),
    );
    const tx = new D(exactDecimalString(t));
    const gE = lnK.plus(D.ln(2)).minus(softplus(tx.times(1.25)));
    const band = U.times(tx.times(2).plus(lnK).plus(2));
    // the double lands inside the band, well away from its ends and from 0
    expect(gE.div(U).toNumber()).toBeCloseTo(-3.1, 3);
    expect(gE.abs().lt(band)).toBe(true);
    expect(ccemRegimeFloat(5, t, t)).toBeNull();
    // at 4.5 * 2^-40 it clears the band: ETF
    const t2 = Number(
      D.ln(new D(3).times(U.times(4.5).exp()).minus(1))
        .times(0.8)
        .toString(),
    );
    expect(ccemRegimeFloat(5, t2, t2)).toBe('etf');
  });

  it('antipodal edge, N = 5, t = b with g_A = +2 * 2^-40 (the band reaches 2.81 * 2^-40): null', () => {
    const t = Number(lnK.minus(U.times(2)).div(2).toString());
    const tx = new D(exactDecimalString(t));
    const gA = lnK.minus(tx.times(2));
    const band = U.times(tx.times(2).plus(lnK).plus(2));
    expect(gA.div(U).toNumber()).toBeCloseTo(2, 3);
    expect(gA.abs().lt(band)).toBe(true);
    expect(ccemRegimeFloat(5, t, t)).toBeNull();
    // g_A = 4 * 2^-40 clears it: antipodal
    const t2 = Number(lnK.minus(U.times(4)).div(2).toString());
    expect(ccemRegimeFloat(5, t2, t2)).toBe('antipodal');
  });
});

describe('buildCcem refuses d < N on the antipodal branch too', () => {
  it('delta = Infinity, N = 5, d = 4: RangeError (no simplex is built there to refuse it)', () => {
    expect(() => buildCcem(5, 4, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => buildCcem(5, 5, Number.POSITIVE_INFINITY)).not.toThrow();
  });
});

describe('ccemInteriorRoot: the last bit is the nearer of the two doubles around the sign change', () => {
  // The bisection ends on adjacent doubles lo < hi with h(lo) < 0 <= h(hi), h(y) = -e g(e (1 - y));
  // of the two it returns the one with the smaller |h| (lo on a tie).
  const view = new DataView(new ArrayBuffer(8));
  const step = (y: number, by: 1 | -1) => {
    view.setFloat64(0, y);
    view.setBigUint64(0, view.getBigUint64(0) + BigInt(by));
    return view.getFloat64(0);
  };
  const points: [number, number, number][] = [
    [8, 1.125, 1.125],
    [8, 1, 1],
    [8, 0.6, 0.6],
    [16, 1.5, 1.5],
    [50, 2.5, 2.5],
    [8, 3, 1],
    [8, 0.9, 1],
    [12, 2, 1.5],
  ];
  it('at eight interior points: y brackets the sign change with a neighbour and has the smaller |h|', () => {
    let lower = 0;
    for (const [n, t, b] of points) {
      const { e, y } = ccemInteriorRoot(n, t, b);
      const h = (z: number) => -e * ccemLogDerivativeRatio(n, t, b, e, z);
      if (h(y) < 0) {
        // y is lo: its upper neighbour is hi
        expect(h(step(y, 1))).toBeGreaterThanOrEqual(0);
        expect(Math.abs(h(y))).toBeLessThanOrEqual(Math.abs(h(step(y, 1))));
        lower++;
      } else {
        expect(h(step(y, -1))).toBeLessThan(0);
        expect(Math.abs(h(y))).toBeLessThan(Math.abs(h(step(y, -1))));
      }
    }
    // both ends occur among the points, so a choice of always lo or always hi is seen
    expect(lower).toBeGreaterThan(0);
    expect(lower).toBeLessThan(points.length);
  });
});

describe('buildCcem: the last coordinate delta / sqrt(1 + delta^2) is the double nearest to it', () => {
  // the closed form in decimal.js, rounded once to a double; each branch of buildCcem is correctly
  // rounded at these deltas, the other branch's formula is not (an ulp off, or 0 where 1/delta^2 overflows)
  const nearest = (delta: number) => {
    const x = new D(exactDecimalString(delta));
    return Number(x.div(new D(1).plus(x.times(x)).sqrt()).toString());
  };
  for (const delta of [1e-200, 1.25, 3, 12345.678, 1.7e308]) {
    it(`delta = ${delta}: U_i = (w_i, e), V_i = (w_i, -e) with e the nearest double`, () => {
      const n = 3;
      const d = 4;
      const { u, v } = buildCcem(n, d, delta);
      for (let i = 0; i < n; i++) {
        expect(u.data[i * d + d - 1]).toBe(nearest(delta));
        expect(v.data[i * d + d - 1]).toBe(-nearest(delta));
      }
    });
  }
});

describe('logSigmoidDifference at |a - bb| = 1, where the log1p form still applies', () => {
  // logsigma(a) - logsigma(bb) in decimal.js, rounded once: the log1p form is correctly rounded at
  // these points and the difference of two logsigmas is an ulp off
  const logSigma = (z: number) => D.ln(new D(1).plus(new D(-z).exp())).neg();
  for (const [a, bb] of [
    [0, 1],
    [-3, -4],
    [1.3, 1.3 - 1],
  ] as const) {
    it(`a = ${a}, bb = ${bb}: the nearest double to logsigma(a) - logsigma(bb)`, () => {
      expect(Math.abs(a - bb)).toBe(1);
      const want = Number(logSigma(a).minus(logSigma(bb)).toString());
      expect(logSigmoidDifference(a, bb)).toBe(want);
    });
  }
});
