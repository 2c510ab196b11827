import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { float32Twin, loadBlas } from '../../../src/numeric/blas.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { ANALYZE_SEPARATOR, separator } from '../../../src/geometry/separator.js';
import {
  SEPARATOR_THREAD_MIN_WORK,
  type SeparatorWorkerData,
  separatorBeside,
  startSeparator,
} from '../../../src/geometry/separator-thread.js';

// The main-thread side of the separator's helper, in-process: the worker is a stand-in (no thread
// starts) that answers through the shared memory as separator-worker.ts does, fails, or cannot be
// started. The rule of separatorBeside is checked at its size boundary with Matrix shapes alone.

const helper = vi.hoisted(() => ({
  mode: 'done' as 'done' | 'fail' | 'throw' | 'silent',
  answer: [] as number[],
  data: null as SeparatorWorkerData | null,
  unref: 0,
  stopped: [] as unknown[],
  noBlas: false,
}));

vi.mock('../../../src/numeric/blas.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/numeric/blas.js')>();
  return {
    ...real,
    loadBlas: () => (helper.noBlas ? { ok: false, reason: 'stand-in: no OpenBLAS' } : real.loadBlas()),
  };
});

vi.mock('../../../src/start-worker.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/start-worker.js')>();
  return {
    ...real,
    startWorker: (_base: string, name: string, data: SeparatorWorkerData) => {
      if (name !== 'separator-worker') throw new Error(`unexpected worker ${name}`);
      if (helper.mode === 'throw') throw new Error('no threads here');
      helper.data = data;
      if (helper.mode === 'done') {
        data.out.set(helper.answer);
        Atomics.store(data.ctrl, 0, 1);
      } else if (helper.mode === 'fail') Atomics.store(data.ctrl, 0, 2);
      const worker = { unref: () => helper.unref++ };
      return worker as unknown as Worker;
    },
    stopWorker: (w: Worker) => {
      helper.stopped.push(w);
      return Promise.resolve(0);
    },
  };
});

afterEach(() => {
  helper.mode = 'done';
  helper.data = null;
  helper.unref = 0;
  helper.stopped.length = 0;
});

// Whether OpenBLAS is here, asked of koffi directly (not through the loader the code uses).
const present = (() => {
  try {
    const koffi = createRequire(import.meta.url)('koffi') as { load(p: string): unknown };
    koffi.load('libopenblas.so.0');
    return true;
  } catch {
    return false;
  }
})();

/** A matrix of the given shape whose data is a few float32 values (separatorBeside reads the shape and the values). */
const shaped = (rows: number, cols: number, x = 0.5): Matrix => ({
  rows,
  cols,
  data: Float64Array.from([x, -0.25, 0.75]),
});

/** Small float32 points: U around +e1, V around -e1 (a separator exists). */
function points(): { u: Matrix; v: Matrix } {
  const u = Float64Array.from([1, 0.25, 0, 0.75, -0.5, 0.25, 0.5, 0, 0.5, 1, 0.125, -0.25]);
  const v = Float64Array.from([-1, 0.5, 0, -0.5, -0.25, 0.5, -0.75, 0, -0.25, -1, 0.25, 0.125, 0.25, 1, 0]);
  return { u: { rows: 4, cols: 3, data: u }, v: { rows: 5, cols: 3, data: v } };
}

describe('separatorBeside: big float32 inputs with OpenBLAS loaded', () => {
  it.skipIf(!present)('from N K d = 2^31 on, with both copies float32', () => {
    expect(SEPARATOR_THREAD_MIN_WORK).toBe(2 ** 31);
    expect(separatorBeside(shaped(2 ** 10, 2 ** 11), shaped(2 ** 10, 2 ** 11))).toBe(true);
    expect(separatorBeside(shaped(2 ** 10, 2 ** 11), shaped(2 ** 10 - 1, 2 ** 11))).toBe(false);
    expect(separatorBeside(shaped(2 ** 12, 2 ** 10), shaped(2 ** 9, 2 ** 10))).toBe(true);
    expect(separatorBeside(shaped(2 ** 10, 2 ** 11, 0.1), shaped(2 ** 10, 2 ** 11))).toBe(false);
    expect(separatorBeside(shaped(2 ** 10, 2 ** 11), shaped(2 ** 10, 2 ** 11, 0.1))).toBe(false);
  });

  it('small inputs never', () => {
    expect(separatorBeside(shaped(4, 3), shaped(5, 3))).toBe(false);
  });

  it('never without OpenBLAS', () => {
    helper.noBlas = true;
    try {
      expect(separatorBeside(shaped(2 ** 10, 2 ** 11), shaped(2 ** 10, 2 ** 11))).toBe(false);
    } finally {
      helper.noBlas = false;
    }
  });
});

