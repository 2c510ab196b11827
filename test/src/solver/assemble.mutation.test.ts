import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { solve, solveSync } from '../../../src/solver/index.js';
import type { StartResult } from '../../../src/solver/run.js';
import type { WorkerTask } from '../../../src/solver/worker.js';

// How the multi-start picks and reports its best start, with the starts replaced by stand-in results
// (chosen losses, sizes and extremes) and the decimal recomputation by a recorder: the branch that
// asks for the 40-digit loss (a float64 loss below 1e-290, the sigmoid family, k = 2 and at most
// N^2 d = 4e6 decimal multiply-adds), and the tie rule (equal losses: the lowest start index), which
// must hold for the order in which workers deliver their results too.

const plan = vi.hoisted(() => ({
  /** start index -> its final loss */
  losses: [] as number[],
  hpCalls: [] as {
    rows: number;
    cols: number;
    t: number;
    b: number;
    normalization: string;
    digits: number;
  }[],
}));

vi.mock('../../../src/solver/run.js', () => ({
  runStart: (o: { n: number; d: number; modalities: number }, start: number): StartResult => {
    // every row e_1 in both modalities: the configuration only has to have the right shape
    const configs = Array.from({ length: o.modalities }, () => {
      const x = new Float64Array(o.n * o.d);
      for (let i = 0; i < o.n; i++) x[i * o.d] = 1;
      return x;
    });
    return {
      start,
      seed: start,
      kernel: 'js',
      configs,
      t: 4,
      b: 1,
      loss: plan.losses[start]!,
      gradNorm: 0,
      minPos: 1,
      maxNeg: 1,
      steps: 0,
      stopReason: 'steps',
      polishIterations: 0,
      polishStop: null,
      trajectory: [],
    };
  },
}));

vi.mock('../../../src/loss/hp/sigmoid.js', () => ({
  sigmoidLossHp: (u: Matrix, _v: Matrix, t: number, b: number, normalization: string, digits: number) => {
    plan.hpCalls.push({ rows: u.rows, cols: u.cols, t, b, normalization, digits });
    return { loss: { toString: () => 'decimal stand-in' } };
  },
}));

vi.mock('../../../src/start-worker.js', async () => {
  const { EventEmitter } = await import('node:events');
  const { runStart } = await import('../../../src/solver/run.js');
  return {
    startWorker: (_base: string, _name: string, task: WorkerTask) => {
      const w = new EventEmitter();
      setImmediate(() => {
        for (const start of task.starts) {
          w.emit('message', { type: 'result', result: runStart(task.options, start) });
        }
        w.emit('exit', 0);
      });
      return w;
    },
  };
});

afterEach(() => {
  plan.losses = [];
  plan.hpCalls = [];
});

const SIG = { loss: 'sig', steps: 0, kernel: 'js', threads: 1, kernelThreads: 1 } as const;

describe('the decimal recomputation of an underflowing loss', () => {
  it('is asked for below 1e-290 up to N^2 d = 4e6 (N = 1000, d = 4), at 40 digits, with the final t, b', () => {
    plan.losses = [1e-300];
    const r = solveSync({ ...SIG, n: 1000, d: 4, normalization: 'mean' });
    expect(r.lossHp).toBe('decimal stand-in');
    expect(plan.hpCalls).toEqual([{ rows: 1000, cols: 4, t: 4, b: 1, normalization: 'mean', digits: 40 }]);
  });

  it('is not asked for past the budget: N^2 d = 5e6 (N = 1000, d = 5) and 4,000,004 (N = 2, d = 10^6 + 1)', () => {
    for (const [n, d] of [
      [1000, 5],
      [2, 1_000_001],
    ] as const) {
      plan.losses = [1e-300];
      expect(solveSync({ ...SIG, n, d }).lossHp, `N = ${n}, d = ${d}`).toBeNull();
    }
    expect(plan.hpCalls).toEqual([]);
  });

  it('is not asked for at a loss of 1e-290 itself (the float64 loss holds full precision there)', () => {
    plan.losses = [1e-290];
    expect(solveSync({ ...SIG, n: 3, d: 2 }).lossHp).toBeNull();
    plan.losses = [1e-290 * (1 - Number.EPSILON / 2)];
    expect(solveSync({ ...SIG, n: 3, d: 2 }).lossHp).toBe('decimal stand-in');
    expect(plan.hpCalls.length).toBe(1);
  });
});

describe('the best start', () => {
  // starts 0, 1, 2 over two workers: worker 0 runs 0 and 2, worker 1 runs 1, so the results arrive
  // as 0, 2, 1; starts 1 and 2 tie below start 0
  it('ties go to the lowest start index, in-thread and from workers alike', async () => {
    const o = { ...SIG, n: 3, d: 2, starts: 3 };
    plan.losses = [2, 0.5, 0.5];
    const sync = solveSync(o);
    expect([sync.bestStart, sync.lossValue]).toEqual([1, 0.5]);
    const viaWorkers = await solve({ ...o, threads: 2 });
    expect([viaWorkers.bestStart, viaWorkers.lossValue]).toEqual([1, 0.5]);
    expect(viaWorkers.startLosses).toEqual([2, 0.5, 0.5]);
  });

  it('a strictly lower loss wins whatever its index', async () => {
    plan.losses = [0.5, 0.75, 0.25];
    const r = await solve({ ...SIG, n: 3, d: 2, starts: 3, threads: 2 });
    expect([r.bestStart, r.lossValue]).toEqual([2, 0.25]);
  });
});
