import { describe, expect, it } from 'vitest';
import { scanPairs } from '../../../src/geometry/pairs.js';
import { halfCombination, lerpExact } from '../../../src/geometry/quantile.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { ulp } from '../../../src/numeric/float/ulp.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// The trimmed margins are half the difference and half the sum of two numpy 'linear' quantiles
// (a + (b - a) t with numpy's t); the expected values are those reals in decimal.js, rounded once.
const D = hpContext(80);
const lerpD = (a: number, b: number, t: number) =>
  exact(D, a).plus(exact(D, b).minus(exact(D, a)).times(exact(D, t)));
const roundsTo = (got: number, want: ReturnType<typeof lerpD>) =>
  exact(D, got)
    .minus(want)
    .abs()
    .lte(exact(D, ulp(got)).div(2));

describe('trimmed margins rounded once', () => {
  it('lerpExact and halfCombination: within half an ulp of the real half-difference and half-sum', () => {
    const rng = new Rng(31);
    for (let q = 0; q < 500; q++) {
      // order statistics close together, or far apart (b - a then rounds)
      const a = q % 3 === 0 ? 1e-3 * rng.normal() : 0.95 + 0.01 * rng.normal();
      const b = q % 3 === 0 ? 0.7 + 0.1 * rng.normal() : a + 2 ** rng.int(-40, -3) * Math.abs(rng.normal());
      const c = 0.93 + 0.01 * rng.normal();
      const e = c + 2 ** rng.int(-40, -3) * Math.abs(rng.normal());
      const [t, s] = [rng.uniform(), rng.uniform()];
      const x = lerpD(a, b, t);
      const y = lerpD(c, e, s);
      const m = halfCombination(lerpExact(a, b, t), lerpExact(c, e, s), -1);
      const p = halfCombination(lerpExact(a, b, t), lerpExact(c, e, s), 1);
      expect(roundsTo(m, x.minus(y).div(2)), `m ${a} ${b} ${t} ${c} ${e} ${s}`).toBe(true);
      expect(roundsTo(p, x.plus(y).div(2)), `b ${a} ${b} ${t} ${c} ${e} ${s}`).toBe(true);
    }
  });

  it('a scan: mTrimmed and bTrimmed are the exact quantiles of the exact entries, rounded once', () => {
    const rng = new Rng(5);
    const u = randomUnitRows(40, 3, rng.fork('u'));
    const v = randomUnitRows(40, 3, rng.fork('v'));
    for (const trim of [1e-9, 0.05, 0.3]) {
      const s = scanPairs(u, v, { trim, kernel: 'js' });
      const pos: number[] = [];
      const neg: number[] = [];
      for (let i = 0; i < 40; i++)
        for (let j = 0; j < 40; j++) {
          let g = 0;
          for (let k = 0; k < 3; k++) g += u.data[i * 3 + k]! * v.data[j * 3 + k]!;
          (i === j ? pos : neg).push(g);
        }
      pos.sort((x, y) => x - y);
      neg.sort((x, y) => x - y);
      // the positions h = (n - 1) trim and (n - 1)(1 - trim) of the double trim, exactly
      const exactQ = (xs: number[], h: ReturnType<typeof lerpD>) => {
        const lo = h.floor().toNumber();
        const up = Math.min(lo + 1, xs.length - 1);
        return exact(D, xs[lo]!).plus(exact(D, xs[up]!).minus(exact(D, xs[lo]!)).times(h.minus(lo)));
      };
      const qp = exactQ(pos, new D(pos.length - 1).times(exact(D, trim)));
      const qn = exactQ(neg, new D(neg.length - 1).times(new D(1).minus(exact(D, trim))));
      expect(roundsTo(s.trimmed!.mTrimmed, qp.minus(qn).div(2)), `trim ${trim}`).toBe(true);
      expect(roundsTo(s.trimmed!.bTrimmed, qp.plus(qn).div(2)), `trim ${trim}`).toBe(true);
    }
  });
});

describe('the pilot window with ties', () => {
  it.runIf(wasmAvailable())(
    'd = 1 (every entry is +-1): the window keeps the tied estimate; every kernel agrees',
    async () => {
      const { nextUp } = await import('../../../src/geometry/pairs.js');
      const rng = new Rng(8);
      const sign = () => (rng.uniform() < 0.7 ? 1 : -1);
      const u = { rows: 200, cols: 1, data: Float64Array.from({ length: 200 }, sign) };
      const v = { rows: 200, cols: 1, data: Float64Array.from({ length: 200 }, sign) };
      const js = scanPairs(u, v, { trim: 0.05, kernel: 'js' }).trimmed!;
      // wasm entries nominate, so the pass places a pilot window (which was [1, 1) and refused)
      const wasm = scanPairs(u, v, { trim: 0.05, kernel: 'wasm' }).trimmed!;
      expect([wasm.mTrimmed, wasm.bTrimmed]).toEqual([js.mTrimmed, js.bTrimmed]);
      expect(js.negQuantile).toBe(1);
      expect([nextUp(1), nextUp(0), nextUp(-1), nextUp(-Number.MIN_VALUE)]).toEqual([
        1 + 2 ** -52,
        Number.MIN_VALUE,
        -1 + 2 ** -53,
        -0,
      ]);
    },
  );
});

describe('exactWeight', () => {
  it('the weight of h = (n - 1) q or (n - 1)(1 - q) less its floor, exactly (to 2^-100)', async () => {
    const { exactWeight, quantileRanks } = await import('../../../src/geometry/quantile.js');
    const rng = new Rng(17);
    for (let k = 0; k < 400; k++) {
      const n = 2 + rng.int(0, 10 ** rng.int(1, 9));
      const q = k % 4 === 0 ? 10 ** -rng.int(1, 12) : rng.uniform() / 2;
      for (const upper of [false, true]) {
        const r = quantileRanks(n, upper ? 1 - q : q);
        const w = exactWeight(n, q, upper, r.lower);
        const h = new D(n - 1).times(upper ? new D(1).minus(exact(D, q)) : exact(D, q));
        const want = h.minus(r.lower);
        if (want.lt(0)) {
          // numpy's rounded h reached the next integer: its weight 0 stands
          expect([w.hi, w.lo]).toEqual([0, 0]);
          continue;
        }
        const got = exact(D, w.hi).plus(exact(D, w.lo));
        expect(got.minus(want).abs().lte(new D(2).pow(-100).times(n)), `${n} ${q} ${upper}`).toBe(true);
      }
    }
  });
});
