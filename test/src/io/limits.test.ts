import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import {
  describeValue,
  formatBytes,
  MAX_QUOTE,
  openRegularFile,
  parseByteSize,
  readJsonFile,
  scanJson,
} from '../../../src/io/limits.js';
import { arrayFootprint, readArray } from '../../../src/io/read.js';
import { parseCsv, readCsv } from '../../../src/io/text.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigcheck-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Depth, longest array and value count of a parsed JSON value, by an explicit-stack walk. */
function shapeOf(x: unknown): { depth: number; longestArray: number; values: number } {
  let depth = 0;
  let longest = 0;
  let values = 0;
  const stack: [unknown, number][] = [[x, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v !== null && typeof v === 'object') {
      const kids = Array.isArray(v) ? v : Object.values(v);
      depth = Math.max(depth, d + 1);
      if (Array.isArray(v)) longest = Math.max(longest, v.length);
      values += kids.length;
      for (const k of kids) stack.push([k, d + 1]);
    }
  }
  return { depth, longestArray: longest, values };
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('scanJson', () => {
  it('finds the depth, longest array and value count JSON.parse would build', () => {
    const json = fc.jsonValue({ maxDepth: 6 });
    fc.assert(
      fc.property(json, (v) => {
        const text = JSON.stringify(v);
        expect(scanJson(Buffer.from(text, 'utf8'))).toEqual(shapeOf(JSON.parse(text)));
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });

  it('measures 200,000 levels of nesting without recursion', () => {
    const text = `{"U":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    expect(scanJson(Buffer.from(text)).depth).toBe(200_001);
  });
});

describe('describeValue', () => {
  it('stays within a few dozen characters for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(describeValue(v).length).toBeLessThanOrEqual(MAX_QUOTE + 40);
      }),
      { seed: 20261127, numRuns: 300 },
    );
    const big = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    expect(describeValue(big)).toBe('an object with 200000 keys');
  });
});

describe('file checks', () => {
  it('refuses directories, devices and FIFOs by kind, and names a missing file', () => {
    const sub = join(dir, 'sub.json');
    mkdirSync(sub);
    expect(refusal(() => openRegularFile(sub))).toMatch(/is a directory$/);
    expect(refusal(() => openRegularFile('/dev/zero'))).toMatch(/character device, not a regular file/);
    expect(refusal(() => openRegularFile(join(dir, 'none.json')))).toMatch(/cannot read \(ENOENT\)/);
  });

  it('refuses JSON nested deeper than the limit and JSON above the size limit before parsing', () => {
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, `${'['.repeat(100)}${']'.repeat(100)}`);
    expect(refusal(() => readJsonFile(deep))).toMatch(/nested 100 levels deep/);
    const big = join(dir, 'big.json');
    writeFileSync(big, '[');
    truncateSync(big, 536_870_900);
    expect(refusal(() => readJsonFile(big))).toMatch(/512 MiB is more than the 256 MiB limit/);
  });

  it('refuses a .npy whose header promises more than memory holds, from the header alone', () => {
    const h = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 125000000), }";
    const pad = 64 - ((10 + h.length + 1) % 64);
    const header = `${h}${' '.repeat(pad)}\n`;
    const head = Buffer.alloc(10 + header.length);
    Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
    head.writeUInt16LE(header.length, 8);
    head.write(header, 10, 'latin1');
    const p = join(dir, 'sparse.npy');
    writeFileSync(p, head);
    truncateSync(p, head.length + 1_000_000_000);
    // 2.5e8 float32 values: 1e9 bytes stored plus 2e9 as float64
    expect(arrayFootprint(p)).toEqual({ bytes: 3_000_000_000, shape: [2, 125_000_000] });
    const prev = process.env.SIGCHECK_MAX_MEMORY;
    process.env.SIGCHECK_MAX_MEMORY = '1G';
    try {
      expect(refusal(() => readArray(p))).toMatch(
        /needs 2\.79 GiB, .* available \(memory cap 1\.00 GiB; set SIGCHECK_MAX_MEMORY/,
      );
    } finally {
      if (prev === undefined) delete process.env.SIGCHECK_MAX_MEMORY;
      else process.env.SIGCHECK_MAX_MEMORY = prev;
    }
  });
});

describe('chunked CSV', () => {
  it('reads a file across many 8 MiB chunks to the same values as parsing its text', () => {
    const rows = 400_000;
    const lines = Array.from({ length: rows }, (_, i) => `${i},${-i / 4},${i % 7}e-3`);
    const text = `# comment\n${lines.join('\r\n')}\n`;
    const p = join(dir, 'big.csv');
    writeFileSync(p, text);
    const a = readCsv(p);
    expect(a.shape).toEqual([rows, 3]);
    expect(a.data[3 * 12345 + 1]).toBe(-12345 / 4);
    expect(a.data[3 * (rows - 1) + 2]).toBe(Number(`${(rows - 1) % 7}e-3`));
    const b = parseCsv(text, p).data;
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
  });
});

describe('sizes', () => {
  it('parses and prints byte sizes', () => {
    expect(parseByteSize('4G', 'x')).toBe(4 * 2 ** 30);
    expect(parseByteSize('512M', 'x')).toBe(512 * 2 ** 20);
    expect(parseByteSize('1e9', 'x')).toBe(1e9);
    expect(refusal(() => parseByteSize('lots', 'x'))).toMatch(/expected a size/);
    expect(formatBytes(3_000_000_000)).toBe('2.79 GiB');
  });
});
