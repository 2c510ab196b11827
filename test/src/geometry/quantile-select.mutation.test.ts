import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectRanks } from '../../../src/geometry/quantile.js';
import { Rng } from '../../../src/numeric/float/rng.js';

// selectRanks is an introselect: linear work on ordinary inputs, and a depth budget after which a
// segment that keeps partitioning badly is sorted (the only place it calls `subarray`). Both
// halves of that contract are checked: ordinary inputs never reach the sort, and organ-pipe inputs
// (a median-of-three killer: each pivot is near one end of its segment) do, with every wanted
// rank still holding the value a full sort puts there.

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs selectRanks on a copy of x; returns how often it sorted a segment and the wanted ranks it got wrong. */
function select(x: Float64Array, ranks: number[]): { sorts: number; wrong: number[] } {
  const y = Float64Array.from(x);
  const sorted = Float64Array.from(x).sort();
  const sub = vi.spyOn(Float64Array.prototype, 'subarray');
  selectRanks(y, ranks);
  const sorts = sub.mock.calls.length;
  sub.mockRestore();
  return { sorts, wrong: ranks.filter((r) => y[r] !== sorted[r]) };
}

const n = 20001;
const quartiles = [n >> 2, n >> 1, (3 * n) >> 2];

describe('selectRanks on ordinary inputs: no segment is sorted', () => {
  const rng = new Rng(17);
  const inputs: [string, Float64Array][] = [
    ['random', Float64Array.from({ length: n }, () => rng.normal())],
    ['sorted', Float64Array.from({ length: n }, (_, i) => i)],
    ['reversed', Float64Array.from({ length: n }, (_, i) => n - i)],
    ['constant', new Float64Array(n).fill(0.25)],
    ['three values', Float64Array.from({ length: n }, () => Math.floor(3 * rng.uniform()) - 1)],
  ];
  for (const [name, x] of inputs) {
    it(`${name}, ${n} values: the median and the quartiles`, () => {
      expect(select(x, [n >> 1])).toEqual({ sorts: 0, wrong: [] });
      expect(select(x, quartiles)).toEqual({ sorts: 0, wrong: [] });
    });
  }
});

describe('selectRanks on organ pipes: the depth budget sorts the bad segments', () => {
  const pipes = (m: number): [string, Float64Array][] => [
    [`0, 1, .., ${m >> 1}, .., 1, 0`, Float64Array.from({ length: m }, (_, i) => Math.min(i, m - 1 - i))],
    [
      `even up, odd down (${m})`,
      Float64Array.from({ length: m }, (_, i) => (i < m / 2 ? 2 * i : 2 * (m - i) - 1)),
    ],
  ];
  for (const [name, x] of [...pipes(n), ...pipes(4096)]) {
    it(`${name}: every rank, and the quartiles`, () => {
      const m = x.length;
      const all = select(
        x,
        Array.from({ length: m }, (_, i) => i),
      );
      expect(all.wrong).toEqual([]);
      expect(all.sorts).toBeGreaterThan(0);
      expect(select(x, [m >> 2, m >> 1, (3 * m) >> 2]).wrong).toEqual([]);
    });
  }
  it(`the median of the first pipe of ${n} values reaches the sort too`, () => {
    const x = pipes(n)[0]![1];
    const r = select(x, [n >> 1]);
    expect(r.wrong).toEqual([]);
    expect(r.sorts).toBeGreaterThan(0);
  });
});
