import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { encodeNpy, parseNpy } from '../../../src/io/npy.js';
import { readArray, readLabels, readMatrix } from '../../../src/io/read.js';
import { encodeSafetensors, parseSafetensors } from '../../../src/io/safetensors.js';
import { parseCsv, parseJsonArray } from '../../../src/io/text.js';

/** Asserts `f` throws a UsageError whose message is one line, names `name` and matches `re`. */
function refuses(f: () => unknown, name: string, re: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a UsageError matching ${re}`).toBeInstanceOf(UsageError);
  const msg = (err as Error).message;
  expect(msg.includes('\n'), `one line: ${msg}`).toBe(false);
  expect(msg, `names the source: ${msg}`).toContain(name);
  expect(msg).toMatch(re);
}

function npyWithHeader(header: string, data: Buffer, version = 1): Buffer {
  const h = Buffer.from(`${header}\n`, 'latin1');
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const len = Buffer.alloc(version === 1 ? 2 : 4);
  if (version === 1) len.writeUInt16LE(h.length);
  else len.writeUInt32LE(h.length);
  return Buffer.concat([pre, len, h, data]);
}

describe('.npy: every malformed input is one clear line', () => {
  const good = encodeNpy([2, 3], [1, 2, 3, 4, 5, 6], 'float32');
  it('accepts the good file', () => {
    expect(Array.from(parseNpy(good, 'g.npy').data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('truncated data', () =>
    refuses(() => parseNpy(good.subarray(0, good.length - 3), 't.npy'), 't.npy', /truncated data/));
  it('truncated header', () =>
    refuses(() => parseNpy(good.subarray(0, 20), 'h.npy'), 'h.npy', /truncated .npy header/));
  it('trailing bytes', () =>
    refuses(() => parseNpy(Buffer.concat([good, Buffer.alloc(4)]), 'x.npy'), 'x.npy', /unexpected bytes/));
  it('bad magic', () =>
    refuses(() => parseNpy(Buffer.from('PK\x03\x04 not numpy'), 'm.npy'), 'm.npy', /bad magic/));
  it('unsupported dtype (complex, object, unicode)', () => {
    for (const d of ['<c8', '|O', '<U3', '|b1']) {
      const f = npyWithHeader(`{'descr': '${d}', 'fortran_order': False, 'shape': (1,), }`, Buffer.alloc(8));
      refuses(() => parseNpy(f, 'd.npy'), 'd.npy', /unsupported dtype/);
    }
  });
  it('bad header (missing key, bad shape, unknown version)', () => {
    refuses(
      () => parseNpy(npyWithHeader(`{'descr': '<f8', 'shape': (1,), }`, Buffer.alloc(8)), 'b.npy'),
      'b.npy',
      /bad .npy header/,
    );
    refuses(
      () =>
        parseNpy(
          npyWithHeader(`{'descr': '<f8', 'fortran_order': False, 'shape': (a, 2), }`, Buffer.alloc(8)),
          'b.npy',
        ),
      'b.npy',
      /bad shape/,
    );
    const v9 = Buffer.from(good);
    v9[6] = 9;
    refuses(() => parseNpy(v9, 'v.npy'), 'v.npy', /unsupported .npy format version 9/);
  });
  it('NaN and Infinity name the row and column', () => {
    refuses(
      () => parseNpy(encodeNpy([2, 2], [1, 2, Number.NaN, 4]), 'n.npy'),
      'n.npy',
      /NaN at row 1, column 0/,
    );
    refuses(
      () => parseNpy(encodeNpy([2, 2], [1, Number.POSITIVE_INFINITY, 3, 4]), 'i.npy'),
      'i.npy',
      /Infinity at row 0/,
    );
  });
  it('sizes that would not fit in memory', () => {
    const f = npyWithHeader(
      `{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }`,
      Buffer.alloc(8),
    );
    refuses(() => parseNpy(f, 'big.npy'), 'big.npy', /8 GiB/);
  });
  it('shape not 2-D for a configuration; 2-D for labels', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-io-'));
    try {
      writeFileSync(join(dir, 'v.npy'), encodeNpy([4], [1, 2, 3, 4]));
      writeFileSync(join(dir, 'm.npy'), encodeNpy([2, 2], [1, 2, 3, 4]));
      writeFileSync(join(dir, 'f.npy'), encodeNpy([3], [0, 1.5, 2]));
      refuses(() => readMatrix(join(dir, 'v.npy')), 'v.npy', /expected a 2-D array/);
      refuses(() => readLabels(join(dir, 'm.npy')), 'm.npy', /labels must be 1-D/);
      refuses(() => readLabels(join(dir, 'f.npy')), 'f.npy', /label 1.5 at element 1/);
      refuses(() => readArray(join(dir, 'nothere.npy')), 'nothere.npy', /cannot read \(ENOENT\)/);
      refuses(() => readArray(join(dir, 'x.txt')), 'x.txt', /unknown file type/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('safetensors', () => {
  it('reads F32/F64 by name, F16 and BF16 by hand-made bytes', () => {
    const buf = encodeSafetensors({
      U: { shape: [1, 2], data: [0.5, -1], dtype: 'F32' },
      V: { shape: [1, 2], data: [0.1, 2], dtype: 'F64' },
    });
    expect(Array.from(parseSafetensors(buf, 's', 'U').data)).toEqual([0.5, -1]);
    expect(Array.from(parseSafetensors(buf, 's', 'V').data)).toEqual([0.1, 2]);
    // F16: 0x3c00 = 1, 0xc000 = -2, 0x0001 = 2^-24 (subnormal); BF16: 0x3f80 = 1, 0xbfc0 = -1.5.
    const mk = (dtype: string, words: number[]) => {
      const text = JSON.stringify({
        T: { dtype, shape: [words.length], data_offsets: [0, words.length * 2] },
      });
      const b = Buffer.alloc(8 + text.length + words.length * 2);
      b.writeBigUInt64LE(BigInt(text.length));
      b.write(text, 8);
      words.forEach((w, i) => {
        b.writeUInt16LE(w, 8 + text.length + 2 * i);
      });
      return b;
    };
    expect(Array.from(parseSafetensors(mk('F16', [0x3c00, 0xc000, 0x0001]), 'h').data)).toEqual([
      1,
      -2,
      2 ** -24,
    ]);
    expect(Array.from(parseSafetensors(mk('BF16', [0x3f80, 0xbfc0]), 'h').data)).toEqual([1, -1.5]);
    refuses(() => parseSafetensors(mk('F16', [0x7e00]), 'nan.st'), 'nan.st', /NaN at element 0/);
  });
  it('validates header size, JSON, dtype, offsets, truncation, overlap, tensor names', () => {
    const text = (h: unknown) => {
      const t = JSON.stringify(h);
      const b = Buffer.alloc(8 + t.length + 16);
      b.writeBigUInt64LE(BigInt(t.length));
      b.write(t, 8);
      return b;
    };
    const huge = Buffer.alloc(16);
    huge.writeBigUInt64LE(1n << 40n);
    refuses(() => parseSafetensors(huge, 'a.st'), 'a.st', /bad safetensors header size/);
    refuses(() => parseSafetensors(Buffer.alloc(3), 'a.st'), 'a.st', /truncated safetensors/);
    const bad = Buffer.alloc(12);
    bad.writeBigUInt64LE(4n);
    bad.write('{{{{', 8);
    refuses(() => parseSafetensors(bad, 'a.st'), 'a.st', /not valid JSON/);
    refuses(
      () => parseSafetensors(text({ T: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }), 'a.st'),
      'a.st',
      /unsupported dtype/,
    );
    refuses(
      () => parseSafetensors(text({ T: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }), 'a.st'),
      'a.st',
      /do not match shape/,
    );
    refuses(
      () => parseSafetensors(text({ T: { dtype: 'F32', shape: [8], data_offsets: [0, 32] } }), 'a.st'),
      'a.st',
      /truncated data/,
    );
    refuses(
      () =>
        parseSafetensors(
          text({
            A: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            B: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          }),
          'a.st',
          'A',
        ),
      'a.st',
      /overlap/,
    );
    refuses(
      () =>
        parseSafetensors(
          text({
            A: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
            B: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
          }),
          'a.st',
        ),
      'a.st',
      /several tensors.*has: A, B/,
    );
  });
});

describe('.npy int64: a value is refused only when no double holds it', () => {
  const int64 = (values: bigint[]): Buffer => {
    const data = Buffer.alloc(8 * values.length);
    for (const [k, v] of values.entries()) data.writeBigInt64LE(v, 8 * k);
    return npyWithHeader(`{'descr': '<i8', 'fortran_order': False, 'shape': (${values.length},), }`, data);
  };
  it('10^18 and -2^62 are doubles; 2^53 + 1 is not', () => {
    // 10^18 = 2^18 5^18 with 5^18 < 2^53
    expect(Array.from(parseNpy(int64([10n ** 18n, -(2n ** 62n)]), 'i.npy').data)).toEqual([1e18, -(2 ** 62)]);
    refuses(() => parseNpy(int64([1n, 2n ** 53n + 1n]), 'i.npy'), 'i.npy', /9007199254740993 at element 1/);
  });
});

describe('JSON and CSV', () => {
  it('JSON { U, V } by key; non-numbers and ragged rows refused', () => {
    const t = JSON.stringify({
      U: [
        [1, 0],
        [0, 1],
      ],
      V: [
        [0, 1],
        [1, 0],
      ],
    });
    expect(Array.from(parseJsonArray(t, 'p.json', 'V').data)).toEqual([0, 1, 1, 0]);
    refuses(
      () => parseJsonArray('{"U": [[1, 0], [0]]}', 'p.json', 'U'),
      'p.json',
      /row 1 has 1 values, expected 2/,
    );
    refuses(() => parseJsonArray('{"U": [[1, "x"]]}', 'p.json', 'U'), 'p.json', /"x" at row 0, column 1/);
    refuses(() => parseJsonArray('{"U": [[1]]}', 'p.json', 'V'), 'p.json', /no key 'V'/);
    refuses(() => parseJsonArray('{"U": [[1]', 'p.json', 'U'), 'p.json', /invalid JSON/);
  });
  it('CSV rows are vectors; comments and blank lines skipped; nan refused', () => {
    const a = parseCsv('# header\n1, 2\n\n3,4\n', 'c.csv');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4]);
    refuses(() => parseCsv('1,2\n3\n', 'c.csv'), 'c.csv', /line 2 has 1 values/);
    refuses(() => parseCsv('1,nan\n', 'c.csv'), 'c.csv', /'nan' at line 1, column 1/);
    // Number() reads these as 16, 3 and 7; a CSV number is decimal
    refuses(() => parseCsv('1,0x10\n', 'c.csv'), 'c.csv', /'0x10' at line 1, column 1/);
    refuses(() => parseCsv('0b11,1\n', 'c.csv'), 'c.csv', /'0b11' at line 1, column 0/);
    refuses(() => parseCsv('1,0o7\n', 'c.csv'), 'c.csv', /'0o7' at line 1, column 1/);
    // decimal forms numpy.savetxt and spreadsheets write stay accepted, to the nearest double
    const ok = parseCsv('+1.5e1,-.25\n1.,2E-3\n0.1000000000000000055511151231257827,-0\n', 'c.csv').data;
    expect(Array.from(ok)).toEqual([15, -0.25, 1, 0.002, 0.1, -0]);
  });
});
