import { describe, expect, it } from 'vitest';
import { sigmoidLoss, sigmoidLossLog10 } from '../../../src/loss/sigmoid.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { softplus as softplusHp } from '../../../src/numeric/hp/softplus.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

// Logits t G - b whose terms cancel: U_i = (0.6, 0.8), V_j = (0.8, 0.6), so every G = fl(0.96), and
// t = 1e20, b = 9.6e19. The plain t * g - b is 0 (1e20 fl(0.96) rounds to 9.6e19); the logit is
// 1e20 fl(0.96) - 9.6e19 = -3552.7136788005009293556213378906250 exactly (decimal.js below).
const D = hpContext(60);
const rows = (x: number, y: number): Matrix => ({ rows: 2, cols: 2, data: Float64Array.from([x, y, x, y]) });
const u = rows(0.6, 0.8);
const v = rows(0.8, 0.6);

describe('sigmoid loss logits rounded once', () => {
  it('the loss and its log10 at t = 1e20, b = 9.6e19 (the plain logit loses all of it)', () => {
    expect(1e20 * 0.96 - 9.6e19).toBe(0);
    const g = 0.6 * 0.8 + 0.8 * 0.6;
    const z = exact(D, 1e20).times(exact(D, g)).minus(exact(D, 9.6e19));
    // two positives softplus(-z), two negatives softplus(z)
    const want = softplusHp(D, z.neg()).times(2).plus(softplusHp(D, z).times(2));
    const r = sigmoidLoss(u, v, { t: 1e20, b: 9.6e19, normalization: 'sum' });
    expect(Math.abs(r.loss - want.toNumber())).toBeLessThanOrEqual(4 * 2 ** -52 * want.toNumber());
    const l10 = sigmoidLossLog10(u, v, 1e20, 9.6e19, 'sum');
    expect(Math.abs(l10 - want.log(10).toNumber())).toBeLessThanOrEqual(1e-14);
  });
});
