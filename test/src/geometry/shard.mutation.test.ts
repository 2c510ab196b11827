import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  COLLECT_CAP,
  exactResolver,
  finishScan,
  type PairScanOptions,
  type ScanPart,
  scanPairs,
  scanRows,
  shardRows,
} from '../../../src/geometry/pairs.js';
import {
  decodeShard,
  encodeShard,
  inputDigest,
  parseShard,
  SHARD_FORMAT,
  SHARD_KEPT_MAX,
  type ShardInputs,
} from '../../../src/geometry/shard.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { fromRows, randomUnitRows } from '../../../src/numeric/float/vectors.js';

// Shard documents at small sizes (the merge equals one pass; every decoding refusal), the fast
// companion of shard.test.ts for the mutation run.

const INPUTS: ShardInputs = {
  u: 'U',
  v: 'V',
  labels: null,
  normalize: false,
  trim: 0,
  t: 0,
  b: 0,
  digest: 'x',
};

function part(more: Partial<ScanPart> = {}): ScanPart {
  return {
    n: 2,
    k: 3,
    d: 4,
    row0: 0,
    row1: 2,
    kernel: 'js',
    kernelReason: 'asked',
    trim: 0.25,
    loss: { t: 2, b: -1 },
    pos: Int32Array.of(0, 1),
    rowPos: Float64Array.of(0.5, 0.25),
    rowNegMax: Float64Array.of(-0.5, Number.NEGATIVE_INFINITY),
    colNegMax: Float64Array.of(0.125, Number.NEGATIVE_INFINITY, -1),
    taskSums: Float64Array.of(1, 2, 3, 4),
    minNeg: Number.POSITIVE_INFINITY,
    eps: 0,
    wlo: Number.NEGATIVE_INFINITY,
    whi: Number.POSITIVE_INFINITY,
    belowWindow: 3,
    inWindow: 1,
    klo: Number.NEGATIVE_INFINITY,
    khi: Number.POSITIVE_INFINITY,
    inKept: 1,
    kept: Float64Array.of(0.375),
    keptIdx: Float64Array.of(5),
    hlo: -1,
    hscale: 8,
    hist: Float64Array.of(0, 1, 0),
    ...more,
  };
}

const doc = (p: ScanPart = part()) =>
  JSON.parse(encodeShard({ index: 1, count: 3, inputs: INPUTS, part: p }));
