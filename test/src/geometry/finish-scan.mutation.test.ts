import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { scanPairs } from '../../../src/geometry/pairs.js';
import { fromRows, type Matrix } from '../../../src/numeric/float/vectors.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { refQuantile } from './reference.js';

// finishScan's measures on small d = 1 inputs, every expected value from the exact entries u_i v_j
// (products of the doubles below are exact) summed in decimal.js.

const col = (xs: number[]): Matrix => fromRows(xs.map((x) => [x]));

function exactMeans(u: number[], v: number[], labels: number[]) {
  let pos = new Decimal(0);
  let neg = new Decimal(0);
  for (let i = 0; i < u.length; i++)
    for (let j = 0; j < v.length; j++) {
      const g = new Decimal(u[i]!).times(v[j]!);
      if (labels[i] === j) pos = pos.plus(g);
      else neg = neg.plus(g);
    }
  return {
    meanPos: pos.div(u.length).toNumber(),
    meanNeg: neg.div(u.length * v.length - u.length).toNumber(),
  };
}

describe('finishScan: means, their margins and the retrieval ratios', () => {
  it('positives that cancel (1e16, 3, -1e16, 0.25, 2: a compensation of -1): both means exact', () => {
    const u = [1, 1, 1, 0.5, 1];
    const v = [1e16, 3, -1e16, 0.5, 2];
    const labels = [0, 1, 2, 3, 4];
    const want = exactMeans(u, v, labels);
    for (const kernel of ['js', 'wasm'] as const) {
      const m = scanPairs(col(u), col(v), { kernel, threads: 1 }).margins;
      expect([m.meanPos, m.meanNeg], kernel).toEqual([want.meanPos, want.meanNeg]);
      expect(m.mMean).toBe((want.meanPos - want.meanNeg) / 2);
      expect(m.bMean).toBe((want.meanPos + want.meanNeg) / 2);
      expect(m.mStar).toBe((m.minPos - m.maxNeg) / 2);
      expect(m.bStar).toBe((m.minPos + m.maxNeg) / 2);
    }
  });

  it('column sums beyond 2^1023 / (2^27 + 1): the kernel entries sum the negatives instead', () => {
    // the double-double product of the column sums overflows (1e301 times the splitter); the
    // entries 1e291 do not
    const m = scanPairs(col([1e301]), col([1e-10, 1e-10]), { kernel: 'js', labels: [0] }).margins;
    expect(m.meanNeg).toBe(1e301 * 1e-10);
    expect(m.meanPos).toBe(1e301 * 1e-10);
  });

  it('labels with K != N: uToV = correct / N, vToU = correct / K; a tie is not correct', () => {
    // classes 0, 1, 2; U rows 0.5, 1, 1 (labels 0, 1, 1), V = 1, 2, 3: G_ij = u_i v_j
    // row 0: positive 0.5 vs 1, 1.5: wrong; rows 1, 2: positive 2 vs 1, 3: wrong (3 > 2)
    // V_2 (no U of class 2): correct iff max over its class (none: -inf) > ...: wrong;
    // V_1: max_{l(i)=1} G_i1 = 2 vs max_{l(i)!=1} G_i1 = 1: correct; V_0: 0.5 vs 1: wrong
    const r = scanPairs(col([0.5, 1, 1]), col([1, 2, 3]), { kernel: 'js', labels: [0, 1, 1] }).retrieval;
    expect([r.uCorrect, r.vCorrect, r.uToV, r.vToU]).toEqual([0, 1, 0, 1 / 3]);
    // ties: U = V = (1, 1): every entry 1, so no row and no column is correct
    const tie = scanPairs(col([1, 1]), col([1, 1]), { kernel: 'js' }).retrieval;
    expect([tie.uCorrect, tie.vCorrect]).toEqual([0, 0]);
    const two = scanPairs(col([1, 0.5]), col([2, 1]), { kernel: 'js' }).retrieval;
    // G = [[2, 1], [1, 0.5]]: row 0: 2 > 1 correct; row 1: 0.5 < 1 wrong; V_0: 2 > 1 correct;
    // V_1: 0.5 < 1 wrong
    expect([two.uCorrect, two.vCorrect, two.uToV, two.vToU]).toEqual([1, 1, 0.5, 0.5]);
  });

  it('trimmed margins are (pos quantile -+ neg quantile) / 2; absent unless asked, and so is the loss', () => {
    const u = [1, 0.75, 0.5, 0.25];
    const v = [0.9, 0.3, -0.2, 0.6];
    const r = scanPairs(col(u), col(v), { kernel: 'js', trim: 0.25 });
    const pos: number[] = [];
    const neg: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) (i === j ? pos : neg).push(u[i]! * v[j]!);
    const pq = refQuantile(Float64Array.from(pos).sort(), 0.25);
    const nq = refQuantile(Float64Array.from(neg).sort(), 0.75);
    expect([r.trimmed!.posQuantile, r.trimmed!.negQuantile]).toEqual([pq, nq]);
    // the margins are the real (pq -+ nq) / 2 of the quantiles before their rounding, rounded once
    // (ranks: h = 3 * 0.25 = 0.75 of the positives, 11 * 0.75 = 8.25 of the negatives), in decimal
    // at 60 digits; (pq - nq) / 2 of the rounded quantiles is one ulp off here
    const D60 = hpContext(60);
    const sp = Float64Array.from(pos).sort();
    const sn = Float64Array.from(neg).sort();
    const lerp = (a: number, b: number, t: number) =>
      exact(D60, a).plus(exact(D60, b).minus(exact(D60, a)).times(t));
    const pqx = lerp(sp[0]!, sp[1]!, 0.75);
    const nqx = lerp(sn[8]!, sn[9]!, 0.25);
    expect(r.trimmed!.mTrimmed).toBe(pqx.minus(nqx).div(2).toNumber());
    expect(r.trimmed!.bTrimmed).toBe(pqx.plus(nqx).div(2).toNumber());
    expect((pq - nq) / 2).not.toBe(r.trimmed!.mTrimmed);
    expect('lossSum' in r).toBe(false);
    const plain = scanPairs(col(u), col(v), { kernel: 'js' });
    expect('trimmed' in plain).toBe(false);
    expect('lossSum' in plain).toBe(false);
  });
});
