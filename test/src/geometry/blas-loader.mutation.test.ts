import { isMainThread } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';

// The OpenBLAS loader against stand-ins for koffi (this file only: `createRequire` is replaced for
// the module under test): koffi missing, no library under any name, a library under a later name,
// a CBLAS without the openblas_* functions, and one whose cblas functions cannot be bound. Each
// case loads a fresh copy of blas.ts (its status is cached per module instance).

type Lib = Record<string, (...a: unknown[]) => unknown>;
const koffi = vi.hoisted(() => ({
  mode: 'missing' as 'missing' | 'stub',
  /** library name -> its functions by C name; names absent here fail to load */
  libs: {} as Record<string, Lib>,
  tried: [] as string[],
}));

vi.mock('node:module', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:module')>();
  const createRequire = (url: string | URL) => {
    const req = real.createRequire(url);
    return (id: string) => {
      if (id !== 'koffi') return req(id);
      if (koffi.mode === 'missing') throw new Error("Cannot find module 'koffi'");
      return {
        load: (path: string) => {
          koffi.tried.push(path);
          const fns = koffi.libs[path];
          if (fns === undefined) throw new Error(`cannot load ${path}`);
          return {
            func: (sig: string) => {
              const c = /([a-z_]+)\(/.exec(sig)![1]!;
              const f = fns[c];
              if (f === undefined) throw new Error(`no symbol ${c}`);
              return f;
            },
          };
        },
      };
    };
  };
  return { ...real, createRequire, default: { ...real, createRequire } };
});

async function freshLoad() {
  vi.resetModules();
  const m = await import('../../../src/numeric/blas.js');
  return m.loadBlas();
}

const cblas = (): Lib => ({ cblas_sgemm: () => undefined, cblas_dgemm: () => undefined });

afterEach(() => {
  koffi.mode = 'missing';
  koffi.libs = {};
  koffi.tried = [];
  vi.unstubAllEnvs();
});

describe('loadBlas with koffi stand-ins', () => {
  it('koffi not installed: not ok, says so (never throws)', async () => {
    vi.stubEnv('SIGCHECK_BLAS', '');
    koffi.mode = 'missing';
    expect(await freshLoad()).toEqual({ ok: false, reason: 'the optional package koffi is not installed' });
  });

  it('no library under any name: every candidate tried in order, and named in the reason', async () => {
    vi.stubEnv('SIGCHECK_BLAS', '');
    koffi.mode = 'stub';
    const s = await freshLoad();
    const names = ['libopenblas.so.0', 'libopenblas.so', 'libopenblas.dylib', 'libopenblas.0.dylib'];
    expect(koffi.tried).toEqual(names);
    expect(s).toEqual({
      ok: false,
      reason: `no OpenBLAS library found (${names.join(', ')}; Debian: apt-get install libopenblas0-pthread)`,
    });
  });

  for (const name of ['libopenblas.so', 'libopenblas.dylib', 'libopenblas.0.dylib']) {
    it(`a CBLAS found only as ${name}, without the openblas_* functions: its own defaults`, async () => {
      vi.stubEnv('SIGCHECK_BLAS', '');
      koffi.mode = 'stub';
      koffi.libs = { [name]: cblas() };
      const s = await freshLoad();
      expect(s.ok).toBe(true);
      if (!s.ok) return;
      expect(s.blas.description).toBe(`${name} (OpenBLAS)`);
      expect(s.blas.threadsNow()).toBe(0);
      expect(s.blas.threads).toBe(2);
    });
  }

  it('OpenBLAS functions present: 2 threads set at load on the main thread only, the config trimmed', async () => {
    vi.stubEnv('SIGCHECK_BLAS', '');
    koffi.mode = 'stub';
    const set: unknown[] = [];
    koffi.libs = {
      'libopenblas.so.0': {
        ...cblas(),
        openblas_set_num_threads: (n: unknown) => set.push(n),
        openblas_get_num_threads: () => 7,
        openblas_get_config: () => '  OpenBLAS 9.9 stand-in  ',
      },
    };
    const s = await freshLoad();
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    // vitest's thread pool runs this file off the main thread, its fork pool on it
    expect(set).toEqual(isMainThread ? [2] : []);
    expect(s.blas.threadsNow()).toBe(7);
    expect(s.blas.description).toBe('libopenblas.so.0 (OpenBLAS 9.9 stand-in)');
  });

  it('cblas functions that cannot be bound: not ok, the library and the error named', async () => {
    vi.stubEnv('SIGCHECK_BLAS', '');
    koffi.mode = 'stub';
    koffi.libs = { 'libopenblas.so.0': { cblas_sgemm: () => undefined } };
    expect(await freshLoad()).toEqual({
      ok: false,
      reason: 'libopenblas.so.0 has no usable cblas_sgemm/cblas_dgemm (Error: no symbol cblas_dgemm)',
    });
  });
});
