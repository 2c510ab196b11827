import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  fromSiglip,
  NORMALIZATIONS,
  normalizationScale,
  parseNormalization,
  SIGLIP_INIT,
  toSiglip,
} from '../../../src/loss/conventions.js';
import { infoNceLossHp } from '../../../src/loss/hp/infonce.js';
import { sigmoidLossHp } from '../../../src/loss/hp/sigmoid.js';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { rbSigmoidLoss } from '../../../src/loss/rb-sig.js';
import { sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { exactDecimalString } from '../../../src/numeric/hp/decimal.js';
import { D, infoNceLossDec, toDecimal } from '../../__helpers__/decimal-loss.js';

function config(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng), v: randomUnitRows(n, d, rng) };
}

describe('InfoNCE loss values against decimal.js', () => {
  it('every normalisation, tau from 1e-3 (logits up to 1e3: the max shift matters) to 10', () => {
    for (const [n, d, tau, seed] of [
      [1, 2, 0.5, 1],
      [2, 1, 1e-3, 2],
      [3, 3, 0.07, 3],
      [5, 2, 10, 4],
      [4, 4, 0.01, 5],
    ] as const) {
      const { u, v } = config(n, d, seed);
      for (const normalization of NORMALIZATIONS) {
        const f = infoNceLoss(u, v, { tau, normalization }).loss;
        const ref = infoNceLossDec(
          toDecimal(u),
          toDecimal(v),
          n,
          d,
          new D(exactDecimalString(tau)),
          normalization,
        );
        // N log-sum-exps of N terms each, logits carry (d + 2) u / tau: bound 4 (N + d + 4) u (1 + 1/tau) N c
        const c = normalizationScale(normalization, n) * n;
        const tol = 4 * (n + d + 4) * UNIT_ROUNDOFF * (1 + 1 / tau) * n * c;
        expect(
          Math.abs(f - ref.toNumber()),
          JSON.stringify({ n, d, tau, normalization }),
        ).toBeLessThanOrEqual(tol);
      }
      // the twin in src/loss/hp/sigmoid.ts (per-anchor) agrees with the independent decimal evaluation
      const hp = infoNceLossHp(u, v, tau);
      const ref = infoNceLossDec(
        toDecimal(u),
        toDecimal(v),
        n,
        d,
        new D(exactDecimalString(tau)),
        'per-anchor',
      );
      expect(hp.minus(ref).abs().toNumber()).toBeLessThan(1e-35 * (1 + Math.abs(ref.toNumber())));
    }
  });

  it('logits 2000 apart (tau = 1e-3, N = 2, d = 1): each row and column shifted by its own maximum', () => {
    // A: U = (-1, 1), V = (1, 1): S = [[-1e3, -1e3], [1e3, 1e3]]; B: V = (1, -1): S = [[-1e3, 1e3], [1e3, -1e3]].
    // Shifting a row by anything but its maximum under- or overflows e^{2000}.
    for (const vv of [
      [1, 1],
      [1, -1],
    ]) {
      const u = { rows: 2, cols: 1, data: new Float64Array([-1, 1]) };
      const v = { rows: 2, cols: 1, data: new Float64Array(vv) };
      const tau = 1e-3;
      const f = infoNceLoss(u, v, { tau, normalization: 'sum' }).loss;
      const ref = infoNceLossDec(
        toDecimal(u),
        toDecimal(v),
        2,
        1,
        new D(exactDecimalString(tau)),
        'sum',
      ).toNumber();
      expect(Number.isFinite(f)).toBe(true);
      expect(Math.abs(f - ref)).toBeLessThanOrEqual(64 * UNIT_ROUNDOFF * Math.abs(ref));
    }
  });

  it('defaults to per-anchor and returns gradients only when asked', () => {
    const { u, v } = config(3, 2, 6);
    const r = infoNceLoss(u, v, { tau: 0.1 });
    expect(r.normalization).toBe('per-anchor');
    expect(r.loss).toBe(infoNceLoss(u, v, { tau: 0.1, normalization: 'per-anchor' }).loss);
    expect(r.gradU).toBeUndefined();
    expect(r.dTau).toBeUndefined();
    expect(infoNceLoss(u, v, { tau: 0.1, grad: true }).loss).toBe(r.loss);
  });

  it('U = V = I (N = d = 2), tau = 1: per-anchor loss = 2 ln(1 + e^-1) (by hand)', () => {
    const x = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
    // each row and column: -ln(e / (e + 1)) = ln(1 + e^-1); 2 rows + 2 columns, / N = 2
    expect(infoNceLoss(x, x, { tau: 1 }).loss).toBeCloseTo(2 * Math.log1p(Math.exp(-1)), 15);
  });
});

