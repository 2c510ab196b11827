import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions, SolveOptionError } from '../../../src/solver/options.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// The options that depend on the machine, with the machine replaced by stand-ins: `kernel: 'openblas'`
// is refused when OpenBLAS does not load, and only then (the loader loads or not as told, and counts
// how often it is asked; on this machine the real one may well load, and then the refusal is never
// reached); `kernelThreads` defaults to 2 when two or more CPUs are available, else 1.

const blas = vi.hoisted(() => ({ ok: false, calls: 0 }));
const cpus = vi.hoisted(() => ({ n: 2 }));

vi.mock('node:os', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:os')>();
  return { ...real, availableParallelism: () => cpus.n };
});

vi.mock('../../../src/numeric/blas.js', () => ({
  loadBlas: () => {
    blas.calls++;
    return blas.ok ? { ok: true, blas: {} } : { ok: false, reason: 'libopenblas stand-in not found' };
  },
}));

afterEach(() => {
  cpus.n = 2;
  blas.ok = false;
  blas.calls = 0;
});

const BASE = { n: 3, d: 2, steps: 1 } as const;

function refusal(f: () => unknown): SolveOptionError {
  try {
    f();
  } catch (e) {
    return e as SolveOptionError;
  }
  throw new Error('accepted');
}

describe('kernel openblas and the OpenBLAS loader', () => {
  it('is refused naming the option and the loader reason when OpenBLAS does not load', () => {
    const e = refusal(() => resolveOptions({ ...BASE, kernel: 'openblas' }));
    expect(e).toBeInstanceOf(SolveOptionError);
    expect(e.message).toBe('solve: kernel openblas is unavailable: libopenblas stand-in not found');
    expect(e.render((x) => `--${x}`)).toBe(
      'solve: --kernel openblas is unavailable: libopenblas stand-in not found',
    );
    expect(blas.calls).toBe(1);
  });

  it('is accepted when it loads', () => {
    blas.ok = true;
    expect(resolveOptions({ ...BASE, kernel: 'openblas' }).kernel).toBe('openblas');
    expect(blas.calls).toBe(1);
  });

  it('the other kernels never ask the loader, and are accepted without it', () => {
    for (const kernel of wasmAvailable() ? (['auto', 'js', 'wasm'] as const) : (['auto', 'js'] as const)) {
      expect(resolveOptions({ ...BASE, kernel }).kernel).toBe(kernel);
    }
    expect(resolveOptions(BASE).kernel).toBe('auto');
    expect(blas.calls).toBe(0);
  });
});

describe('kernelThreads default', () => {
  it('is 2 from two available CPUs on, 1 on one CPU, and a given value wins', () => {
    for (const [n, threads] of [
      [1, 1],
      [2, 2],
      [3, 2],
      [64, 2],
    ] as const) {
      cpus.n = n;
      expect(resolveOptions(BASE).kernelThreads, `${n} CPUs`).toBe(threads);
      expect(resolveOptions({ ...BASE, kernelThreads: 1 }).kernelThreads).toBe(1);
      expect(resolveOptions({ ...BASE, kernelThreads: 2 }).kernelThreads).toBe(2);
    }
  });
});
