import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as blasModule from '../../../src/numeric/blas.js';

// src/numeric/blas.ts is mutated with src/geometry (whose scans use it): the loader's choices, the
// three GEMM wrappers against naive loops, the float32 copies' cache rules and blasBlocks, each
// against values computed here from the definitions. A fresh module instance per loader case
// (vi.resetModules) sees its own SIGCHECK_BLAS; the library itself is loaded once per process.

const { loadBlas, float32Twin, markFinal, adoptFloat32Twin, blasBlocks, BLAS_ENV, BLAS_THREADS } = blasModule;
// Whether OpenBLAS is here, asked of koffi directly: a skip decided by the loader under test would
// hide a mutant that breaks the loader.
const present = (() => {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(p: string): unknown };
    koffi.load('libopenblas.so.0');
    return true;
  } catch {
    return false;
  }
})();
const status = loadBlas();

/** A fresh module instance loaded with SIGCHECK_BLAS set to `value` (undefined: unset). */
async function loadWith(value: string | undefined) {
  const saved = process.env[BLAS_ENV];
  if (value === undefined) delete process.env[BLAS_ENV];
  else process.env[BLAS_ENV] = value;
  try {
    vi.resetModules();
    const fresh = await import('../../../src/numeric/blas.js');
    return fresh.loadBlas();
  } finally {
    if (saved === undefined) delete process.env[BLAS_ENV];
    else process.env[BLAS_ENV] = saved;
  }
}

/** Entries with a few significant bits (exact in float32 and in every product sum below). */
function small(len: number, seed: number): Float64Array {
  const x = new Float64Array(len);
  for (let e = 0; e < len; e++) x[e] = (((e * 7 + seed * 13) % 17) - 8) / 8;
  return x;
}

/** op(X)[r][c] for a row-major X with row stride ld. */
const at = (x: ArrayLike<number>, ld: number, trans: boolean, r: number, c: number) =>
  trans ? x[c * ld + r]! : x[r * ld + c]!;

