import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutPath } from '../../../src/cli/experiment.js';
import { runCli } from '../../__helpers__/cli.js';
import { UsageError } from '../../../src/errors.js';
import { certifiedMargin, rhoOf, thm34MaxMargin } from '../../../src/experiments/common.js';
import { flatKeys } from '../../../src/documents/experiment.js';
import { formatNumber, renderExperiment } from '../../../src/report/experiment.js';
import { EXPERIMENTS, getExperiment } from '../../../src/experiments/registry.js';
import { runExperiment } from '../../../src/experiments/run.js';
import { mean, sampleSd, stat } from '../../../src/experiments/stats.js';
import type { ExperimentDocument } from '../../../src/experiments/types.js';

/** A minimal RFC 4180 reader (quoted fields with doubled quotes), enough to check our CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('experiment statistics', () => {
  it('mean and sample sd of [1, 2, 3] are 2 and 1 (K - 1 denominator); sd of one value is NaN', () => {
    expect(mean([1, 2, 3])).toBe(2);
    expect(sampleSd([1, 2, 3])).toBe(1);
    expect(sampleSd([5])).toBeNaN();
    expect(stat([3, 1, 2])).toEqual({ mean: 2, sd: 1, min: 1, max: 3, n: 3 });
  });
});

describe('experiment closed forms', () => {
  it('rho(m, b) at the spherical-code point (m, b) = ((1 - a)/2, (1 + a)/2) is a', () => {
    for (const a of [-0.5, 0, 0.3, 0.45]) expect(rhoOf((1 - a) / 2, (1 + a) / 2)).toBeCloseTo(a, 14);
  });
  it('Thm 3.4 bound: min(1 - b, (1 + b)/(3 - 4/N)); the certificate is NaN at L >= ln 2', () => {
    expect(thm34MaxMargin(0, 100)).toBeCloseTo(1 / 2.96, 15);
    expect(thm34MaxMargin(0.9, 100)).toBeCloseTo(0.1, 15);
    expect(certifiedMargin(Math.LN2, 10)).toBeNaN();
    // L = ln(1 + e^{-eta}) inverts to eta exactly (up to rounding of log/expm1)
    const eta = 3;
    expect(certifiedMargin(Math.log1p(Math.exp(-eta)), 2)).toBeCloseTo(eta / 2, 12);
  });
  it('formatNumber keeps 4 significant digits and e-notation below 1e-3', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1.5e-5)).toBe('1.50e-5');
  });
});

describe('experiment registry and bad input', () => {
  it('lists thirteen distinct ids, each stating what it reproduces', () => {
    const ids = EXPERIMENTS.map((e) => e.id);
    expect(new Set(ids).size).toBe(13);
    for (const e of EXPERIMENTS) expect(e.reproduces.length).toBeGreaterThan(10);
  });
  it('an unknown id, a bad --seeds and a bad --threads are UsageErrors naming the value', async () => {
    expect(() => getExperiment('nope')).toThrow(UsageError);
    await expect(runExperiment('nope')).rejects.toThrow(/unknown id 'nope'/);
    await expect(runExperiment('lcs24-infonce', { quick: true, seeds: 0 })).rejects.toThrow(/--seeds.*got 0/);
    await expect(runExperiment('lcs24-infonce', { quick: true, seeds: 1.5 })).rejects.toThrow(UsageError);
    await expect(runExperiment('lcs24-infonce', { quick: true, threads: 0 })).rejects.toThrow(/--threads/);
    await expect(runExperiment('lcs24-infonce', { quick: true, step: 'sgd' as never })).rejects.toThrow(
      /--step must be one of projected-adam, adam, riemannian-adam, got 'sgd'/,
    );
  });
  it('an --out in a missing directory or naming a directory is refused before any work', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-exp-'));
    expect(() => checkOutPath(join(dir, 'missing', 'x.json'))).toThrow(/does not exist or is not writable/);
    expect(() => checkOutPath(dir)).toThrow(/is a directory/);
    expect(() => checkOutPath(join(dir, 'ok.json'))).not.toThrow();
    // a FIFO as --runs would block the read forever, and the rename would replace it
    const fifo = join(dir, 'runs.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(() => checkOutPath(fifo, '--runs')).toThrow(/^experiment: --runs .* is not a regular file/);
  });

  it('a directory as --runs is one line, exit 2, before any work (it was an internal error, EISDIR)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-exp-'));
    const r = runCli(['experiment', 'run', 'bbnp25-basic', '--quick', '--seeds', '1', '--runs', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sigcheck: experiment: --runs .* is a directory\n$/);
  });
});

describe('lcs24-infonce --quick (cheap): determinism and output formats', () => {
  // Each test obtains the seed-7 run itself (computed once, shared by value), so any one of
  // them can run alone or in any order.
  let cached: Promise<ExperimentDocument> | undefined;
  const seed7 = (): Promise<ExperimentDocument> => {
    cached ??= runExperiment('lcs24-infonce', { quick: true, seed: 7, threads: 1 });
    return cached;
  };
  it('same seed gives identical output, in one thread and in two workers', async () => {
    const one = await seed7();
    const two = await runExperiment('lcs24-infonce', { quick: true, seed: 7, threads: 2 });
    expect(renderExperiment(two, 'json')).toBe(renderExperiment(one, 'json'));
    const other = await runExperiment('lcs24-infonce', { quick: true, seed: 8, threads: 1 });
    expect(renderExperiment(other, 'json')).not.toBe(renderExperiment(one, 'json'));
  });
  it('JSON parses back with every column key in every row; CSV has one header and equal-width rows', async () => {
    const one = await seed7();
    const doc = JSON.parse(renderExperiment(one, 'json')) as ExperimentDocument;
    const keys = flatKeys(doc.columns);
    expect(doc.rows).toHaveLength(9);
    for (const r of doc.rows) for (const k of keys) expect(r).toHaveProperty(k);
    const csv = parseCsv(renderExperiment(one, 'csv'));
    expect(csv[0]).toEqual(keys);
    expect(csv).toHaveLength(1 + doc.rows.length);
    for (const r of csv) expect(r).toHaveLength(keys.length);
    expect(Number(csv[1]![keys.indexOf('s')])).toBeCloseTo(1, 12);
  });
  it('InfoNCE optimum is the simplex ETF at every quick grid point (|s - 1| below 1e-9)', async () => {
    const one = await seed7();
    // The polish stops at a Riemannian gradient norm of 1e-10 at a strict minimum; observed
    // deviations are ~1e-16, so 1e-9 fails only if the ETF is not reached.
    expect(one.summary['max |s - 1| (over all runs)']).toBeLessThan(1e-9);
  });
});
