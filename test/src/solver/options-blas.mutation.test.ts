import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions, SolveOptionError } from '../../../src/solver/options.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// `kernel: 'openblas'` is refused when OpenBLAS does not load, and only then: the loader is replaced
// by a stand-in that loads or not as told (on this machine the real one may well load, and then the
// refusal is never reached), and counts how often it is asked.

const blas = vi.hoisted(() => ({ ok: false, calls: 0 }));

vi.mock('../../../src/numeric/blas.js', () => ({
  loadBlas: () => {
    blas.calls++;
    return blas.ok ? { ok: true, blas: {} } : { ok: false, reason: 'libopenblas stand-in not found' };
  },
}));

afterEach(() => {
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
