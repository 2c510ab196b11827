import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../../src/io/npy.js';
import { readMatrix } from '../../../src/io/read.js';
import { float32Twin, markFinal } from '../../../src/numeric/blas.js';

// A float32 .npy is read onto shared memory and its stored data serves as the exact float32 copy
// sgemm and helper threads read: no second copy of the values, the same values as the float64 data.

describe('float32 .npy data as the float32 copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-twin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const values = Float64Array.from({ length: 5 * 3 }, (_, e) => Math.fround(Math.sin(e + 1) / 3));

  it('the copy is a view of the file buffer (shared), holding the float64 values exactly', () => {
    const path = join(dir, 'u32.npy');
    writeNpy(path, [5, 3], values, 'float32');
    const m = readMatrix(path);
    const twin = float32Twin(m.data);
    expect(twin).not.toBeNull();
    expect(twin!.buffer).toBeInstanceOf(SharedArrayBuffer);
    // the whole file is the buffer: header, then the data the copy views
    expect(twin!.buffer.byteLength).toBe(statSync(path).size);
    expect(twin!.byteOffset).toBe(statSync(path).size - 4 * values.length);
    expect(Array.from(twin!)).toEqual(Array.from(m.data));
  });

  it('after the float64 data changed, a fresh exact copy (or null) replaces it', () => {
    const path = join(dir, 'v32.npy');
    writeNpy(path, [5, 3], values, 'float32');
    const m = readMatrix(path);
    const first = float32Twin(m.data)!;
    m.data[4] = Math.fround(0.75);
    const second = float32Twin(m.data)!;
    expect(second).not.toBe(first);
    expect(second[4]).toBe(0.75);
    m.data[2] = 0.1; // not a float32 value
    expect(float32Twin(m.data)).toBeNull();
  });

  it('markFinal: the copy is checked once more, then trusted (a later change is not seen)', () => {
    const path = join(dir, 'w32.npy');
    writeNpy(path, [5, 3], values, 'float32');
    const m = readMatrix(path);
    const first = float32Twin(m.data)!;
    // changed before the first use after markFinal: that use still checks, and makes a new copy
    m.data[4] = Math.fround(0.75);
    markFinal(m.data);
    const second = float32Twin(m.data)!;
    expect(second).not.toBe(first);
    expect(second[4]).toBe(0.75);
    // after it, the kept copy is returned without comparing: the owner promised no change
    m.data[4] = Math.fround(0.5);
    expect(float32Twin(m.data)).toBe(second);
    expect(second[4]).toBe(0.75);
    // marking again asks for one more check (a fresh copy here), and a kept copy that passes it
    // is trusted too
    markFinal(m.data);
    const third = float32Twin(m.data)!;
    expect(third[4]).toBe(0.5);
    markFinal(m.data);
    expect(float32Twin(m.data)).toBe(third);
    m.data[4] = Math.fround(0.25);
    expect(float32Twin(m.data)).toBe(third);
  });

  it('float64 files get no file view (a float32 copy is made when the values allow)', () => {
    const path = join(dir, 'u64.npy');
    writeNpy(path, [5, 3], values, 'float64');
    const twin = float32Twin(readMatrix(path).data);
    expect(twin!.buffer.byteLength).toBe(4 * values.length);
  });
});
