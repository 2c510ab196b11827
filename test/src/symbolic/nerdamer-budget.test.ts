import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nerdamerEval, runWithCpuBudget, threadCpuMs } from '../../../src/symbolic/nerdamer.js';

// Where Linux reports a thread's CPU time, the budget counts CPU, not wall time: a worker that
// waits (as it would on a machine whose cores are busy elsewhere) is not stopped, a worker that
// spins is.
const linux = existsSync('/proc/thread-self/stat');

describe('the nerdamer worker budget', () => {
  it.runIf(linux)('a worker that waits 1.5 s of wall time on a 300 ms CPU budget finishes', async () => {
    const r = await runWithCpuBudget(
      "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500); return ['done'];",
      {},
      300,
    );
    expect(r).toMatchObject({ status: 'ok', values: ['done'] });
    expect(r.ms).toBeGreaterThanOrEqual(1400);
    expect(r.ms).toBeLessThan(60_000);
  });

  it('a worker that spins is stopped once it has used the budget', async () => {
    const r = await runWithCpuBudget('for (;;) {}', {}, 300);
    expect(r.status).toBe('timeout');
  });

  it('values and errors come back', async () => {
    expect(
      await runWithCpuBudget(
        "return [String(workerData.x + 1), typeof require('node:fs')];",
        { x: 41 },
        5000,
      ),
    ).toMatchObject({
      status: 'ok',
      values: ['42', 'object'],
    });
    expect(await runWithCpuBudget("throw new Error('no')", {}, 5000)).toMatchObject({
      status: 'error',
      message: 'no',
    });
  });

  it.runIf(linux)('threadCpuMs reads this thread and refuses a thread that does not exist', () => {
    const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
    // spin until the thread's CPU time has grown by 100 ms (10 s of wall time at most): it must
    // grow, and by no more than the wall time that passed (plus a 10 ms tick)
    const before = threadCpuMs(tid)!;
    let x = 0;
    let spent = 0;
    const t0 = performance.now();
    while (spent < 100 && performance.now() - t0 < 10_000) {
      for (let q = 0; q < 1e5; q++) x += Math.sqrt(x + q);
      spent = threadCpuMs(tid)! - before;
    }
    const wall = performance.now() - t0;
    expect(x).toBeGreaterThan(0);
    expect(spent).toBeGreaterThanOrEqual(100);
    expect(spent).toBeLessThanOrEqual(wall + 20);
    expect(threadCpuMs(2 ** 30)).toBeNull();
  });

  it('nerdamer: a derivative by the string API', async () => {
    const r = await nerdamerEval(['diff(x^3, x)']);
    expect(r).toMatchObject({ status: 'ok', values: ['3*x^2'] });
  });
});
