import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { expectUsageError, runCli } from '../__helpers__/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-shard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 1100 float32 unit pairs in d = 128 with a modality gap (enough work for the fast kernels with a loss: 2^27). */
function write(name: string, shift: number, seed: number): string {
  const n = 1100;
  const d = 128;
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
const U = write('U.npy', 2, 1);
const V = write('V.npy', -2, 2);

describe('analyze --shard i/k and analyze merge', () => {
  for (const [format, counts] of [
    ['json', [1, 2, 3]],
    ['table', [2]],
  ] as const) {
    it(`${format}: merging k = ${counts.join(', ')} shards prints the same bytes as one run`, () => {
      const single = runCli(['analyze', '--u', U, '--v', V, '--format', format]);
      expect(single.code, single.stderr).toBe(0);
      for (const k of counts) {
        const files: string[] = [];
        for (let i = 1; i <= k; i++) {
          const out = join(dir, `${format}-k${k}-part${i}.json`);
          const r = runCli(['analyze', '--u', U, '--v', V, '--shard', `${i}/${k}`, '--out', out]);
          expect(r.code, r.stderr).toBe(0);
          files.push(out);
        }
        const merged = runCli(['analyze', 'merge', ...files, '--format', format]);
        expect(merged.code, merged.stderr).toBe(0);
        expect(merged.stdout, `k = ${k}`).toBe(single.stdout);
      }
    });
  }

  it('a missing shard is one usage line, exit 2', () => {
    const parts = readdirSync(dir)
      .filter((f) => f.startsWith('json-k3-part') && !f.includes('part2'))
      .map((f) => join(dir, f));
    expect(parts.length).toBe(2);
    expectUsageError(['analyze', 'merge', ...parts], /shard 2\/3 is missing/);
  });

  it('the kernel line says which kernel ran and why (OpenBLAS disabled: wasm)', () => {
    const r = runCli(['analyze', '--u', U, '--v', V, '--format', 'json'], { SIGCHECK_BLAS: 'off' });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.kernel.name).toBe('wasm');
    expect(out.kernel.reason).toMatch(/OpenBLAS not used: disabled by SIGCHECK_BLAS=off/);
    const t = runCli(['analyze', '--u', U, '--v', V], { SIGCHECK_BLAS: 'off' });
    expect(t.stdout).toMatch(/kernel\s.*wasm \(OpenBLAS not used: disabled by SIGCHECK_BLAS=off\)/);
  });

  it('the decided quantities do not depend on the kernel', () => {
    const pick = (env: Record<string, string>, kernel: string) => {
      const r = runCli(['analyze', '--u', U, '--v', V, '--format', 'json', '--kernel', kernel], env);
      expect(r.code, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout);
      return [o.mStar, o.bStar, o.minPos, o.maxNeg, o.retrieval, o.mTrimmed, o.bTrimmed, o.kernel.name];
    };
    const js = pick({}, 'js');
    const wasm = pick({ SIGCHECK_BLAS: 'off' }, 'auto');
    expect(wasm.slice(0, -1)).toEqual(js.slice(0, -1));
    expect(wasm.at(-1)).toBe('wasm');
    const blas = runCli(['analyze', '--u', U, '--v', V, '--format', 'json', '--kernel', 'openblas']);
    if (blas.code === 0) expect(pick({}, 'openblas').slice(0, -1)).toEqual(js.slice(0, -1));
    else expect(blas.stderr).toMatch(/^sigcheck: .*openblas kernel is not available/);
  });
});