describe('sigmoid and RB-Sig defaults', () => {
  it('default normalisation per-anchor, no gradients unless asked, the same value with them', () => {
    const { u, v } = config(3, 2, 7);
    const s = sigmoidLoss(u, v, { t: 3, b: 1 });
    expect(s.normalization).toBe('per-anchor');
    expect(s.gradU).toBeUndefined();
    expect(s.dt).toBeUndefined();
    expect(sigmoidLoss(u, v, { t: 3, b: 1, grad: true }).loss).toBe(s.loss);
    const r = rbSigmoidLoss(u, v, { t: 3, bRel: 1 / 3 });
    expect(r.normalization).toBe('per-anchor');
    expect(r.gradU).toBeUndefined();
    expect(r.dLogT).toBeUndefined();
    expect(r.loss).toBe(sigmoidLoss(u, v, { t: 3, b: 3 * (1 / 3) }).loss);
    const g = rbSigmoidLoss(u, v, { t: 3, bRel: 1 / 3, normalization: 'mean', grad: true });
    expect(g.normalization).toBe('mean');
    expect(g.gradV).toEqual(sigmoidLoss(u, v, { t: 3, b: 1, normalization: 'mean', grad: true }).gradV);
  });
});

describe('sigmoidLossHp', () => {
  const { u, v } = config(3, 2, 8);

  it('works at digits + 10 internally: 40 digits agree with a 70-digit evaluation to 1e-39', () => {
    const a = sigmoidLossHp(u, v, 0.1, 0.3, 'sum');
    const b = sigmoidLossHp(u, v, 0.1, 0.3, 'sum', 70);
    expect(a.loss.minus(b.loss).abs().div(b.loss).toNumber()).toBeLessThan(1e-39);
  });

  it('uses the exact binary value of a number t, b and takes a Decimal as given', () => {
    const exactT = new Decimal(exactDecimalString(0.1));
    const exactB = new Decimal(exactDecimalString(0.3));
    const n = sigmoidLossHp(u, v, 0.1, 0.3, 'sum').loss;
    expect(sigmoidLossHp(u, v, exactT, exactB, 'sum').loss.eq(n)).toBe(true);
    // 0.1 as a decimal differs from the double 0.1 by 5.6e-18: the loss moves far beyond 1e-40
    const dec = sigmoidLossHp(u, v, new Decimal('0.1'), exactB, 'sum').loss;
    expect(dec.minus(n).abs().toNumber()).toBeGreaterThan(1e-20);
    const decB = sigmoidLossHp(u, v, exactT, new Decimal('0.3'), 'sum').loss;
    expect(decB.minus(n).abs().toNumber()).toBeGreaterThan(1e-20);
  });

  it('returns gradients only when asked', () => {
    const r = sigmoidLossHp(u, v, 2, 0.5, 'mean');
    expect(r.gradU).toBeUndefined();
    expect(r.dt).toBeUndefined();
    const g = sigmoidLossHp(u, v, 2, 0.5, 'mean', 40, true);
    expect(g.loss.eq(r.loss)).toBe(true);
    expect(g.gradU).toHaveLength(6);
  });
});

describe('conventions', () => {
  it('the normalisations in report order, their scales, and parsing with a UsageError', () => {
    expect(NORMALIZATIONS).toEqual(['sum', 'per-anchor', 'mean']);
    expect(NORMALIZATIONS.map((x) => normalizationScale(x, 4))).toEqual([1, 0.25, 0.0625]);
    for (const x of NORMALIZATIONS) expect(parseNormalization(x, '--normalization')).toBe(x);
    expect(() => parseNormalization('avg', '--normalization')).toThrow(UsageError);
    expect(() => parseNormalization('', 'x')).toThrow(/normalization must be sum, per-anchor or mean/);
  });

  it('SigLIP parameters: logits = e^{logit_scale} G + logit_bias, so t = e^{scale}, b = -bias', () => {
    // SigLIP init (Zhai et al. 2023, s. 3.3): logit_scale = ln 10, logit_bias = -10
    const p = fromSiglip(Math.log(10), -10);
    expect(p.t).toBeCloseTo(10, 14);
    expect(p.b).toBe(10);
    expect(SIGLIP_INIT).toEqual({ t: 10, b: 10 });
    expect(toSiglip({ t: 10, b: 10 })).toEqual({ logitScale: Math.log(10), logitBias: -10 });
    expect(toSiglip(fromSiglip(0.5, 2))).toEqual({ logitScale: 0.5, logitBias: 2 });
  });
});