describe('loadBlas', () => {
  afterEach(() => {
    vi.resetModules();
  });

  it('SIGCHECK_BLAS=off or 0 switches the library off and says so', async () => {
    expect(BLAS_ENV).toBe('SIGCHECK_BLAS');
    expect(await loadWith('off')).toEqual({ ok: false, reason: 'disabled by SIGCHECK_BLAS=off' });
    expect(await loadWith('0')).toEqual({ ok: false, reason: 'disabled by SIGCHECK_BLAS=0' });
  });

  it('a library file that does not exist is reported by its name alone (no search)', async () => {
    const s = await loadWith('/nonexistent/libnothing.so');
    expect(s).toEqual({
      ok: false,
      reason:
        'no OpenBLAS library found (/nonexistent/libnothing.so; Debian: apt-get install libopenblas0-pthread)',
    });
  });

  it.skipIf(!present)(
    'unset or empty searches the usual names; a named file is loaded and named',
    async () => {
      for (const v of [undefined, '']) {
        const s = await loadWith(v);
        expect(s.ok, `SIGCHECK_BLAS=${v}`).toBe(true);
        if (s.ok) expect(s.blas.description).toMatch(/^libopenblas\.so\.0 \(OpenBLAS .+\)$/);
      }
      const named = await loadWith('libopenblas.so.0');
      expect(named.ok).toBe(true);
      if (named.ok) {
        expect(named.blas.description).toMatch(/^libopenblas\.so\.0 \(OpenBLAS /);
        expect(named.blas.threads).toBe(BLAS_THREADS);
      }
    },
  );

  it.skipIf(!present)('is loaded once: the same status object every call', () => {
    expect(loadBlas()).toBe(status);
  });

  it.skipIf(!present)('setThreads reaches the library and threadsNow reads it back', () => {
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    const { blas } = status;
    expect(BLAS_THREADS).toBe(2);
    blas.setThreads(1);
    try {
      expect(blas.threadsNow()).toBe(1);
    } finally {
      blas.setThreads(BLAS_THREADS);
    }
    expect(blas.threadsNow()).toBe(BLAS_THREADS);
  });
});

describe.skipIf(!present)('the GEMM wrappers against naive loops', () => {
  const blas = status.ok ? status.blas : (undefined as never);

  it('sgemmAbt and dgemmAbt: C = A B^T from element offsets and row strides', () => {
    // A: rows of stride 5 from offset 3, B: rows of stride 6 from offset 2; m = 3, n = 4, kd = 4
    const [m, n, kd, lda, ldb, aOff, bOff] = [3, 4, 4, 5, 6, 3, 2];
    const a = small(aOff + m * lda, 1);
    const b = small(bOff + n * ldb, 2);
    const want: number[] = [];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < kd; q++) s += a[aOff + i * lda + q]! * b[bOff + j * ldb + q]!;
        want.push(s);
      }
    const c64 = new Float64Array(m * n).fill(99);
    blas.dgemmAbt(a, aOff, b, bOff, c64, m, n, kd, lda, ldb);
    expect(Array.from(c64)).toEqual(want);
    const c32 = new Float32Array(m * n).fill(99);
    blas.sgemmAbt(Float32Array.from(a), aOff, Float32Array.from(b), bOff, c32, m, n, kd, lda, ldb);
    expect(Array.from(c32)).toEqual(want);
  });

  it('dgemm: C = alpha op(A) op(B) + beta C for each pair of transposes', () => {
    const [m, n, kd, alpha, beta] = [3, 2, 4, 0.5, 2];
    for (const ta of [false, true])
      for (const tb of [false, true]) {
        const lda = ta ? m : kd;
        const ldb = tb ? kd : n;
        const a = small(m * kd, 3);
        const b = small(kd * n, 4);
        const c0 = small(m * n, 5);
        const want: number[] = [];
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let q = 0; q < kd; q++) s += at(a, lda, ta, i, q) * at(b, ldb, tb, q, j);
            want.push(alpha * s + beta * c0[i * n + j]!);
          }
        const c = Float64Array.from(c0);
        blas.dgemm(ta, tb, m, n, kd, alpha, a, lda, b, ldb, beta, c, n);
        expect(Array.from(c), `transA ${ta} transB ${tb}`).toEqual(want);
      }
  });
});

describe('float32Twin, markFinal, adoptFloat32Twin', () => {
  it('an exact copy on a SharedArrayBuffer (a helper thread reads it)', () => {
    const x = Float64Array.from([0.5, -1.25, 3]);
    const t = float32Twin(x);
    expect(t).not.toBeNull();
    expect(t!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(t!)).toEqual([0.5, -1.25, 3]);
  });

  it('a final array is checked once more, then trusted: a later change is not seen', () => {
    const x = Float64Array.from([0.5, 0.25]);
    const before = float32Twin(x)!;
    markFinal(x);
    x[0] = 0.75; // changed after it was declared final: the next call still checks
    const checked = float32Twin(x)!;
    expect(checked).not.toBe(before);
    expect(checked[0]).toBe(0.75);
    x[1] = 0.125; // now trusted without a compare
    expect(float32Twin(x)).toBe(checked);
    expect(checked[1]).toBe(0.25);
  });

  it('a final array whose kept copy still matches is trusted from then on', () => {
    const x = Float64Array.from([0.5, 0.25]);
    const t = float32Twin(x)!;
    markFinal(x);
    expect(float32Twin(x)).toBe(t); // the check once more: still the same values
    x[0] = 0.75;
    expect(float32Twin(x)).toBe(t);
  });

  it('an array never made final is checked at every use: a change after any number of uses is seen', () => {
    const x = Float64Array.from([0.5, 0.25]);
    const t = float32Twin(x)!;
    x[0] = 0.75;
    const t2 = float32Twin(x)!;
    expect(t2).not.toBe(t);
    expect(t2[0]).toBe(0.75);
    expect(float32Twin(x)).toBe(t2);
    x[1] = 0.125;
    const t3 = float32Twin(x)!;
    expect(Array.from(t3)).toEqual([0.75, 0.125]);
  });

  it('a final array made final again is checked once more', () => {
    const x = Float64Array.from([1, 2]);
    markFinal(x);
    const first = float32Twin(x)!;
    expect(float32Twin(x)).toBe(first);
    markFinal(x);
    x[0] = 4;
    const again = float32Twin(x)!;
    expect(again).not.toBe(first);
    expect(Array.from(again)).toEqual([4, 2]);
  });

  it('an array whose values are not all float32 keeps null', () => {
    const x = Float64Array.from([0.5, 0.1]);
    expect(float32Twin(x)).toBeNull();
    expect(float32Twin(x)).toBeNull();
  });

  it('an adopted float32 copy is used when its values match, refused when it cannot be shared or differs in length', () => {
    const x = Float64Array.from([0.5, 0.75, -2]);
    const shared = new Float32Array(new SharedArrayBuffer(12));
    shared.set([0.5, 0.75, -2]);
    expect(adoptFloat32Twin(x, Float32Array.from([0.5, 0.75, -2]))).toBe(false);
    expect(adoptFloat32Twin(x, new Float32Array(new SharedArrayBuffer(8)))).toBe(false);
    expect(adoptFloat32Twin(x, shared)).toBe(true);
    expect(float32Twin(x)).toBe(shared);
    // an adopted copy that no longer matches is replaced by a fresh exact copy
    const y = Float64Array.from([1, 2]);
    const stale = new Float32Array(new SharedArrayBuffer(8));
    stale.set([1, 3]);
    expect(adoptFloat32Twin(y, stale)).toBe(true);
    const t = float32Twin(y)!;
    expect(t).not.toBe(stale);
    expect(Array.from(t)).toEqual([1, 2]);
  });
});

