import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions, SolveOptionError } from '../../../src/solver/options.js';
import { pickKernel } from '../../../src/solver/run.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// pickKernel when the OpenBLAS kernel cannot be made: its factory is replaced by a stand-in that
// returns the loader's reason (where the real library loads, these paths are never reached). An
// explicit 'openblas' is refused naming the option and the reason; 'auto' at N^2 d >= 2^32 falls
// back to the wasm kernel (or JS without the wasm build).

const blas = vi.hoisted(() => ({ calls: 0 }));

vi.mock('../../../src/solver/blas-kernel.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/solver/blas-kernel.js')>();
  return {
    ...real,
    createBlasKernel: () => {
      blas.calls++;
      return 'libopenblas stand-in not found';
    },
  };
});

afterEach(() => {
  blas.calls = 0;
});

// resolved with the JS kernel (resolveOptions asks the real loader for 'openblas'), then switched
const resolved = (n: number, d: number, kernel: 'auto' | 'openblas') => ({
  ...resolveOptions({ n, d, steps: 1, kernel: 'js', threads: 1, kernelThreads: 1 }),
  kernel,
});

describe('pickKernel without OpenBLAS', () => {
  it('an explicit openblas is refused naming the option and the reason', () => {
    let e: unknown;
    try {
      pickKernel(resolved(8, 3, 'openblas'));
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(SolveOptionError);
    const err = e as SolveOptionError;
    expect(err.message).toBe('solve: kernel openblas is unavailable: libopenblas stand-in not found');
    expect(err.render((x) => `--${x}`)).toBe(
      'solve: --kernel openblas is unavailable: libopenblas stand-in not found',
    );
    expect(blas.calls).toBe(1);
  });

  it("'auto' at N^2 d = 2^32 asks for OpenBLAS once and falls back to a kernel that computes", () => {
    const k = pickKernel(resolved(4096, 256, 'auto'));
    try {
      expect(blas.calls).toBe(1);
      expect(k.name).toBe(wasmAvailable() ? 'wasm' : 'js');
      expect(typeof k.sigmoid).toBe('function');
    } finally {
      k.dispose?.();
    }
  });
});
