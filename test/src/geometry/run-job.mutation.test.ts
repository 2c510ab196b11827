import { getEnvironmentData } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { exactResolver, scanPairs } from '../../../src/geometry/pairs.js';
import { GATE_KEY } from '../../../src/native-gate.js';
import { type Blas, loadBlas } from '../../../src/numeric/blas.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';
import { randomPairs, recordSetThreads } from './reference.js';

// The main thread's side of a pass: one thread starts no helper (and leaves OpenBLAS's thread count
// alone); two threads start one, hold OpenBLAS at one thread for the pass and give back the count
// found, which a caller may have set to 1 itself. A helper is seen by the gate word that startWorker
// (the one way sigcheck starts a thread) hands to each new worker through the environment data;
// the thread count by the library's setThreads calls on this thread.

describe('a helper thread only for two threads', () => {
  const { u, v } = randomPairs(60, 5, 4);
  const kernels = [
    'js' as const,
    ...(wasmAvailable() ? (['wasm'] as const) : []),
    ...(loadBlas().ok ? (['openblas'] as const) : []),
  ];

  it('threads 1: no worker started, for every kernel', () => {
    const want = scanPairs(u, v, { kernel: 'js', trim: 0.1 });
    for (const kernel of kernels) {
      const gate = getEnvironmentData(GATE_KEY);
      const got = scanPairs(u, v, { kernel, threads: 1, trim: 0.1 });
      expect(getEnvironmentData(GATE_KEY), kernel).toBe(gate);
      expect([got.margins, got.trimmed!.negQuantile], kernel).toEqual([
        want.margins,
        want.trimmed!.negQuantile,
      ]);
    }
  });

  it.runIf(wasmAvailable())('threads 2 (wasm): one worker started, the same results', () => {
    const want = scanPairs(u, v, { kernel: 'js', trim: 0.1 });
    const gate = getEnvironmentData(GATE_KEY);
    const got = scanPairs(u, v, { kernel: 'wasm', threads: 2, trim: 0.1 });
    const now = getEnvironmentData(GATE_KEY);
    expect(now).toBeInstanceOf(Int32Array);
    expect(now).not.toBe(gate);
    expect([got.margins, got.trimmed!.negQuantile]).toEqual([want.margins, want.trimmed!.negQuantile]);
  });
});

const blas = loadBlas();
describe.runIf(blas.ok)('the OpenBLAS thread count around a pass', () => {
  it('threads 1: no call; threads 2: 1 for the pass, then the count found (1 or 2)', () => {
    const lib = (blas as { ok: true; blas: Blas }).blas;
    const set = lib.setThreads;
    const { calls, restore } = recordSetThreads(lib);
    const { u, v } = randomPairs(40, 4, 2);
    const count = (h: Float64Array) => h.reduce((s, x) => s + x, 0);
    const found = lib.threadsNow();
    try {
      set(2);
      expect(count(exactResolver(u, v, { kernel: 'openblas', threads: 1 }).histogram())).toBe(40 * 39);
      expect(calls).toEqual([]);
      set(1);
      expect(count(exactResolver(u, v, { kernel: 'openblas', threads: 2 }).histogram())).toBe(40 * 39);
      expect(calls).toEqual([1, 1]);
      expect(lib.threadsNow()).toBe(1);
    } finally {
      restore();
      set(found);
    }
  });
});
