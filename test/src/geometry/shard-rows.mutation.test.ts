import { describe, expect, it } from 'vitest';
import { SHARD_ROWS, shardRows } from '../../../src/geometry/pairs.js';

// shardRows without a scan, for the scan file sets of the mutation run (shard.test.ts checks the
// same tiling but also runs 1000-row scans). The rule: the ceil(n / 512) units of 512 rows are
// dealt out in order, shard i taking units floor(units i / k) .. floor(units (i + 1) / k), the last
// one clipped at n. Each expected row is worked out by hand from that rule.

describe('shardRows: units of SHARD_ROWS rows dealt out in order', () => {
  it('tables worked out by hand', () => {
    expect(SHARD_ROWS).toBe(512);
    // 530 rows: 2 units; 2 shards take one each, the second clipped at 530
    expect([0, 1].map((i) => shardRows(530, i, 2))).toEqual([
      { row0: 0, row1: 512 },
      { row0: 512, row1: 530 },
    ]);
    // 1 row, 3 shards: floor(1/3) = floor(2/3) = 0, so only the last shard holds the unit
    expect([0, 1, 2].map((i) => shardRows(1, i, 3))).toEqual([
      { row0: 0, row1: 0 },
      { row0: 0, row1: 0 },
      { row0: 0, row1: 1 },
    ]);
    // 1536 rows = 3 units, 2 shards: floor(3/2) = 1 unit, then 2
    expect([0, 1].map((i) => shardRows(1536, i, 2))).toEqual([
      { row0: 0, row1: 512 },
      { row0: 512, row1: 1536 },
    ]);
    // 2000 rows: ceil(2000/512) = 4 units, 3 shards: units 0..1, 1..2, 2..4 (the last ends at 2000)
    expect([0, 1, 2].map((i) => shardRows(2000, i, 3))).toEqual([
      { row0: 0, row1: 512 },
      { row0: 512, row1: 1024 },
      { row0: 1024, row1: 2000 },
    ]);
    // one shard takes everything
    expect(shardRows(2000, 0, 1)).toEqual({ row0: 0, row1: 2000 });
  });
});
