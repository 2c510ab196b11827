import { afterEach, describe, expect, it, vi } from 'vitest';

// The wasm kernel where build/kernel.wasm is absent, or where the address space refuses the arena's
// memory: existsSync is replaced (this file only) by one that can hide the kernel file, and
// WebAssembly.Memory by one that throws. The lookup, the module and the arena must then say "none"
// (null), never throw: the JS kernel is the fallback of every caller.

const hide = vi.hoisted(() => ({ kernel: true }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    existsSync: (p: Parameters<typeof real.existsSync>[0]) =>
      hide.kernel && String(p).endsWith('kernel.wasm') ? false : real.existsSync(p),
  };
});

afterEach(() => {
  hide.kernel = true;
  vi.unstubAllGlobals();
});

const x = Float64Array.from([1, 0, 0, 1]);

describe('no wasm build', () => {
  it('kernelPath and kernelModule are null, createGramArena gives null (no throw)', async () => {
    vi.resetModules();
    const w = await import('../../../src/numeric/float/wasm-gram.js');
    expect(w.kernelPath()).toBeNull();
    expect(w.kernelModule()).toBeNull();
    expect(w.createGramArena(x, 2, x, 2, 2, 1, 2, 2)).toBeNull();
  });

  it('the build present but its memory refused: createGramArena gives null (no throw)', async () => {
    hide.kernel = false;
    // the global's own members (lib ES2022 declares WebAssembly as a namespace, not a value)
    const real = (globalThis as unknown as { WebAssembly: Record<string, unknown> }).WebAssembly;
    vi.stubGlobal('WebAssembly', {
      ...real,
      Module: real.Module,
      Instance: real.Instance,
      Memory: function refused() {
        throw new RangeError('stand-in: WebAssembly.Memory(): could not allocate memory');
      },
    });
    vi.resetModules();
    const w = await import('../../../src/numeric/float/wasm-gram.js');
    expect(w.kernelModule()).not.toBeNull();
    expect(w.createGramArena(x, 2, x, 2, 2, 1, 2, 2)).toBeNull();
  });
});
