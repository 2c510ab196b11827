import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBlas } from '../../src/numeric/blas.js';
import { runCli } from '../__helpers__/cli.js';

const sigcheck = (args: readonly string[], env: Record<string, string> = {}) => runCli(args, env);

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-solve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUN = ['solve', '--N', '30', '--d', '6', '--steps', '300'];

describe('sigcheck solve', () => {
  it('same seed writes a byte-identical --out file; another seed a different one', () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const c = join(dir, 'c.json');
    expect(sigcheck([...RUN, '--seed', '5', '--out', a]).code).toBe(0);
    expect(sigcheck([...RUN, '--seed', '5', '--out', b, '--starts', '2']).code).toBe(0);
    expect(sigcheck([...RUN, '--seed', '5', '--out', c, '--starts', '2', '--threads', '1']).code).toBe(0);
    const d = join(dir, 'd.json');
    expect(sigcheck([...RUN, '--seed', '6', '--out', d]).code).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(c));
    const doc = JSON.parse(readFileSync(a, 'utf8'));
    for (const k of [
      'seed',
      'N',
      'd',
      'steps',
      'U',
      'V',
      't',
      'b',
      'bRel',
      'loss',
      'margin',
      'bStar',
      'xi',
      'trajectory',
    ]) {
      expect(doc, k).toHaveProperty(k);
    }
    expect(doc.U).toHaveLength(30);
    expect(doc.V[0]).toHaveLength(6);
    const again = join(dir, 'a2.json');
    sigcheck([...RUN, '--seed', '5', '--out', again]);
    expect(readFileSync(again)).toEqual(readFileSync(a));
    expect(readFileSync(d)).not.toEqual(readFileSync(a));
  });

  it('--format json prints the --out object; `sigcheck loss --config` accepts the file and agrees', () => {
    const f = join(dir, 'e.json');
    const r = sigcheck([...RUN, '--loss', 'sig', '--b0', '3', '--format', 'json', '--out', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(f, 'utf8'));
    const doc = JSON.parse(r.stdout);
    const l = sigcheck([
      'loss',
      '--config',
      f,
      '--t',
      String(doc.t),
      '--b',
      String(doc.b),
      '--format',
      'json',
    ]);
    expect(l.code, l.stderr).toBe(0);
    // the solver's wasm Gram vs the reference loops: per term t gamma(d), 900 terms / N
    expect(Math.abs(JSON.parse(l.stdout).loss - doc.loss)).toBeLessThanOrEqual(1e-12);
  });

  it('--kernel openblas solves on OpenBLAS at any size, or says why it cannot (exit 2, one line)', () => {
    const off = sigcheck(['solve', '--N', '6', '--d', '3', '--steps', '5', '--kernel', 'openblas'], {
      SIGCHECK_BLAS: 'off',
    });
    expect(off.code).toBe(2);
    expect(off.stderr.trim()).toBe(
      'sigcheck: solve: --kernel openblas is unavailable: disabled by SIGCHECK_BLAS=off',
    );
    const on = sigcheck([
      'solve',
      '--N',
      '6',
      '--d',
      '3',
      '--steps',
      '5',
      '--kernel',
      'openblas',
      '--format',
      'json',
    ]);
    if (loadBlas().ok) {
      expect(on.code, on.stderr).toBe(0);
      expect(JSON.parse(on.stdout).kernel).toBe('openblas');
    } else expect(on.code).toBe(2);
  });

  it.each([
    [['--N', '0', '--d', '3'], /--N must be an integer/],
    [['--N', '5', '--d', '0'], /--d must be an integer/],
    [['--N', '5', '--d', '3', '--lr', '-1'], /--lr must be > 0, got -1/],
    [['--N', '5', '--d', '3', '--modalities', '1'], /--modalities/],
    [['--N', '5', '--d', '3', '--t0', 'NaN'], /--t0 must be a finite number/],
    [['--N', '5', '--d', '3', '--b0', 'Infinity'], /--b0 must be a finite number/],
    [['--N', '2000000', '--d', '3'], /8 GiB/],
    [['--N', '5', '--d', '3', '--lock', 'v'], /--lock takes u/],
    [['--N', '5', '--d', '3', '--train', 't,b'], /rb-sig trains b-rel/],
    [['--d', '3'], /--N is required/],
  ])('bad input %j: one line, exit 2', (args, re) => {
    const r = sigcheck(['solve', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
