import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { gamma as higham, gramPlan, maxRowNorm, WASM_MIN_WORK } from '../../../src/geometry/gram-plan.js';
import { loadBlas } from '../../../src/numeric/blas.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// The Gram plan: which kernel, why, and its entry bound. The bound is checked both ways: every
// block entry is within it of the naive float64 dot (sound), and it is at most the Higham bound
// (gamma_d(u_kernel) + gamma_d(2^-53)) max|U_i| max|V_j| (1 + 2^-30)(1 + 2^-40) + d tiny (tight).

function dot(u: Matrix, v: Matrix, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < u.cols; k++) s += u.data[i * u.cols + k]! * v.data[j * v.cols + k]!;
  return s;
}

const gamma = (d: number, u: number) => (d * u) / (1 - d * u);

/** max |block entry - naive dot| over the whole Gram matrix, through the plan's source. */
function maxError(u: Matrix, v: Matrix, plan: ReturnType<typeof gramPlan>): number {
  let worst = 0;
  for (let i0 = 0; i0 < u.rows; i0 += plan.rows) {
    const bi = Math.min(plan.rows, u.rows - i0);
    for (let j0 = 0; j0 < v.rows; j0 += plan.cols) {
      const bj = Math.min(plan.cols, v.rows - j0);
      const { buf, off, ld } = plan.source(i0, bi, j0, bj);
      for (let i = 0; i < bi; i++) {
        for (let j = 0; j < bj; j++) {
          worst = Math.max(worst, Math.abs(buf[off + i * ld + j]! - dot(u, v, i0 + i, j0 + j)));
        }
      }
    }
  }
  return worst;
}

/** Rows scaled to norm `r` (not unit: the bound must use the row norms). */
function scaled(m: Matrix, r: number): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map((x) => x * r) };
}

