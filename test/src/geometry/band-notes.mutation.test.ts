import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bucketIn,
  type Calls,
  CUTS,
  type Cut,
  type Grid,
  gridWith,
  K0,
  negativesOf,
  resolverOf,
  partOf,
  X,
} from './band-parts.js';

// The trimmed quantile's notes (SIGCHECK_TIMINGS=1): the sizes behind the band's timing, each
// counted here from the grid of band-parts.ts. The variable is read when timings.js loads, so
// pairs.js is loaded after setting it; this file uses `vi`, so it runs in a worker of its own.
process.env.SIGCHECK_TIMINGS = '1';
const { finishScan } = await import('../../../src/geometry/pairs.js');
delete process.env.SIGCHECK_TIMINGS;

afterEach(() => {
  vi.restoreAllMocks();
});

/** finishScan over the cuts; the lines it wrote to stderr. */
function notes(g: Grid, cuts: readonly Cut[], whole?: { klo?: number; khi?: number }): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    lines.push(String(s));
    return true;
  });
  const calls: Calls = { log: [], dots: [] };
  const resolver = resolverOf(g, calls, whole === undefined ? {} : { whole });
  finishScan(
    cuts.map((c) => partOf(g, c)),
    2 ** 23,
    resolver,
  );
  vi.restoreAllMocks();
  return lines;
}

describe('the trimmed quantile notes: window, kept window and band sizes', () => {
  const g = gridWith(X(2.25));
  const negs = negativesOf(g);
  const within = (lo: number, hi: number) => negs.filter((q) => q.x >= lo && q.x < hi).length;
  // the band: buckets K0 - 19 .. K0 + 19 (band-parts.ts); the inner band K0 - 12 .. K0 + 12
  const inBuckets = (a: number, b: number) =>
    negs.filter((q) => bucketIn(g, q.x) >= K0 + a && bucketIn(g, q.x) <= K0 + b).length;

  it('the parts keep the band: their window and kept window, then the inner band settles it', () => {
    const lines = notes(g, CUTS);
    expect([within(0, 0.9), inBuckets(-19, 19), inBuckets(-12, 12)]).toEqual([17, 8, 4]);
    expect(lines[0]).toBe(
      'sigcheck timings: trimmed quantile: 17 of 20 negatives in the window [0, 0.9), 17 in the kept window [0, 0.9), 8 in the band\n',
    );
    expect(lines[1]).toBe('sigcheck timings: trimmed quantile: settled by the 4 entries of the inner band\n');
    expect(lines[2]).toMatch(
      /^sigcheck timings: trimmed quantile band: wall \d+\.\d{3} s, cpu \d+\.\d{3} s\n$/,
    );
    expect(lines.length).toBe(3);
  });

  it('a window that misses the band: the histogram pass has no kept window; a whole pass has', () => {
    const missed: Cut[] = [
      { row0: 0, row1: 3, wlo: 0, whi: 0.5 },
      { row0: 3, row1: 5, wlo: 0, whi: 0.5 },
    ];
    expect(within(0, 0.5)).toBe(11);
    expect(notes(g, missed)[0]).toBe(
      'sigcheck timings: trimmed quantile: 11 of 20 negatives in the window [0, 0.5), 0 in the kept window [-Infinity, Infinity) of the histogram pass, 8 in the band\n',
    );
    expect(notes(g, missed, {})[0]).toBe(
      'sigcheck timings: trimmed quantile: 11 of 20 negatives in the window [0, 0.5), 20 in the kept window [-Infinity, Infinity) of the histogram pass, 8 in the band\n',
    );
  });
});
