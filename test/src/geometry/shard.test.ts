import { describe, expect, it } from 'vitest';
import {
  COLLECT_CAP,
  exactResolver,
  finishScan,
  type PairScanOptions,
  SHARD_ROWS,
  scanPairs,
  scanRows,
  shardRows,
} from '../../../src/geometry/pairs.js';
import { decodeShard, encodeShard, parseShard } from '../../../src/geometry/shard.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';

function pairs(n: number, d: number, seed: number): { u: Matrix; v: Matrix } {
  const rng = new Rng(seed);
  const make = (shift: number): Matrix => {
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let q = 0; q < d; q++) {
        const x = rng.normal() + (q === 0 ? shift : 0);
        data[i * d + q] = x;
        s += x * x;
      }
      for (let q = 0; q < d; q++) data[i * d + q] = Math.fround(data[i * d + q]! / Math.sqrt(s));
    }
    return { rows: n, cols: d, data };
  };
  return { u: make(1), v: make(-1) };
}

describe('sharded scans merge to the same result as one pass', () => {
  it('shardRows tiles the rows in order on multiples of SHARD_ROWS, for any count', () => {
    for (const n of [1, 511, 512, 2600, 10_000]) {
      for (const count of [1, 2, 3, 7, 40]) {
        let next = 0;
        for (let i = 0; i < count; i++) {
          const { row0, row1 } = shardRows(n, i, count);
          expect(row0).toBe(next);
          expect(row1).toBeGreaterThanOrEqual(row0);
          if (row1 < n) expect(row1 % SHARD_ROWS).toBe(0);
          next = row1;
        }
        expect(next).toBe(n);
      }
    }
  });

  const { u, v } = pairs(1600, 8, 3);
  const cases: [string, PairScanOptions][] = [
    ['auto kernel, trim and loss', { trim: 0.05, loss: { t: 10, b: -2 } }],
    ['js kernel, trim', { trim: 0.1, kernel: 'js' }],
    ['auto kernel, small collect cap (band pass in the merge)', { trim: 0.05, collectCap: 2048 }],
    [
      'auto kernel on two threads, small collect cap',
      { trim: 0.05, collectCap: 2048, threads: 2, loss: { t: 3, b: 1 } },
    ],
  ];
  for (const [name, options] of cases) {
    it(`${name}: k = 1, 2, 7 shards through their JSON documents equal scanPairs`, () => {
      const single = scanPairs(u, v, options);
      for (const count of [1, 2, 7]) {
        const parts = Array.from({ length: count }, (_, index) => {
          const part = scanRows(u, v, options, shardRows(u.rows, index, count));
          const inputs = { u: 'U', v: 'V', labels: null, normalize: false, trim: 0, t: 0, b: 0, digest: 'x' };
          return decodeShard(encodeShard({ index, count, inputs, part }), `part ${index}`).part;
        });
        const merged = finishScan(parts, options.collectCap ?? COLLECT_CAP, exactResolver(u, v, options));
        // Everything but the count of passes (a merge may make the band pass the single run avoided).
        const strip = (r: typeof single) => JSON.stringify({ ...r, trimmed: { ...r.trimmed, passes: 0 } });
        expect(strip(merged), `k = ${count}`).toBe(strip(single));
      }
    });
  }

  it('a missing shard is refused', () => {
    const options = { trim: 0.05 };
    const parts = [0, 2].map((i) => scanRows(u, v, options, shardRows(u.rows, i, 3)));
    expect(() => finishScan(parts, COLLECT_CAP, exactResolver(u, v, options))).toThrow(/rows .* missing/);
  });

  it('parseShard takes i/k with 1 <= i <= k', () => {
    expect(parseShard('3/7')).toEqual({ index: 2, count: 7 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1/2/3', '-1/2'])
      expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});
