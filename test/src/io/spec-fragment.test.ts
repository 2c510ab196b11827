import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { encodeNpy } from '../../../src/io/npy.js';
import { arrayFootprint, readArray } from '../../../src/io/read.js';

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const npy = join(dir, 'a.npy');
writeFileSync(npy, encodeNpy([2, 2], Float64Array.of(1, 0, 0, 1), 'float64'));
const csv = join(dir, 'a.csv');
writeFileSync(csv, '1,0\n0,1\n');
const hashed = join(dir, 'we#ird.npy');
writeFileSync(hashed, encodeNpy([1, 2], Float64Array.of(0.6, 0.8), 'float64'));

describe("a '#name' on a file that holds one array", () => {
  it('.npy#x and .csv#x are refused with one line, by the reader and by the footprint', () => {
    for (const f of [npy, csv]) {
      expect(() => readArray(`${f}#x`)).toThrow(UsageError);
      expect(() => readArray(`${f}#x`)).toThrow(
        /'#x' names a tensor or key, but a \.(npy|csv) file holds one array/,
      );
      expect(() => arrayFootprint(`${f}#x`)).toThrow(UsageError);
    }
    expect(readArray(npy).data).toEqual(Float64Array.of(1, 0, 0, 1));
  });

  it("a file whose name has a '#' is read whole", () => {
    expect(readArray(hashed).data).toEqual(Float64Array.of(0.6, 0.8));
    expect(arrayFootprint(hashed).shape).toEqual([1, 2]);
  });
});
