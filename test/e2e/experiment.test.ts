import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectUsageError, runCli } from '../__helpers__/cli.js';

const sigcheck = (args: readonly string[]) => runCli(args);

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-experiment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDS = [
  'lcs24-phase',
  'lcs24-infonce',
  'bbnp25-bias-vs-rb',
  'bbnp25-fixed-brel',
  'bbnp25-locked',
  'bbnp25-k-modal',
  'bbnp25-fixed-t',
  'gap-vs-brel',
  'retrieval-vs-eps',
  'xi-decay',
];

describe('sigcheck experiment', () => {
  it('list --format json names every experiment with what it reproduces', () => {
    const r = sigcheck(['experiment', 'list', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; reproduces: string }[];
    expect(list.map((e) => e.id)).toEqual(IDS);
  });

  it('every experiment runs --quick (the CI run): exit 0, a valid JSON file, the table on stdout', () => {
    for (const id of IDS) {
      const out = join(dir, `${id}.json`);
      const r = sigcheck(['experiment', 'run', id, '--quick', '--out', out]);
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      expect(doc.experiment).toBe(id);
      expect(doc.quick).toBe(true);
      expect(doc.rows.length).toBeGreaterThan(0);
      for (const row of doc.rows) for (const c of doc.columns) expect(row).toHaveProperty(c.key);
      expect(r.stdout).toContain(`${id}: `);
      expect(r.stdout).toMatch(/\[(pub|theory)\]/);
    }
  });

  it('same seed, identical CSV on stdout; the CSV has a header and equal-width rows', () => {
    const args = ['experiment', 'run', 'lcs24-infonce', '--quick', '--format', 'csv', '--seed', '3'];
    const a = sigcheck(args);
    const b = sigcheck([...args, '--threads', '1']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const lines = a.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^n,t,s,s_sd,c1,dev,dev_sd,c2,c2_sd,c2star$/);
    for (const l of lines) expect(l.split(',')).toHaveLength(10);
  });

  it('bad id, budget, format and out path: one line, exit 2, before any work', () => {
    expectUsageError(['experiment', 'run', 'nope'], /unknown id 'nope'; known: lcs24-phase/);
    expectUsageError(
      ['experiment', 'run', 'xi-decay', '--seeds', '0'],
      /--seeds must be an integer in \[1, 64\]/,
    );
    expectUsageError(['experiment', 'run', 'xi-decay', '--seeds', 'abc'], /--seeds/);
    expectUsageError(['experiment', 'run', 'xi-decay', '--threads', '-1'], /--threads/);
    expectUsageError(
      ['experiment', 'run', 'xi-decay', '--format', 'xml'],
      /--format must be one of table, json, csv/,
    );
    expectUsageError(
      ['experiment', 'run', 'xi-decay', '--out', join(dir, 'no', 'x.json')],
      /does not exist or is not writable/,
    );
    expectUsageError(['experiment', 'run', 'xi-decay', '--out', dir], /is a directory/);
  });
});
