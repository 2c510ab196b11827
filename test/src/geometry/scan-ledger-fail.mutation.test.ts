import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLedger, ledgerBlasSource } from '../../../src/geometry/scan-ledger.js';
import { loadBlas } from '../../../src/numeric/blas.js';

// The ledger where it cannot be made: the wasm loader is replaced (this file only) by one that
// reports no build, a kernel without scanBlock, or an instantiation that throws. Each must give a
// null ledger, and ledgerBlasSource the plain OpenBLAS source without one.

const stub = vi.hoisted(() => ({ mode: 'real' as 'real' | 'none' | 'noScan' | 'throws' }));

vi.mock('../../../src/numeric/float/wasm-gram.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/numeric/float/wasm-gram.js')>();
  return {
    ...real,
    kernelModule: () => (stub.mode === 'none' ? null : real.kernelModule()),
    instantiateKernel: (...args: Parameters<typeof real.instantiateKernel>) => {
      if (stub.mode === 'throws') throw new Error('stand-in: instantiation failed');
      // a kernel of another build: the exports but scanBlockF32
      if (stub.mode === 'noScan') return { heapBase: () => 1024 };
      return real.instantiateKernel(...args);
    },
  };
});

afterEach(() => {
  stub.mode = 'real';
});

describe('a ledger that cannot be made', () => {
  for (const mode of ['none', 'noScan', 'throws'] as const) {
    it(`${mode}: createLedger gives null`, () => {
      stub.mode = mode;
      expect(createLedger(false, 4, 4, 6)).toBeNull();
      expect(createLedger(true, 4, 4, 6)).toBeNull();
    });
  }

  it.skipIf(!loadBlas().ok)(
    'no build: ledgerBlasSource is the plain OpenBLAS source, without a ledger',
    () => {
      const blas = loadBlas();
      if (!blas.ok) return;
      stub.mode = 'none';
      const u = Float64Array.from([1, 2, 3, 4]);
      const v = Float64Array.from([1, 1, 2, -1]);
      const source = ledgerBlasSource(blas.blas, { u, v, d: 2, rows: 2, cols: 2 }, 2);
      expect(source.ledger).toBeUndefined();
      const got = source(0, 2, 0, 2);
      // U V^T by hand: (1,2), (3,4) against (1,1), (2,-1)
      const seen = [0, 1].flatMap((r) => [0, 1].map((c) => got.buf[got.off + r * got.ld + c]!));
      expect(seen).toEqual([3, 0, 7, 2]);
    },
  );
});
