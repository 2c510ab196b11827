import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { runCli } from '../__helpers__/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-shard-big-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 4096 float32 unit rows in d = 512 with a modality gap: N K d = 2^33 (two scan threads), (N + K) d = 2^22 (the separator takes sgemm rows). */
function write(name: string, shift: number, seed: number): string {
  const n = 4096;
  const d = 512;
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const x = rng.normal() + (q === 0 ? shift : 0);
      data[i * d + q] = x;
      s += x * x;
    }
    for (let q = 0; q < d; q++) data[i * d + q] = data[i * d + q]! / Math.sqrt(s);
  }
  const path = join(dir, name);
  writeFileSync(path, encodeNpy([n, d], data, 'float32'));
  return path;
}

describe('analyze merge on a big input (separator beside the scan, OpenBLAS held at one thread)', () => {
  const U = write('U.npy', 2, 1);
  const V = write('V.npy', -2, 2);
  it('merging k = 1, 3 shards prints the same bytes as one run', () => {
    const single = runCli(['analyze', '--u', U, '--v', V, '--format', 'json']);
    expect(single.code, single.stderr).toBe(0);
    for (const k of [1, 3]) {
      const files: string[] = [];
      for (let i = 1; i <= k; i++) {
        const out = join(dir, `k${k}-part${i}.json`);
        const r = runCli(['analyze', '--u', U, '--v', V, '--shard', `${i}/${k}`, '--out', out]);
        expect(r.code, r.stderr).toBe(0);
        files.push(out);
      }
      const merged = runCli(['analyze', 'merge', ...files, '--format', 'json']);
      expect(merged.code, merged.stderr).toBe(0);
      expect(merged.stdout, `k = ${k}`).toBe(single.stdout);
    }
  });
});
