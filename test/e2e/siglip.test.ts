import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectUsageError, runCli } from '../__helpers__/cli.js';

const GATES = 'test/fixtures/siglip/gates';
const CKPT = 'test/fixtures/siglip/checkpoints';
const REQS = [
  '--require',
  'margin>=0.05',
  '--require',
  'retrieval>=0.99',
  '--require',
  'constellation',
  '--require',
  'gap',
];

describe('sigcheck siglip', () => {
  it('at d = 10^6 the default Monte Carlo takes the 100 draws the work cap allows; asking for more is one line, exit 2', () => {
    const r = runCli(['siglip', '--batch', '1000000', '--d', '1000000', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // 2e8 normal deviates / (2 d) = 100 draws
    expect(j.monteCarlo.samples).toBe(100);
    const mc = j.monteCarlo;
    // the estimate sits within 5 standard errors of the exact expectation
    expect(Math.abs(mc.mean['per-anchor'] - j.initialLoss.expected['per-anchor'])).toBeLessThan(
      5 * mc.standardError['per-anchor'],
    );
    expectUsageError(
      ['siglip', '--batch', '1000000', '--d', '1000000', '--mc-samples', '101'],
      /--mc-samples 101 at d = 1000000 is more than the 100 draws/,
    );
  });

  it('JSON names matchThreshold and initLogitBias; SigLIP 2 from an HF-named checkpoint warns at the clamp', () => {
    const r = runCli([
      'siglip',
      '--checkpoint',
      `${CKPT}/hf-siglip.safetensors`,
      '--batch',
      '32768',
      '--similarity',
      '0.1,0.11',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const ls = Math.fround(Math.log(117.8));
    const lb = Math.fround(-12.9);
    expect(j.matchThreshold).toBe(-lb / Math.exp(ls));
    expect(j.initLogitBias).toBe(-Math.log(32767));
    expect(j.similarities.map((s: { side: string }) => s.side)).toEqual(['no-match', 'match']);
    expect(j.warnings.join(' ')).toMatch(/open_clip clamps/);
    expect(j.source).toMatch(/logit_scale = ln t/);
  });
  it('refuses bad input with one line and exit 2', () => {
    expectUsageError(['siglip', '--batch', '1000', '--devices', '3'], /dividing/);
    expectUsageError(['siglip', '--similarity', '1.5'], /\[-1, 1\]/);
    expectUsageError(['siglip', '--b-rel', '0.1'], /needs --t/);
    expectUsageError(['siglip', '--checkpoint', `${CKPT}/clip-no-bias.safetensors`], /no logit_bias/);
    expectUsageError(['siglip', '--checkpoint', `${CKPT}/hf-siglip.safetensors`, '--t', '3'], /--checkpoint/);
  });
});

describe('analyze gates and checkpoints', () => {
  it('small margin: exit 1, one line for the one failed requirement; JUnit has four cases, one failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-gates-'));
    const junit = join(dir, 'r.xml');
    const r = runCli([
      'analyze',
      '--u',
      `${GATES}/small-margin.U.npy`,
      '--v',
      `${GATES}/small-margin.V.npy`,
      ...REQS,
      '--junit',
      junit,
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^requirement failed: margin>=0\.05: .* = 0\.0299/),
    ]);
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml).toContain('failures="1"');
  });
  it('large margin: exit 0, nothing on stderr; --format junit prints the XML', () => {
    const r = runCli([
      'analyze',
      '--u',
      `${GATES}/large-margin.U.npy`,
      '--v',
      `${GATES}/large-margin.V.npy`,
      ...REQS,
      '--format',
      'junit',
      '--checkpoint',
      `${CKPT}/open-clip-init.safetensors`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout).toContain('tests="4" failures="0"');
  });
  it('bad requirement syntax exits 2; plan reads a checkpoint and states the convention', () => {
    expectUsageError(
      [
        'analyze',
        '--u',
        `${GATES}/large-margin.U.npy`,
        '--v',
        `${GATES}/large-margin.V.npy`,
        '--require',
        'margin=>0.05',
      ],
      /--require/,
    );
    expectUsageError(
      [
        'analyze',
        '--u',
        `${GATES}/large-margin.U.npy`,
        '--v',
        `${GATES}/large-margin.V.npy`,
        '--format',
        'junit',
      ],
      /need at least one --require/,
    );
    const r = runCli([
      'plan',
      '--N',
      '1000',
      '--d',
      '768',
      '--checkpoint',
      `${CKPT}/open-clip-ddp-bf16.safetensors`,
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.t).toBe(Math.exp(4.59375));
    expect(j.b).toBe(16.5);
    expect(j.warnings[0]).toMatch(/module\.logit_scale = ln t/);
  });
});

describe('sigcheck siglip --prior at its corners (mpmath fixture)', () => {
  // scripts/oracles/siglip_prior_corners.py: ln(pi / (1 - pi)) on the typed decimal, and the calibrated bias
  const fixture = JSON.parse(readFileSync('test/fixtures/siglip/prior-corners.json', 'utf8')) as {
    priors: { prior: string; logitBias: string }[];
    calibrated: { prior: string; d: number; t: number; calibratedLogitBias: string }[];
  };
  it('the logit of a prior typed near 1 is that of the decimal, not of its double (within 4 ulps)', () => {
    for (const p of fixture.priors) {
      const r = runCli(['siglip', '--prior', p.prior, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout).initBias.logitBias as number;
      const want = Number(p.logitBias);
      expect(Math.abs(got - want), `${p.prior}: ${got} vs ${want}`).toBeLessThanOrEqual(
        4 * 2 ** -52 * Math.abs(want),
      );
    }
  });
  it('the calibrated bias near 1 (by the symmetry s -> -s), and a subnormal prior is refused', () => {
    for (const c of fixture.calibrated) {
      const r = runCli([
        'siglip',
        '--prior',
        c.prior,
        '--d',
        String(c.d),
        '--t',
        String(c.t),
        '--b',
        '0',
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout).initBias.calibratedLogitBias as number;
      // the bisection stops at float64 spacing; the quadrature is within ~1e-14 relative
      expect(Math.abs(got - Number(c.calibratedLogitBias)), `${got}`).toBeLessThanOrEqual(1e-12);
    }
    expectUsageError(['siglip', '--prior', '5e-324'], /--prior must be at least 2.2250738585072014e-308/);
  });
});