describe('gramPlan', () => {
  const rng = new Rng(8);
  const u = scaled(randomUnitRows(40, 13, rng.fork('u')), 3);
  const v = scaled(randomUnitRows(30, 13, rng.fork('v')), 0.5);

  it('maxRowNorm is the largest row norm', () => {
    expect(
      maxRowNorm(
        fromRows([
          [3, 4],
          [0, 6],
          [-5, 0],
        ]),
      ),
    ).toBe(6);
    expect(maxRowNorm(fromRows([[0, 0]]))).toBe(0);
    expect(Math.abs(maxRowNorm(u) - 3)).toBeLessThan(1e-14);
  });

  it('js on request or below WASM_MIN_WORK multiply-adds: exact entries, bound 0', () => {
    const asked = gramPlan(u, v, 'js', 1);
    expect([asked.kernel, asked.reason, asked.eps, asked.rows, asked.cols]).toEqual([
      'js',
      'requested',
      0,
      64,
      64,
    ]);
    const small = gramPlan(u, v, 'auto', 1);
    expect(small.kernel).toBe('js');
    expect(small.reason).toBe(`small input (${40 * 30 * 13} < ${WASM_MIN_WORK} multiply-adds)`);
    expect(maxError(u, v, small)).toBe(0);
  });

  it.runIf(wasmAvailable())('wasm: entries within its bound, and the bound is the Higham bound', () => {
    const p = gramPlan(u, v, 'wasm', 1);
    expect([p.kernel, p.reason, p.rows, p.cols]).toEqual(['wasm', 'requested', 128, 1024]);
    const higham = 2 * gamma(13, 2 ** -53) * 3 * 0.5 * (1 + 2 ** -30) * (1 + 2 ** -40) + 13 * 2 ** -1074;
    expect(p.eps).toBeGreaterThanOrEqual(maxError(u, v, p));
    // the row norms are 3 and 0.5 to rounding: the bound is the Higham bound to 1e-12
    expect(Math.abs(p.eps - higham) / higham).toBeLessThanOrEqual(1e-12);
  });

  it.runIf(loadBlas().ok)('openblas: sgemm on float32 inputs, dgemm otherwise; each within its bound', () => {
    const f32 = (m: Matrix): Matrix => ({ ...m, data: m.data.map((x) => Math.fround(x)) });
    const [u32, v32] = [f32(u), f32(v)];
    const s = gramPlan(u32, v32, 'openblas', 1);
    expect(s.kernel).toBe('openblas');
    expect(s.reason).toMatch(/^requested; sgemm \(float32 inputs\), .+, \d+ threads$/);
    expect(s.f32).not.toBeNull();
    const n32 = maxRowNorm(u32) * maxRowNorm(v32);
    const hs =
      (gamma(13, 2 ** -24) + gamma(13, 2 ** -53)) * n32 * (1 + 2 ** -30) * (1 + 2 ** -40) + 13 * 2 ** -149;
    expect(s.eps).toBeGreaterThanOrEqual(maxError(u32, v32, s));
    expect(Math.abs(s.eps - hs) / hs).toBeLessThanOrEqual(1e-12);
    expect(s.rows).toBe(256);
    // blocks span at most 4096 V rows, here all 30
    expect(s.cols).toBe(30);
    expect(Array.from(s.f32!.u)).toEqual(Array.from(u32.data));
    expect(Array.from(s.f32!.v)).toEqual(Array.from(v32.data));
    // float32 U against float64 V: dgemm
    expect(gramPlan(u32, v, 'openblas', 1).reason).toMatch(/; dgemm, /);
    expect(gramPlan(u, v32, 'openblas', 1).reason).toMatch(/; dgemm, /);
    const dg = gramPlan(u, v, 'openblas', 2);
    expect(dg.reason).toMatch(/^requested; dgemm, .+, 2 threads x 1$/);
    expect(dg.f32).toBeNull();
    // two slots: the inputs copied to shared memory for the helper thread
    expect(dg.blas!.u.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(dg.blas!.u)).toEqual(Array.from(u.data));
    expect(dg.eps).toBeGreaterThanOrEqual(maxError(u, v, dg));
    const hd = 2 * gamma(13, 2 ** -53) * maxRowNorm(u) * maxRowNorm(v) * (1 + 2 ** -30) * (1 + 2 ** -40);
    expect(Math.abs(dg.eps - hd) / hd).toBeLessThanOrEqual(1e-12);
    expect(gramPlan(u, v, 'openblas', 1).blas).toBeNull();
    // the plan's exact dot is the naive one
    expect(dg.dot!(3, 7)).toBe(dot(u, v, 3, 7));
    // 'auto' switches at exactly WASM_MIN_WORK = 2^24 multiply-adds (256 x 256 x 256)
    const r256 = randomUnitRows(256, 256, rng.fork('r'));
    const r255 = randomUnitRows(255, 256, rng.fork('s'));
    expect(gramPlan(r256, r256, 'auto', 1).kernel).toBe('openblas');
    expect(gramPlan(r255, r256, 'auto', 1).kernel).toBe('js');
    // auto on a large input picks OpenBLAS first
    const big = randomUnitRows(1300, 13, rng.fork('big'));
    const a = gramPlan(big, big, 'auto', 1);
    expect(a.kernel).toBe('openblas');
    expect(a.reason).toMatch(/^OpenBLAS loaded; /);
  });
});

describe('the rounding factor gamma_d = d u / (1 - d u), rounded up by 2^-40', () => {
  it('d u = 1/4 and 1/2 - 2^-24 are bounds; d u = 1/2 and beyond are refused', () => {
    // d u = 1/4: gamma = 1/3 exactly in the reals; the double is 1/3 (1 + 2^-40) within 2 ulps
    const g = higham(2 ** 22, 2 ** -24);
    expect(Math.abs(g / (1 / 3) - (1 + 2 ** -40))).toBeLessThanOrEqual(2 ** -51);
    // d u = 1/2 - 2^-24: (1/2 - 2^-24) / (1/2 + 2^-24) = 1 - 2^-22 + 2^-45 - ..., times 1 + 2^-40
    expect(Math.abs(higham(2 ** 23 - 1, 2 ** -24) - (1 - 2 ** -22 + 2 ** -40))).toBeLessThanOrEqual(2 ** -44);
    expect(() => higham(2 ** 23, 2 ** -24)).toThrow(UsageError);
    expect(() => higham(2 ** 24, 2 ** -24)).toThrow(UsageError);
    expect(() => higham(1, Number.NaN)).toThrow(UsageError);
  });
});
