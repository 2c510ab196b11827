import { describe, expect, it } from 'vitest';
import {
  gramPlan,
  LOSS_DGEMM_WORK,
  LOSS_EXACT_WORK,
  LOSS_SGEMM_SLACK,
  sgemmFitsLoss,
  WASM_MIN_WORK,
} from '../../../src/geometry/gram-plan.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';

// The kernel gramPlan picks when the scan also sums a loss (its error grows with t times the
// entries' error): exact entries for small inputs, dgemm over sgemm unless the input is large and
// t eps32 e^(t eps32) stays within LOSS_SGEMM_SLACK. The plans run no GEMM.

const f32 = (m: Matrix): Matrix => ({ ...m, data: m.data.map((x) => Math.fround(x)) });

describe('the kernel a loss asks for', () => {
  const rng = new Rng(7);
  it("'auto' makes exact entries below LOSS_EXACT_WORK and dgemm for float32 inputs below LOSS_DGEMM_WORK", () => {
    // 2^24 multiply-adds (256 x 256 x 256): wasm or openblas without a loss, js with one
    const u = f32(randomUnitRows(256, 256, rng.fork('a')));
    const v = f32(randomUnitRows(256, 256, rng.fork('b')));
    expect(gramPlan(u, v, 'auto', 1).kernel).not.toBe('js');
    const p = gramPlan(u, v, 'auto', 1, { t: 10, b: 10 });
    // a kernel asked for by name is used whatever the loss
    if (loadBlas().ok) expect(gramPlan(u, v, 'openblas', 1, { t: 10, b: 10 }).kernel).toBe('openblas');
    expect([p.kernel, p.eps]).toEqual(['js', 0]);
    expect(p.reason).toBe(
      `small input with a loss (${2 ** 24} < ${LOSS_EXACT_WORK} multiply-adds: exact entries)`,
    );
    if (loadBlas().ok) {
      // 2^27 multiply-adds (512 x 512 x 512): float32 inputs on dgemm for the loss, sgemm without
      const u5 = f32(randomUnitRows(512, 512, rng.fork('c')));
      const v5 = f32(randomUnitRows(512, 512, rng.fork('d')));
      expect(gramPlan(u5, v5, 'auto', 1).reason).toMatch(/; sgemm \(float32 inputs\)/);
      const q = gramPlan(u5, v5, 'auto', 1, { t: 10, b: 10 });
      expect([q.kernel, q.f32]).toEqual(['openblas', null]);
      expect(q.reason).toMatch(/; dgemm for the loss, /);
      // 2^33 multiply-adds (4096 x 4096 x 512; the plan runs no GEMM): sgemm at t = 10, where
      // t eps32 = 10 (512 2^-24 + 512 2^-53) ~ 3.1e-4 <= 2^-8, dgemm at t = 200 (6.1e-3)
      const ub = f32(randomUnitRows(4096, 512, rng.fork('e')));
      const vb = f32(randomUnitRows(4096, 512, rng.fork('f')));
      expect(gramPlan(ub, vb, 'auto', 1, { t: 10, b: 10 }).reason).toMatch(/; sgemm \(float32 inputs\)/);
      expect(gramPlan(ub, vb, 'auto', 1, { t: 200, b: 10 }).reason).toMatch(/; dgemm for the loss, /);
      // asked for by name, openblas keeps sgemm (the loss then states its bound)
      expect(gramPlan(u5, v5, 'openblas', 1, { t: 10, b: 10 }).reason).toMatch(/; sgemm \(float32 inputs\)/);
    }
  });

  it('sgemmFitsLoss: large inputs only, and t eps e^(t eps) within LOSS_SGEMM_SLACK', () => {
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK - 1, 1e-9, 1e-5)).toBe(false);
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, 1e-9, 1e-5)).toBe(true);
    // t eps = x with x e^x = 2^-8 at x = 0.0038910505...: just below and just above
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, 0.00389, 1)).toBe(true);
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, 0.003892, 1)).toBe(false);
    expect(0.00389 * Math.exp(0.00389)).toBeLessThan(LOSS_SGEMM_SLACK);
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, -0.003892, 1)).toBe(false);
    // t times eps, not over it: t = 0.01, eps = 0.1 gives t eps = 1e-3 (fits)
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, 0.01, 0.1)).toBe(true);
    // |t|: a large negative t does not fit
    expect(sgemmFitsLoss(LOSS_DGEMM_WORK, -1e6, 2 ** -10)).toBe(false);
  });

  it('sgemmFitsLoss at the slack itself: a t eps whose t eps e^(t eps) rounds to 2^-8 fits', () => {
    // Newton on x e^x = 2^-8, then the doubles beside the root: one whose product rounds to 2^-8
    let x = 0.0039;
    for (let i = 0; i < 40; i++) x -= (x * Math.exp(x) - LOSS_SGEMM_SLACK) / (Math.exp(x) * (1 + x));
    const at: number[] = [];
    for (let k = -64; k <= 64; k++) {
      const y = x + k * 2 ** -60;
      if (y * Math.exp(y) === LOSS_SGEMM_SLACK) at.push(y);
    }
    expect(at.length).toBeGreaterThan(0);
    for (const y of at) {
      expect(sgemmFitsLoss(LOSS_DGEMM_WORK, y, 1)).toBe(true);
      expect(sgemmFitsLoss(LOSS_DGEMM_WORK, y + 2 ** -50, 1)).toBe(false);
    }
  });

  it("'auto' with a loss: exact entries up to LOSS_EXACT_WORK - 1, the fast kernels from LOSS_EXACT_WORK", () => {
    // 2^27 multiply-adds exactly (2^10 x 2^10 rows of 2^7 columns), and one row fewer on each side
    const rng = new Rng(11);
    const u = randomUnitRows(1024, 128, rng.fork('u'));
    const v = randomUnitRows(1024, 128, rng.fork('v'));
    expect(u.rows * v.rows * u.cols).toBe(LOSS_EXACT_WORK);
    expect(gramPlan(u, v, 'auto', 1, { t: 10, b: 10 }).kernel).not.toBe('js');
    const v1 = { ...v, rows: 1023, data: v.data.subarray(0, 1023 * 128) };
    const p = gramPlan(u, v1, 'auto', 1, { t: 10, b: 10 });
    expect(p.kernel).toBe('js');
    expect(p.reason).toBe(
      `small input with a loss (${LOSS_EXACT_WORK - 128 * 1024} < ${LOSS_EXACT_WORK} multiply-adds: exact entries)`,
    );
    // below WASM_MIN_WORK the small-input reason comes first, loss or not
    const s = { ...u, rows: 2, data: u.data.subarray(0, 256) };
    expect(2 * 1024 * 128).toBeLessThan(WASM_MIN_WORK);
    expect(gramPlan(s, v, 'auto', 1, { t: 10, b: 10 }).reason).toBe(
      `small input (${2 * 1024 * 128} < ${WASM_MIN_WORK} multiply-adds)`,
    );
  });
});
