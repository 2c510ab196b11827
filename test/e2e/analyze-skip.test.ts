import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { randomPairs } from '../src/geometry/reference.js';
import { expectUsageError, repoRoot, runCli } from '../__helpers__/cli.js';

const FIX = join(repoRoot, 'test/fixtures/embeddings');
const U = join(FIX, 'cross7.U.f32.npy');
const V = join(FIX, 'cross7.V.f32.npy');

/** Each skippable measure and the document keys it owns. */
const OWNED: Record<string, string[]> = {
  loss: ['loss'],
  trimmed: ['mTrimmed', 'bTrimmed'],
  gap: ['gap'],
  xi: ['xi', 'xiCov'],
};

function analyze(args: string[], env: Record<string, string> = {}) {
  const r = runCli(['analyze', '--format', 'json', ...args], env);
  expect(r.code, r.stderr).toBe(0);
  return { doc: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
}

describe('analyze --skip leaves out the measures it names, and nothing else changes', () => {
  const full = analyze(['--u', U, '--v', V]).doc;

  for (const names of [
    ['loss'],
    ['trimmed'],
    ['gap'],
    ['xi'],
    ['xi', 'loss'],
    ['loss', 'trimmed', 'gap', 'xi'],
  ]) {
    it(`--skip ${names.join(',')}`, () => {
      const { doc } = analyze(['--u', U, '--v', V, '--skip', names.join(',')]);
      const gone = names.flatMap((n) => OWNED[n]!);
      for (const key of gone) expect(doc, key).not.toHaveProperty(key);
      // listed in the fixed order loss, trimmed, gap, xi, whatever order they were given in
      expect(doc.skipped).toEqual(['loss', 'trimmed', 'gap', 'xi'].filter((n) => names.includes(n)));
      const { skipped: _s, ...rest } = doc;
      const expected = Object.fromEntries(Object.entries(full).filter(([key]) => !gone.includes(key)));
      expect(rest).toEqual(expected);
    });
  }

  it('--skip repeats: --skip loss --skip xi leaves out both', () => {
    const { doc } = analyze(['--u', U, '--v', V, '--skip', 'loss', '--skip', 'xi']);
    expect(doc.skipped).toEqual(['loss', 'xi']);
  });

  it('analyze merge --skip gap,xi: the merged shards without those, the rest as one run with the same --skip', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-skip-merge-'));
    try {
      const parts = [1, 2].map((i) => {
        const out = join(dir, `part${i}.json`);
        const r = runCli(['analyze', '--u', U, '--v', V, '--shard', `${i}/2`, '--out', out]);
        expect(r.code, r.stderr).toBe(0);
        return out;
      });
      const merged = analyze(['merge', ...parts, '--skip', 'gap,xi']).doc;
      const single = analyze(['--u', U, '--v', V, '--skip', 'gap,xi']).doc;
      expect(merged).toEqual(single);
      expect(merged).not.toHaveProperty('gap');
      expect(merged).toHaveProperty('loss');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the table says which rows were left out', () => {
    const r = runCli(['analyze', '--u', U, '--v', V, '--skip', 'loss,gap']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('left out (--skip loss)');
    expect(r.stdout).toContain('left out (--skip gap)');
    expect(r.stdout).not.toContain('left out (--skip xi)');
    expect(r.stdout).toContain('m* (exact)');
  });
});

describe('analyze --skip does not do the work it leaves out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-skip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // big enough for the pilot window of the trimmed quantile (at least 10,000 negatives)
  const { u, v } = randomPairs(300, 8, 11);
  const put = (name: string, m: typeof u) => {
    const f = join(dir, name);
    writeFileSync(f, encodeNpy([m.rows, m.cols], m.data));
    return f;
  };
  const uf = put('U.npy', u);
  const vf = put('V.npy', v);
  const phases = (skip: string[]) =>
    analyze(['--u', uf, '--v', vf, ...(skip.length > 0 ? ['--skip', skip.join(',')] : [])], {
      SIGCHECK_TIMINGS: '1',
    }).stderr;

  // the scan leaving out the loss and the trimmed quantile: test/src/documents/analysis-run.test.ts
  it('the phase timings of the full run name the separator and xi; --skip drops them', () => {
    const all = phases([]);
    for (const phase of ['separator:', 'xi and xiCov:']) expect(all).toContain(phase);
    const none = phases(['trimmed', 'gap', 'xi']);
    for (const phase of ['separator:', 'xi and xiCov:', 'pilot window:', 'trimmed quantile'])
      expect(none).not.toContain(phase);
  });
});

describe('analyze --skip: bad combinations are one usage line, exit 2', () => {
  it('an unknown measure', () => {
    expectUsageError(['analyze', '--u', U, '--v', V, '--skip', 'loss,margin'], /--skip takes .*got 'margin'/);
  });
  it('an empty name', () => {
    expectUsageError(['analyze', '--u', U, '--v', V, '--skip', 'loss,'], /--skip takes .*got ''/);
  });
  for (const [req, skip] of [
    ['loss<=1', 'loss'],
    ['margin-trimmed>=0', 'trimmed'],
    ['gap', 'gap'],
    ['xi<=2', 'xi,loss'],
  ] as const) {
    it(`--require ${req} with --skip ${skip}`, () => {
      expectUsageError(
        ['analyze', '--u', U, '--v', V, '--require', req, '--skip', skip],
        new RegExp(
          `--require ${req.replace(/[<>=]/g, '.')} needs the .* measure, which --skip ${skip} leaves out`,
        ),
      );
    });
  }
  it('--skip on a shard (a shard keeps every measure for the merge)', () => {
    expectUsageError(
      ['analyze', '--u', U, '--v', V, '--shard', '1/2', '--skip', 'xi'],
      /--shard: --skip does not apply/,
    );
  });
  it('a requirement on a measure that is kept still passes or fails as before', () => {
    const r = runCli([
      'analyze',
      '--u',
      U,
      '--v',
      V,
      '--require',
      'margin>=0',
      '--skip',
      'loss,gap,xi,trimmed',
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
});