describe.skipIf(!present)('blasBlocks: blocks of U V^T and the exact dots', () => {
  const blas = status.ok ? status.blas : (undefined as never);
  const [rowsU, rowsV, d] = [5, 4, 3];
  const u = small(rowsU * d, 6);
  const v = small(rowsV * d, 7);
  const exact = (i: number, j: number) => {
    let s = 0;
    for (let q = 0; q < d; q++) s += u[i * d + q]! * v[j * d + q]!;
    return s;
  };

  for (const kind of ['float32', 'float64'] as const) {
    it(`${kind}: the block [i0, i0 + bi) x [j0, j0 + bj) with its stride, into a given or a new buffer`, () => {
      const uu = kind === 'float32' ? Float32Array.from(u) : u;
      const vv = kind === 'float32' ? Float32Array.from(v) : v;
      for (const out of [undefined, kind === 'float32' ? new Float32Array(40) : new Float64Array(40)]) {
        const b = blasBlocks(blas, { u: uu, v: vv, d, rows: 4, cols: 4 }, out);
        const got = b.source(1, 3, 2, 2);
        expect(got.off).toBe(0);
        expect(got.ld).toBe(2);
        expect(got.buf).toBeInstanceOf(kind === 'float32' ? Float32Array : Float64Array);
        if (out !== undefined) expect(got.buf).toBe(out);
        else expect(got.buf.length).toBe(16);
        for (let r = 0; r < 3; r++)
          for (let c = 0; c < 2; c++) expect(got.buf[r * 2 + c], `${r},${c}`).toBe(exact(1 + r, 2 + c));
        for (let i = 0; i < rowsU; i++) for (let j = 0; j < rowsV; j++) expect(b.dot(i, j)).toBe(exact(i, j));
      }
    });
  }

  it('a buffer of the other type is not used: a new one of the right type is made', () => {
    const out = new Float64Array(40);
    const b = blasBlocks(
      blas,
      { u: Float32Array.from(u), v: Float32Array.from(v), d, rows: 4, cols: 4 },
      out,
    );
    const got = b.source(0, 2, 0, 2);
    expect(got.buf).toBeInstanceOf(Float32Array);
    expect(got.buf).not.toBe(out);
    const c = blasBlocks(blas, { u, v, d, rows: 4, cols: 4 }, new Float32Array(40));
    expect(c.source(0, 2, 0, 2).buf).toBeInstanceOf(Float64Array);
  });
});
