import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sigmoidLoss } from '../../src/loss/sigmoid.js';
import { softplus } from '../../src/numeric/float/softplus.js';
import { expectUsageError, runCli } from '../__helpers__/cli.js';

const fixture = (name: string) => `test/fixtures/configs/${name}`;

describe('sigcheck verify (end to end)', () => {
  it('--format json on the foundation claims: holds for the claims, refuted for the variants, exit 0', () => {
    const ids = [
      'ccem-inner-products',
      'ccem-inner-products/wrong-c2',
      'ccem-key-inequality',
      'ccem-key-inequality/wrong-coefficient',
    ];
    const r = runCli(['verify', '--format', 'json', ...ids.flatMap((id) => ['--claim', id])]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.seed).toBe(42);
    expect(out.claims.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['ccem-inner-products', 'holds'],
      ['ccem-inner-products/wrong-c2', 'refuted'],
      ['ccem-key-inequality', 'holds'],
      ['ccem-key-inequality/wrong-coefficient', 'refuted'],
    ]);
    expect(out.summary).toEqual({ holds: 2, refuted: 2, error: 0, unexpected: 0 });
    for (const c of out.claims) {
      for (const key of ['id', 'source', 'status', 'expected', 'cases', 'evidence', 'counterexample', 'ms']) {
        expect(c, key).toHaveProperty(key);
      }
    }
    expect(out.claims[1].counterexample.replay).toMatch(/--seed 42 --path/);
  });

  it('the same seed with --no-timings gives byte-identical output; the seed is settable by env', () => {
    const args = ['verify', '--claim', 'ccem-key-inequality', '--format', 'json', '--no-timings'];
    const a = runCli([...args, '--seed', '7']);
    const b = runCli(args, { SIGCHECK_SEED: '7' });
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).seed).toBe(7);
  });

  it('junit output is one testsuite with a testcase per claim', () => {
    const r = runCli(['verify', '--claim', 'ccem-inner-products', '--format', 'junit']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(1);
    expect(r.stdout).toMatch(/<property name="seed" value="42"\/>/);
  });

  it('--out writes the report file atomically and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-'));
    const out = join(dir, 'verify.json');
    writeFileSync(out, 'old');
    const r = runCli(['verify', '--claim', 'ccem-inner-products', '--format', 'json', '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).claims).toHaveLength(1);
  });

  it('replaying a counterexample by its printed command reproduces it', () => {
    const first = JSON.parse(
      runCli(['verify', '--claim', 'ccem-inner-products/wrong-c2', '--format', 'json']).stdout,
    );
    const replay: string = first.claims[0].counterexample.replay;
    const args = replay.replace(/^sigcheck /, '').split(' ');
    const again = JSON.parse(runCli([...args, '--format', 'json']).stdout);
    expect(again.claims[0].counterexample.input).toEqual(first.claims[0].counterexample.input);
  });

  it('bad flags: unknown claim, bad seed, bad format, bad runs, --path with two claims give exit 2', () => {
    expectUsageError(['verify', '--claim', 'no-such-claim'], /unknown claim 'no-such-claim'/);
    expectUsageError(['verify', '--seed', 'abc'], /--seed must be/);
    expectUsageError(['verify', '--format', 'xml'], /--format must be one of/);
    expectUsageError(['verify', '--runs', '0'], /--runs must be an integer/);
    expectUsageError(['verify', '--path', '0'], /name exactly one --claim/);
    expectUsageError(['verify', '--bogus'], /unknown option/);
  });
});

