import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScanPart } from '../../../src/geometry/pairs.js';
import { decodeShard, encodeShard, inputDigest, type ShardInputs } from '../../../src/geometry/shard.js';

// Shard documents and digests of arrays that are views into larger buffers (byteOffset > 0):
// only the view's own bytes count.

const INPUTS: ShardInputs = {
  u: 'U',
  v: 'V',
  labels: null,
  normalize: true,
  trim: 0.1,
  t: 1,
  b: 0,
  digest: 'x',
};

/** A view of `xs` at offset 1 in a larger buffer whose other entries are garbage. */
function view(xs: number[]): Float64Array {
  const big = Float64Array.from([123.5, ...xs, -77]);
  return big.subarray(1, 1 + xs.length);
}

describe('views into larger buffers', () => {
  it('a part whose arrays are views round-trips to the views values', () => {
    const posBig = Int32Array.of(9, 0, 1, 9);
    const part: ScanPart = {
      n: 2,
      k: 3,
      d: 4,
      row0: 0,
      row1: 2,
      kernel: 'openblas',
      kernelReason: 'asked',
      trim: 0.1,
      loss: null,
      pos: posBig.subarray(1, 3),
      rowPos: view([0.5, 0.25]),
      rowNegMax: view([-0.5, 0.125]),
      colNegMax: view([0.125, -1, 0.75]),
      taskSums: view([1, 2, 3, 4]),
      minNeg: -0.875,
      eps: 2 ** -20,
      wlo: -0.5,
      whi: 0.5,
      belowWindow: 1,
      inWindow: 2,
      klo: -0.25,
      khi: 0.5,
      inKept: 2,
      kept: view([0.375, 0.25]),
      keptIdx: view([5, 1]),
      hlo: -1,
      hscale: 8,
      hist: view([0, 2, 0]),
    };
    const back = decodeShard(encodeShard({ index: 0, count: 1, inputs: INPUTS, part }), 'f').part;
    expect(back).toEqual({
      ...part,
      pos: Int32Array.of(0, 1),
      rowPos: Float64Array.of(0.5, 0.25),
      rowNegMax: Float64Array.of(-0.5, 0.125),
      colNegMax: Float64Array.of(0.125, -1, 0.75),
      taskSums: Float64Array.of(1, 2, 3, 4),
      kept: Float64Array.of(0.375, 0.25),
      keptIdx: Float64Array.of(5, 1),
      hist: Float64Array.of(0, 2, 0),
    });
  });

  it('inputDigest of views equals the digest of copies (sha256 of the shapes and the viewed bytes)', () => {
    const u = { rows: 1, cols: 2, data: view([1, 0.5]) };
    const v = { rows: 2, cols: 2, data: view([0, 1, -1, 0.25]) };
    const h = createHash('sha256').update('1x2;2x2;');
    h.update(Buffer.from(Float64Array.of(1, 0.5).buffer)).update(
      Buffer.from(Float64Array.of(0, 1, -1, 0.25).buffer),
    );
    expect(inputDigest(u, v, undefined)).toBe(h.digest('hex'));
  });
});
