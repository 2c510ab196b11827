import { describe, expect, it, vi } from 'vitest';
import { resolveOptions, SolveOptionError } from '../../../src/solver/options.js';
import { pickKernel } from '../../../src/solver/run.js';
import { createWasmKernel, wasmAvailable, wasmExports } from '../../../src/solver/wasm.js';

// Without build/kernel.wasm (the loader answers null): the solver says so and falls back to JS.
vi.mock('../../../src/numeric/float/wasm-gram.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/numeric/float/wasm-gram.js')>()),
  kernelModule: () => null,
}));

describe('solver without the wasm build', () => {
  it('reports the kernel unavailable and creates none', () => {
    expect(wasmAvailable()).toBe(false);
    expect(wasmExports()).toBeNull();
    expect(createWasmKernel()).toBeNull();
    expect(createWasmKernel(2)).toBeNull();
  });

  it('auto picks the JS kernel; wasm asked for explicitly is a usage error naming npm run build', () => {
    const o = resolveOptions({ n: 4, d: 3, threads: 1 });
    expect(pickKernel({ ...o, kernel: 'auto' }).name).toBe('js');
    expect(pickKernel({ ...o, kernel: 'auto' }, 2).name).toBe('js');
    expect(() => pickKernel({ ...o, kernel: 'wasm' })).toThrow(SolveOptionError);
    expect(() => pickKernel({ ...o, kernel: 'wasm' })).toThrow(/wasm is unavailable.*run npm run build/);
  });
});
