import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SolveOptions, solve, solveSync } from '../../../src/solver/index.js';
import type { WorkerTask } from '../../../src/solver/worker.js';

// The multi-start's bookkeeping of its workers, with the worker replaced by an in-thread stand-in
// that runs the same starts (runStart) and then behaves as told: exits cleanly, exits with an error
// code, exits before posting all its results, or reports an error.

const plan = vi.hoisted(() => ({
  mode: 'ok' as 'ok' | 'code' | 'short' | 'error',
  // Stand-ins still to finish: each test waits for them, so no start runs after its test has ended
  // (under Stryker a solve outside every test would make each solver mutant "static").
  running: [] as Promise<void>[],
}));

vi.mock('../../../src/start-worker.js', async () => {
  const { EventEmitter } = await import('node:events');
  const { runStart } = await import('../../../src/solver/run.js');
  return {
    startWorker: (_base: string, _name: string, task: WorkerTask) => {
      const w = new EventEmitter();
      let done = (): void => {};
      plan.running.push(new Promise<void>((r) => (done = r)));
      setImmediate(() => {
        for (const [i, start] of task.starts.entries()) {
          if (plan.mode === 'short' && i === task.starts.length - 1) break;
          const result = runStart(task.options, start);
          w.emit('message', { type: 'progress', steps: result.steps });
          w.emit('message', { type: 'result', result });
        }
        if (plan.mode === 'error') w.emit('error', new Error('worker failed to load'));
        w.emit('exit', plan.mode === 'code' ? 1 : 0);
        done();
      });
      return w;
    },
  };
});

afterEach(() => {
  plan.mode = 'ok';
  plan.running = [];
});

/** Waits until every stand-in of this test has run its starts. */
const drained = () => Promise.all(plan.running);

const O: SolveOptions = { n: 3, d: 2, steps: 3, starts: 3, threads: 2, seed: 4, kernel: 'js' };

describe('solve: worker results and failures', () => {
  it('clean exits: the in-thread result', async () => {
    expect(JSON.stringify(await solve(O))).toBe(JSON.stringify(solveSync({ ...O, threads: 1 })));
    await drained();
  });

  it('a worker exiting with a non-zero code rejects, naming the code and the starts it returned', async () => {
    plan.mode = 'code';
    await expect(solve(O)).rejects.toThrow('solver worker exited with code 1 after 2/2 starts');
    await drained();
  });

  it('a worker exiting cleanly before posting every result rejects', async () => {
    plan.mode = 'short';
    await expect(solve(O)).rejects.toThrow('solver worker exited with code 0 after 1/2 starts');
    await drained();
  });

  it('a worker error rejects with that error', async () => {
    plan.mode = 'error';
    await expect(solve(O)).rejects.toThrow('worker failed to load');
    await drained();
  });
});
