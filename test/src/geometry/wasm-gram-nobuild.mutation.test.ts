import { describe, expect, it, vi } from 'vitest';

// The wasm kernel where build/kernel.wasm is absent: existsSync is replaced (this file only) by one
// that finds no kernel file, so the lookup, the module and the arena must all say "none" (null),
// and the JS kernel is the fallback of every caller.

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    existsSync: (p: Parameters<typeof real.existsSync>[0]) =>
      String(p).endsWith('kernel.wasm') ? false : real.existsSync(p),
  };
});

describe('no wasm build', () => {
  it('kernelPath and kernelModule are null, createGramArena gives null (no throw)', async () => {
    const w = await import('../../../src/numeric/float/wasm-gram.js');
    expect(w.kernelPath()).toBeNull();
    expect(w.kernelModule()).toBeNull();
    const x = Float64Array.from([1, 0, 0, 1]);
    expect(w.createGramArena(x, 2, x, 2, 2, 1, 2, 2)).toBeNull();
  });
});
