import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { code } from '../../constructions/codes.js';
import { oneCoordinate } from '../../constructions/construction-1.js';
import { toRows } from '../../src/numeric/float/vectors.js';
import { runCli } from '../__helpers__/cli.js';

async function run(args: string[]): Promise<string> {
  const r = runCli(['constellation', ...args]);
  if (r.code !== 0) throw new Error(r.stderr.trim());
  return r.stdout;
}

function configFile(u: number[][], v: number[][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-constellation-'));
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify({ U: u, V: v }));
  return path;
}

describe('sigcheck constellation', () => {
  it('reports m*, b*, membership, xi and the separator for a one-coordinate construction (json)', async () => {
    // cross-polytope of R^3, delta^2 = 1/2: G_ii = 0, max G_ij = -1/2 (by hand), m* = 1/4, b* = -1/4
    const { u, v } = oneCoordinate(code('cross-polytope', 3).x, Math.SQRT1_2);
    const path = configFile(toRows(u), toRows(v));
    const r = JSON.parse(await run(['--config', path, '--m', '0.2', '--b-rel', '-0.25', '--format', 'json']));
    expect(r.mStar).toBeCloseTo(0.25, 14);
    expect(r.bStar).toBeCloseTo(-0.25, 14);
    expect(r.test.isConstellation).toBe(true);
    expect(r.xi).toBeLessThan(1e-12);
    expect(r.separator.found).toBe(true);
    expect(r.separator.separated).toBe(6);
  });

  it('the simplex U = V with N = d + 1 has no separator (sum U_i = 0)', async () => {
    const x = code('simplex', 4).x;
    const path = configFile(toRows(x), toRows(x));
    const r = JSON.parse(await run(['--config', path, '--format', 'json']));
    expect(r.separator.found).toBe(false);
    expect(r.separator.theorem36Applies).toBe(false);
  });

  it('prints a table by default and refuses --m outside [0, 1]', async () => {
    const x = code('simplex', 3).x;
    const path = configFile(toRows(x), toRows(x));
    expect(await run(['--config', path])).toContain('m* = (min pos - max neg)/2');
    const bad = runCli(['constellation', '--config', path, '--m', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/--m must be in \[0, 1\]/)]);
  });
});