describe('startSeparator', () => {
  it.skipIf(!present)('holds OpenBLAS at one thread', () => {
    const s = loadBlas();
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    try {
      const { u, v } = points();
      startSeparator(u, v, false);
      expect(s.blas.threadsNow()).toBe(1);
    } finally {
      s.blas.setThreads(2);
    }
  });

  it('without a helper (a merge): the separator computed here, where = here, no worker', () => {
    const { u, v } = points();
    const wait = startSeparator(u, v, false);
    expect(helper.data).toBeNull();
    expect(wait.state.where).toBe('here');
    const got = wait();
    expect(got).toEqual(separator(u, v, ANALYZE_SEPARATOR));
    expect(got.found).toBe(true);
    expect(wait.state.where).toBe('here');
  });

  it('without OpenBLAS (a merge on another machine) the separator still runs here', () => {
    const { u, v } = points();
    helper.noBlas = true;
    try {
      expect(startSeparator(u, v, false)()).toEqual(separator(u, v, ANALYZE_SEPARATOR));
    } finally {
      helper.noBlas = false;
    }
  });

  it('values that are not float32 run here even when asked beside', () => {
    const { u, v } = points();
    const u64 = { ...u, data: Float64Array.from(u.data, (x, i) => (i === 0 ? 0.1 : x)) };
    expect(startSeparator(u64, v, true).state.where).toBe('here');
    expect(helper.data).toBeNull();
    const v64 = { ...v, data: Float64Array.from(v.data, (x, i) => (i === 0 ? -0.1 : x)) };
    startSeparator(u, v64, true);
    expect(helper.data).toBeNull();
  });

  it('beside: the helper gets the float32 copies and shared slots, and its answer is read back', () => {
    const { u, v } = points();
    helper.answer = [1, 0.8, 4, 0.125, 0.25, 0.5, -0.75, 2];
    const wait = startSeparator(u, v, true);
    const data = helper.data!;
    expect(data).not.toBeNull();
    expect(data.u32).toBe(float32Twin(u.data));
    expect(data.v32).toBe(float32Twin(v.data));
    expect([data.n, data.k, data.d]).toEqual([4, 5, 3]);
    expect(data.ctrl.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(data.ctrl.length).toBe(1);
    expect(data.out.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(data.out.length).toBe(5 + 3);
    expect(helper.unref).toBe(1);
    expect(wait.state.where).toBe('here');
    const got = wait();
    expect(got).toEqual({
      found: true,
      fractionSeparated: 0.8,
      separatedCount: 4,
      margin: 0.125,
      marginUpper: 0.25,
      h: Float64Array.from([0.5, -0.75, 2]),
    });
    expect(got.h.buffer).not.toBe(data.out.buffer);
    expect(wait.state.where).toBe('helper');
    expect(helper.stopped).toHaveLength(1);
  });

  it('beside: found is read as out[0] === 1', () => {
    const { u, v } = points();
    helper.answer = [0, 0.4, 2, -0.5, 0.75, 1, 0, 0];
    const got = startSeparator(u, v, true)();
    expect(got.found).toBe(false);
    expect(got.margin).toBe(-0.5);
  });

  it('a helper that failed: the separator computed here instead, where stays here', () => {
    const { u, v } = points();
    helper.mode = 'fail';
    const wait = startSeparator(u, v, true);
    expect(helper.data).not.toBeNull();
    expect(wait()).toEqual(separator(u, v, ANALYZE_SEPARATOR));
    expect(wait.state.where).toBe('here');
    expect(helper.stopped).toHaveLength(1);
  });

  it('a helper that cannot start: the separator computed here', () => {
    const { u, v } = points();
    helper.mode = 'throw';
    const wait = startSeparator(u, v, true);
    expect(wait()).toEqual(separator(u, v, ANALYZE_SEPARATOR));
    expect(wait.state.where).toBe('here');
    expect(helper.stopped).toHaveLength(0);
  });

  it('a helper that never answers is waited for 600 s of the clock, then the separator is computed here', () => {
    const { u, v } = points();
    helper.mode = 'silent';
    const wait = startSeparator(u, v, true);
    // the clock moves 300 s a read: the wait reads it at 0, 300 s (waits 1 s of real time for the
    // helper) and 600 s, where it gives up; giving up earlier or later reads it 2 or 4 times
    const t0 = 1e12;
    const reads: number[] = [];
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => {
      const t = t0 + 300_000 * reads.length;
      reads.push(t);
      if (reads.length > 8) throw new Error('the wait did not stop at 600 s');
      return t;
    });
    let got: ReturnType<typeof wait>;
    try {
      got = wait();
    } finally {
      clock.mockRestore();
    }
    expect(reads.map((t) => t - t0)).toEqual([0, 300_000, 600_000]);
    expect(wait.state.where).toBe('here');
    expect(got).toEqual(separator(u, v, ANALYZE_SEPARATOR));
  });
});
