import { afterEach, describe, expect, it, vi } from 'vitest';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { createJsKernel, type PairKernel, pairOut } from '../../../src/solver/kernel.js';
import { resolveOptions } from '../../../src/solver/options.js';
import { runStart } from '../../../src/solver/run.js';
import { createWasmKernel, PARALLEL_MIN_WORK, wasmAvailable } from '../../../src/solver/wasm.js';

// The wasm kernel's helper thread, seen from outside: every Worker the kernel starts is recorded
// (and its code can be replaced by a helper that fails or never answers), so the tests can count
// helpers, see them stopped, and drive the error protocol. Results of two threads are compared bit
// for bit with one thread (rows are independent and the row statistics are summed in row order, so
// any split of the rows gives the same doubles); one-thread results against the JS kernel.

const state = vi.hoisted(() => ({
  started: [] as { terminated: number }[],
  code: null as string | null,
}));

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class RecordedWorker extends real.Worker {
    private readonly rec = { terminated: 0 };
    constructor(code: string, options: ConstructorParameters<typeof real.Worker>[1]) {
      super(state.code ?? code, options);
      state.started.push(this.rec);
    }
    override terminate(): Promise<number> {
      this.rec.terminated++;
      return super.terminate();
    }
  }
  return { ...real, Worker: RecordedWorker };
});

afterEach(() => {
  state.started.length = 0;
  state.code = null;
  vi.restoreAllMocks();
});

function config(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  return { u: randomUnitRows(n, d, rng.fork('u')).data, v: randomUnitRows(n, d, rng.fork('v')).data };
}

function sigmoidRun(k: PairKernel, n: number, d: number, seed: number) {
  const { u, v } = config(n, d, seed);
  const gu = new Float64Array(n * d);
  const gv = new Float64Array(n * d);
  const out = pairOut();
  k.sigmoid(u, v, n, d, 6, 2, 1 / n, gu, gv, out);
  return { out, gu: Array.from(gu), gv: Array.from(gv) };
}

/** The forward pass alone (no gradients: a third of the work), for counting helpers. */
function lossOnly(k: PairKernel, n: number, d: number, seed: number): number {
  const { u, v } = config(n, d, seed);
  const out = pairOut();
  k.sigmoid(u, v, n, d, 6, 2, 1 / n, null, null, out);
  return out.loss;
}

describe.runIf(wasmAvailable())('wasm kernel helper thread', () => {
  it("a helper only for two threads and N'^2 d' >= PARALLEL_MIN_WORK (N', d' padded to even)", () => {
    expect(256 * 256 * 256).toBe(PARALLEL_MIN_WORK);
    for (const [threads, n, d, helpers] of [
      [2, 256, 256, 1],
      [2, 255, 255, 1],
      [2, 254, 256, 0],
      [1, 256, 256, 0],
    ] as const) {
      state.started.length = 0;
      const k = createWasmKernel(threads)!;
      lossOnly(k, n, d, 1);
      expect(state.started.length, `threads ${threads}, N = ${n}, d = ${d}`).toBe(helpers);
      k.dispose!();
      expect(state.started.every((w) => w.terminated === 1)).toBe(true);
    }
  });

  it('a larger layout replaces the memory and the helper; a smaller one reuses both', () => {
    const k = createWasmKernel(2)!;
    const one = createWasmKernel(1)!;
    try {
      for (const [n, d, started, stopped] of [
        [256, 256, 1, 0],
        [300, 256, 2, 1],
        [256, 256, 2, 1],
        [300, 256, 2, 1],
      ] as const) {
        const two = lossOnly(k, n, d, n + d);
        expect(state.started.length, `N = ${n}, d = ${d}`).toBe(started);
        expect(state.started.filter((w) => w.terminated > 0).length).toBe(stopped);
        expect(two).toBe(lossOnly(one, n, d, n + d));
      }
    } finally {
      k.dispose!();
      one.dispose!();
    }
    expect(state.started.map((w) => w.terminated)).toEqual([1, 1]);
  });

  it('two threads equal one thread bit for bit when the triangle has two tile rows', () => {
    // N' = 64: two 32-row tiles, the transpose split after the first tile row
    for (const [n, d] of [[64, 4096]] as const) {
      expect((n + (n & 1)) ** 2 * (d + (d & 1))).toBeGreaterThanOrEqual(PARALLEL_MIN_WORK);
      const k2 = createWasmKernel(2)!;
      const k1 = createWasmKernel(1)!;
      try {
        const a = sigmoidRun(k2, n, d, 7);
        const b = sigmoidRun(k1, n, d, 7);
        expect(state.started.length).toBe(1);
        expect(a.out).toEqual(b.out);
        expect(a.gu).toEqual(b.gu);
        expect(a.gv).toEqual(b.gv);
      } finally {
        k2.dispose!();
        k1.dispose!();
      }
      state.started.length = 0;
    }
  });

  it('one thread after a layout change equals the JS kernel (padding reset: d 4 -> 3 at N = 40)', () => {
    const k = createWasmKernel(1)!;
    for (const [n, d] of [
      [40, 4],
      [40, 3],
      [41, 5],
      [41, 4],
    ] as const) {
      const w = sigmoidRun(k, n, d, 3);
      const j = sigmoidRun(createJsKernel(), n, d, 3);
      expect(Math.abs(w.out.loss - j.out.loss), `N = ${n}, d = ${d}`).toBeLessThanOrEqual(1e-12 * j.out.loss);
      for (let e = 0; e < n * d; e++) expect(Math.abs(w.gv[e]! - j.gv[e]!)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('runStart stops the helper of its kernel', () => {
    const o = {
      ...resolveOptions({ n: 256, d: 256, steps: 0, kernel: 'wasm', threads: 1 }),
      kernelThreads: 2,
    } as const;
    const r = runStart(o, 0, undefined, 2);
    expect(r.kernel).toBe('wasm');
    expect(state.started.map((w) => w.terminated)).toEqual([1]);
  });

  it('a helper that reports a failure makes the step throw', () => {
    state.code = `
const { workerData } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.ctrl);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[1] === 0) break;
  ctrl[3] = 1;
  Atomics.store(ctrl, 2, seen);
  Atomics.notify(ctrl, 2);
}`;
    const k = createWasmKernel(2)!;
    try {
      expect(() => lossOnly(k, 256, 256, 1)).toThrow('wasm kernel: helper thread failed');
    } finally {
      k.dispose!();
    }
  });

  it('a helper that never answers fails after 600 s of waiting (clock mocked), not before', () => {
    // it never sets the done sequence, but wakes the waiting thread every 2 ms (no real 1 s waits)
    state.code = `
const { workerData } = require('node:worker_threads');
const ctrl = new Int32Array(workerData.ctrl);
setInterval(() => Atomics.notify(ctrl, 2), 2);`;
    const k = createWasmKernel(2)!;
    // the first post is at the layout's first step: t0 = 0, then exactly 600 s (not yet), then past it
    const times = [0, 600_000, 600_001];
    const now = vi.spyOn(Date, 'now').mockImplementation(() => times.shift() ?? 600_001);
    try {
      expect(() => lossOnly(k, 256, 256, 1)).toThrow('wasm kernel: helper thread did not answer');
      expect(now).toHaveBeenCalledTimes(3);
    } finally {
      now.mockRestore();
      k.dispose!();
    }
  });
});
