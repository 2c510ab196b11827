import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { gramPlan, WASM_MIN_WORK } from '../../../src/geometry/gram-plan.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { type Matrix, randomUnitRows } from '../../../src/numeric/float/vectors.js';

// The kernel fallbacks of gramPlan on a machine without OpenBLAS or without the wasm build: the
// loaders are replaced (this file only) by ones that report the library missing, so the refusal of
// a kernel asked for by name and the reason string of each fallback are checked in-process.

const missing = vi.hoisted(() => ({ blas: false, wasm: false }));
const BLAS_REASON = 'no OpenBLAS library found (stand-in)';
const WASM_REASON = 'build/kernel.wasm is not built or the input exceeds wasm32 memory';

vi.mock('../../../src/numeric/blas.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/numeric/blas.js')>();
  return {
    ...real,
    loadBlas: () => (missing.blas ? { ok: false, reason: BLAS_REASON } : real.loadBlas()),
  };
});
vi.mock('../../../src/numeric/float/wasm-gram.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/numeric/float/wasm-gram.js')>();
  return {
    ...real,
    createGramArena: (...args: Parameters<typeof real.createGramArena>) =>
      missing.wasm ? null : real.createGramArena(...args),
  };
});

afterEach(() => {
  missing.blas = false;
  missing.wasm = false;
});

/** 256 x 256 rows of dimension 256: exactly WASM_MIN_WORK multiply-adds, where 'auto' stops using js. */
function atThreshold(): { u: Matrix; v: Matrix } {
  const rng = new Rng(3);
  return { u: randomUnitRows(256, 256, rng.fork('u')), v: randomUnitRows(256, 256, rng.fork('v')) };
}

describe('gramPlan without OpenBLAS', () => {
  it("'openblas' by name is refused with the loader's reason", () => {
    missing.blas = true;
    const { u, v } = atThreshold();
    expect(() => gramPlan(u, v, 'openblas', 1)).toThrow(UsageError);
    expect(() => gramPlan(u, v, 'openblas', 1)).toThrow(
      `scanPairs: the openblas kernel is not available: ${BLAS_REASON}`,
    );
  });

  it("'auto' at WASM_MIN_WORK falls back to wasm and says why; 'wasm' by name is 'requested'", () => {
    missing.blas = true;
    const { u, v } = atThreshold();
    expect(u.rows * v.rows * u.cols).toBe(WASM_MIN_WORK);
    const auto = gramPlan(u, v, 'auto', 1);
    expect([auto.kernel, auto.reason]).toEqual(['wasm', `OpenBLAS not used: ${BLAS_REASON}`]);
    expect(auto.arena).not.toBeNull();
    const asked = gramPlan(u, v, 'wasm', 1);
    expect([asked.kernel, asked.reason]).toEqual(['wasm', 'requested']);
  });
});

describe('gramPlan without OpenBLAS and wasm', () => {
  it("'auto' ends with the js kernel and both reasons; 'wasm' by name is refused", () => {
    missing.blas = true;
    missing.wasm = true;
    const { u, v } = atThreshold();
    const auto = gramPlan(u, v, 'auto', 1);
    expect([auto.kernel, auto.reason, auto.eps]).toEqual([
      'js',
      `OpenBLAS not used: ${BLAS_REASON}; wasm not used: ${WASM_REASON}`,
      0,
    ]);
    expect(() => gramPlan(u, v, 'wasm', 1)).toThrow(UsageError);
    expect(() => gramPlan(u, v, 'wasm', 1)).toThrow(
      `scanPairs: the wasm kernel is not available (${WASM_REASON}; run npm run build:wasm)`,
    );
  });

  it("with OpenBLAS, 'wasm' by name missing is refused too (OpenBLAS is not a fallback for it)", () => {
    missing.wasm = true;
    const { u, v } = atThreshold();
    expect(() => gramPlan(u, v, 'wasm', 1)).toThrow(UsageError);
  });
});
