import { describe, expect, it } from 'vitest';
import { type SolveOptions, solve, solveSync } from '../../../src/solver/index.js';

// The main-thread side of the multi-start (dealing starts to workers, summing their progress,
// collecting results): two worker threads at a tiny size against the in-thread run.

describe('multi-start over worker threads', () => {
  it('deals 5 starts to 2 workers; results, best start and progress equal the in-thread run', async () => {
    // seed 0: the best start is 2 (worker 0), and starts 4, 1, 3 arrive after it with higher losses
    const o: SolveOptions = { n: 4, d: 2, steps: 60, starts: 5, seed: 0, kernel: 'js' };
    const seen: [number, number][] = [];
    const threaded = await solve({ ...o, threads: 2 }, (done, total) => seen.push([done, total]));
    const inline = solveSync({ ...o, threads: 1 });
    expect(JSON.stringify(threaded)).toBe(JSON.stringify(inline));
    expect(threaded.startLosses).toHaveLength(5);
    expect(threaded.lossValue).toBe(Math.min(...threaded.startLosses));
    expect(threaded.bestStart).toBe(2);
    // workers post every 50 steps and at the end of each start: 2 messages per start
    expect(seen).toHaveLength(10);
    for (const [, total] of seen) expect(total).toBe(300);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThan(seen[i - 1]![0]);
    expect(seen.at(-1)![0]).toBe(300);
  });

  it('without a progress callback the workers still report into nothing', async () => {
    const r = await solve({ n: 3, d: 2, steps: 2, starts: 2, threads: 2, seed: 1, kernel: 'js' });
    expect(r.startLosses).toHaveLength(2);
  });
});
