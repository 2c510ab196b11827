import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { runCli } from '../__helpers__/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** n float32 unit rows in dimension d. */
function write(name: string, n: number, d: number, seed: number): string {
  const rng = new Rng(seed);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let q = 0; q < d; q++) {
      const x = rng.normal() + (q === 0 ? 2 : 0);
      data[i * d + q] = x;
      s += x * x;
    }
    for (let q = 0; q < d; q++) data[i * d + q] = data[i * d + q]! / Math.sqrt(s);
  }
  const path = join(dir, name);
  writeFileSync(path, encodeNpy([n, d], data, 'float32'));
  return path;
}

/** One progress line: `sigcheck analyze: done/tasks row blocks (p%), elapsed[, eta ...]`. */
const LINE = /^sigcheck analyze: (\d+)\/(\d+) row blocks \((\d+)%\), \d+(\.\d)? (s|min|h)(, eta .+)?$/;

describe('analyze progress on stderr when it is not a terminal', () => {
  const u = write('U.npy', 1100, 16, 1);
  const v = write('V.npy', 1100, 16, 2);

  for (const format of ['json', 'table'] as const) {
    it(`${format}: --progress always writes plain lines on stderr and leaves stdout byte-identical`, () => {
      const quiet = runCli(['analyze', '--u', u, '--v', v, '--format', format, '--progress', 'never']);
      const loud = runCli(['analyze', '--u', u, '--v', v, '--format', format, '--progress', 'always']);
      const auto = runCli(['analyze', '--u', u, '--v', v, '--format', format]);
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(loud.code, loud.stderr).toBe(0);
      expect(loud.stdout).toBe(quiet.stdout);
      expect(auto.stdout).toBe(quiet.stdout);
      // a short scan says nothing unless asked
      expect(quiet.stderr).toBe('');
      expect(auto.stderr).toBe('');
      const lines = loud.stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) expect(l).toMatch(LINE);
      const last = LINE.exec(lines.at(-1)!)!;
      expect(last[1]).toBe(last[2]);
      expect(last[3]).toBe('100');
      // no terminal control characters in a log
      expect(loud.stderr.includes('\r') || loud.stderr.includes('\u001b')).toBe(false);
    });
  }

  it('auto reports a long scan (4096 x 4096 pairs in d = 512) by lines, at most one per tenth', () => {
    const bu = write('BU.npy', 4096, 512, 3);
    const bv = write('BV.npy', 4096, 512, 4);
    const started = Date.now();
    const r = runCli(['analyze', '--u', bu, '--v', bv, '--format', 'json']);
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(LINE);
    // blocks done only grow, the last line is the whole scan; one line per tenth plus, on a loaded
    // machine, one per 10 s without a new tenth
    const done = lines.map((l) => Number(LINE.exec(l)![1]));
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThan(done[i - 1]!);
    expect(Number(LINE.exec(lines.at(-1)!)![3])).toBe(100);
    expect(lines.length).toBeLessThanOrEqual(10 + Math.ceil(seconds / 10));
    const quiet = runCli(['analyze', '--u', bu, '--v', bv, '--format', 'json', '--progress', 'never']);
    expect(quiet.stdout).toBe(r.stdout);
    expect(quiet.stderr).toBe('');
  });
});