describe('sigcheck list', () => {
  it('lists every claim id with its expected verdict', () => {
    const r = runCli(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    const ids = JSON.parse(r.stdout).map((c: { id: string }) => c.id);
    expect(ids).toContain('ccem-inner-products');
    expect(ids).toContain('ccem-key-inequality/wrong-coefficient');
  });
});

describe('sigcheck loss (end to end)', () => {
  it('per-anchor by default; value equals the by-hand sum of softplus terms', () => {
    const r = runCli([
      'loss',
      '--config',
      fixture('three-pairs.json'),
      '--t',
      '2',
      '--b',
      '0.5',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // G for three-pairs.json by hand: rows U = (.6,.8), (.8,-.6), (-1,0); V = (.6,.8), (0,1), (-.6,-.8)
    const U = [
      [0.6, 0.8],
      [0.8, -0.6],
      [-1, 0],
    ];
    const V = [
      [0.6, 0.8],
      [0, 1],
      [-0.6, -0.8],
    ];
    let sum = 0;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const g = U[i]![0]! * V[j]![0]! + U[i]![1]! * V[j]![1]!;
        sum += i === j ? softplus(-(2 * g - 0.5)) : softplus(2 * g - 0.5);
      }
    }
    expect(out.normalization).toBe('per-anchor');
    expect(Math.abs(out.loss - sum / 3)).toBeLessThanOrEqual(16 * 2 ** -52 * sum);
    expect(out).not.toHaveProperty('grad');
  });

  it('--grad prints gradients for U, V, t, b; the SigLIP flags give t = exp(scale), b = -bias', () => {
    const r = runCli([
      'loss',
      '--config',
      fixture('three-pairs.json'),
      '--logit-scale',
      String(Math.log(10)),
      '--logit-bias',
      '-10',
      '--normalization',
      'sum',
      '--grad',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.t).toBeCloseTo(10, 12);
    expect(out.b).toBe(10);
    expect(out.grad.U).toHaveLength(3);
    expect(out.grad.V[0]).toHaveLength(2);
    expect(typeof out.grad.t).toBe('number');
    expect(typeof out.grad.b).toBe('number');
    const u = { rows: 3, cols: 2, data: new Float64Array([0.6, 0.8, 0.8, -0.6, -1, 0]) };
    const v = { rows: 3, cols: 2, data: new Float64Array([0.6, 0.8, 0, 1, -0.6, -0.8]) };
    const ref = sigmoidLoss(u, v, { t: out.t, b: 10, normalization: 'sum', grad: true });
    expect(out.grad.b).toBe(ref.db);
  });

  it('a solve-style file with extra keys is accepted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-'));
    const f = join(dir, 'run.json');
    writeFileSync(
      f,
      JSON.stringify({
        seed: 1,
        U: [
          [1, 0],
          [0, 1],
        ],
        V: [
          [1, 0],
          [0, 1],
        ],
        t: 3,
        trajectory: [],
      }),
    );
    expect(runCli(['loss', '--config', f]).code).toBe(0);
  });

  it('bad configs give one clear line and exit 2', () => {
    expectUsageError(['loss', '--config', fixture('malformed.json')], /malformed JSON/);
    expectUsageError(['loss', '--config', fixture('ragged.json')], /ragged rows/);
    expectUsageError(['loss', '--config', fixture('nan.json')], /NaN or Infinity/);
    expectUsageError(['loss', '--config', fixture('non-unit.json')], /norm 2, not 1.*--normalize/);
    expectUsageError(['loss', '--config', fixture('single-pair.json')], /N >= 2/);
    expectUsageError(['loss', '--config', fixture('mismatch.json')], /U has 2 rows but V has 1/);
    expectUsageError(['loss', '--config', fixture('zero-row.json'), '--normalize'], /zero vector/);
    expectUsageError(['loss', '--config', 'no/such/file.json'], /cannot read/);
    expectUsageError(['loss', '--config', fixture('three-pairs.json'), '--t', '0'], /--t must be > 0/);
    expectUsageError(
      ['loss', '--config', fixture('three-pairs.json'), '--t', 'NaN'],
      /--t must be a finite number/,
    );
    expectUsageError(
      ['loss', '--config', fixture('three-pairs.json'), '--t', '1', '--logit-bias', '2'],
      /not both/,
    );
    expectUsageError(['loss'], /required option/);
  });

  it('--normalize rescales non-unit rows instead of refusing them', () => {
    const r = runCli(['loss', '--config', fixture('non-unit.json'), '--normalize', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(Number.isFinite(JSON.parse(r.stdout).loss)).toBe(true);
  });
});