const refused = (text: string) => {
  try {
    decodeShard(text, 'f.json');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('shard documents', () => {
  it('round trip: every field, infinities and the 1-based shard index', () => {
    const p = part();
    const text = encodeShard({ index: 1, count: 3, inputs: INPUTS, part: p });
    expect(text.endsWith('}\n')).toBe(true);
    const j = JSON.parse(text);
    expect([j.format, j.version, j.shard]).toEqual([SHARD_FORMAT, 1, { index: 2, count: 3 }]);
    expect([j.part.minNeg, j.part.wlo, j.part.whi]).toEqual(['Infinity', '-Infinity', 'Infinity']);
    const back = decodeShard(text, 'f.json');
    expect([back.index, back.count, back.keptDropped]).toEqual([1, 3, false]);
    expect(back.inputs).toEqual(INPUTS);
    expect(back.part).toEqual(p);
    // trim null and a finite window survive too
    const q = part({ trim: null, loss: null, minNeg: -0.75, wlo: -0.5, whi: 0.5 });
    expect(decodeShard(encodeShard({ index: 0, count: 1, inputs: INPUTS, part: q }), 'g').part).toEqual(q);
  });

  it('a kept window narrower than the window survives; a document without one kept the whole window', () => {
    const q = part({ wlo: -0.5, whi: 0.5, klo: -0.25, khi: 0.375, inWindow: 4, inKept: 1 });
    const j = doc(q);
    expect([j.part.klo, j.part.khi, j.part.inKept]).toEqual([-0.25, 0.375, 1]);
    expect(decodeShard(JSON.stringify(j), 'g').part).toEqual(q);
    delete j.part.klo;
    delete j.part.khi;
    delete j.part.inKept;
    const old = decodeShard(JSON.stringify(j), 'h').part;
    expect([old.klo, old.khi, old.inKept]).toEqual([-0.5, 0.5, 4]);
  });

  it('drops the window entries beyond SHARD_KEPT_MAX and says so', () => {
    const at = (m: number) =>
      decodeShard(
        encodeShard({
          index: 0,
          count: 1,
          inputs: INPUTS,
          part: part({ kept: new Float64Array(m), keptIdx: new Float64Array(m) }),
        }),
        'f',
      );
    const full = at(SHARD_KEPT_MAX);
    expect([full.keptDropped, full.part.kept.length, full.part.keptIdx.length]).toEqual([
      false,
      SHARD_KEPT_MAX,
      SHARD_KEPT_MAX,
    ]);
    const over = at(SHARD_KEPT_MAX + 1);
    expect([over.keptDropped, over.part.kept.length, over.part.keptIdx.length]).toEqual([true, 0, 0]);
  });

  it('refuses what encodeShard did not write, naming the file', () => {
    expect(refused('{')).toBe('f.json: not JSON');
    expect(refused(JSON.stringify({ ...doc(), format: 'other' }))).toMatch(
      /^f.json: not a sigcheck analyze shard/,
    );
    expect(refused(JSON.stringify({ ...doc(), version: 2 }))).toMatch(
      /^f.json: not a sigcheck analyze shard/,
    );
    const d = doc();
    expect(refused(JSON.stringify({ ...d, part: null }))).toBe('f.json: shard document without part');
    expect(refused(JSON.stringify({ ...d, part: 3 }))).toBe('f.json: shard document without part');
    expect(refused(JSON.stringify({ ...d, shard: null }))).toBe('f.json: shard document without part');
    expect(refused(JSON.stringify({ ...d, shard: 3 }))).toBe('f.json: shard document without part');
    for (const bad of [-1, 1.5, '2', 2 ** 53]) {
      expect(refused(JSON.stringify({ ...d, part: { ...d.part, row1: bad } }))).toBe(
        'f.json: part.row1 must be a non-negative integer',
      );
    }
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, wlo: 'inf' } }))).toBe(
      'f.json: expected a number, got "inf"',
    );
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, rowPos: 7 } }))).toBe(
      'f.json rowPos: missing array',
    );
    // every array names itself in the refusal
    for (const key of ['pos', 'rowPos', 'rowNegMax', 'colNegMax', 'taskSums', 'kept', 'keptIdx', 'hist']) {
      expect(refused(JSON.stringify({ ...d, part: { ...d.part, [key]: 7 } }))).toBe(
        `f.json ${key}: missing array`,
      );
    }
    const bytes = (n: number) => deflateRawSync(new Uint8Array(n)).toString('base64');
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, rowPos: bytes(12) } }))).toBe(
      'f.json rowPos: corrupt array',
    );
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, pos: bytes(6) } }))).toBe(
      'f.json pos: corrupt array',
    );
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, hist: 'not deflate' } }))).toBe(
      'f.json hist: corrupt array',
    );
    // lengths against the rows and the columns
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, row1: 3 } }))).toMatch(
      /^f.json: array lengths do not match rows 0 .. 2$/,
    );
    expect(refused(JSON.stringify({ ...d, part: { ...d.part, k: 2 } }))).toMatch(/array lengths/);
    const shortPos = doc(part({ pos: Int32Array.of(0) }));
    expect(refused(JSON.stringify(shortPos))).toMatch(/array lengths/);
    const shortRowPos = doc(part({ rowPos: Float64Array.of(0.5) }));
    expect(refused(JSON.stringify(shortRowPos))).toMatch(/array lengths/);
  });

  it('the format tag on disk is sigcheck-analyze-shard (documents written before stay readable)', () => {
    const text = encodeShard({ index: 0, count: 1, inputs: INPUTS, part: part() });
    expect(text.startsWith('{"format":"sigcheck-analyze-shard","version":1,')).toBe(true);
    const j = JSON.parse(text);
    j.format = 'sigcheck-analyze-shard';
    expect(decodeShard(JSON.stringify(j), 'f').part).toEqual(part());
  });

  it('parseShard: i/k with 1 <= i <= k, 0-based index out', () => {
    expect(parseShard('1/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 3/3 ')).toEqual({ index: 2, count: 3 });
    expect(parseShard('12/40')).toEqual({ index: 11, count: 40 });
    expect(parseShard('7/9007199254740991')).toEqual({ index: 6, count: 2 ** 53 - 1 });
    for (const bad of [
      '0/3',
      '4/3',
      '1/0',
      'a/b',
      '1/2/3',
      '-1/2',
      '1/2x',
      'x1/2',
      '99999999999999999/99999999999999999',
      // i safe, k beyond 2^53 - 1 (it would round)
      '1/9007199254740993',
    ]) {
      expect(() => parseShard(bad), bad).toThrow(/^--shard must be i\/k with 1 <= i <= k/);
    }
  });

  it('inputDigest is sha256 of the shapes, the float64 bytes and the labels', () => {
    const u = fromRows([
      [1, 0],
      [0.5, -0.25],
    ]);
    const v = fromRows([
      [0, 1],
      [1, 0],
      [-1, 0],
    ]);
    const h = createHash('sha256').update('2x2;3x2;');
    h.update(Buffer.from(u.data.buffer)).update(Buffer.from(v.data.buffer));
    expect(inputDigest(u, v, undefined)).toBe(h.digest('hex'));
    const hl = createHash('sha256').update('2x2;3x2;');
    hl.update(Buffer.from(u.data.buffer))
      .update(Buffer.from(v.data.buffer))
      .update(Buffer.from(Float64Array.of(2, 0).buffer));
    expect(inputDigest(u, v, [2, 0])).toBe(hl.digest('hex'));
  });
});

describe('a small sharded scan merges to one pass', () => {
  const rng = new Rng(5);
  const u = randomUnitRows(530, 3, rng.fork('u'));
  const v = randomUnitRows(530, 3, rng.fork('v'));
  const cases: [string, PairScanOptions][] = [
    ['js, trim and loss', { trim: 0.1, kernel: 'js', loss: { t: 4, b: 1 } }],
    ['js, small collect cap', { trim: 0.05, kernel: 'js', collectCap: 512 }],
  ];
  it.each(cases)('%s: 2 shards through their JSON documents equal scanPairs', (_name, options) => {
    const single = scanPairs(u, v, options);
    expect(shardRows(530, 0, 2)).toEqual({ row0: 0, row1: 512 });
    expect(shardRows(530, 1, 2)).toEqual({ row0: 512, row1: 530 });
    const parts = [0, 1].map((index) => {
      const p = scanRows(u, v, options, shardRows(u.rows, index, 2));
      return decodeShard(encodeShard({ index, count: 2, inputs: INPUTS, part: p }), `part ${index}`).part;
    });
    const merged = finishScan(parts, options.collectCap ?? COLLECT_CAP, exactResolver(u, v, options));
    const strip = (r: typeof single) => JSON.stringify({ ...r, trimmed: { ...r.trimmed, passes: 0 } });
    expect(strip(merged)).toBe(strip(single));
  });
});
