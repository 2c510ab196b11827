import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  'bbnp25-fixed-brel-grid',
  'bbnp25-locked',
  'bbnp25-k-modal',
  'bbnp25-k-sweep',
  'bbnp25-fixed-t',
  'bbnp25-basic',
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

  // one test per experiment: each quick run has the test timeout to itself on a loaded machine
  it.each(IDS)('%s runs --quick (the CI run): exit 0, a valid JSON file, the table on stdout', (id) => {
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
    expect(doc.step).toBe('projected-adam');
    expect(Array.isArray(doc.published)).toBe(true);
    for (const p of doc.published) {
      expect(Object.keys(p)).toEqual(
        expect.arrayContaining(['quantity', 'params', 'published', 'mean', 'sd', 'seeds', 'verdict']),
      );
      expect(['reproduced', 'not reproduced']).toContain(p.verdict);
      expect(p.seeds).toHaveLength(doc.seeds);
    }
    if (id.startsWith('bbnp25-') && !['bbnp25-k-sweep', 'bbnp25-fixed-brel-grid'].includes(id)) {
      expect(doc.published.length, id).toBeGreaterThan(0);
      expect(r.stdout).toMatch(
        /published numbers \(step projected-adam; seeds [-\d ]+\): \d+ of \d+ reproduced/,
      );
    }
  });

  it('--step adam reruns the same published rows with the raw gradient; same seed is byte-identical for 1 and 2 threads', () => {
    const base = ['experiment', 'run', 'bbnp25-basic', '--quick', '--seed', '5'];
    const one = join(dir, 'basic-1.json');
    const two = join(dir, 'basic-2.json');
    const raw = join(dir, 'basic-raw.json');
    expect(sigcheck([...base, '--threads', '1', '--out', one]).code).toBe(0);
    expect(sigcheck([...base, '--threads', '2', '--out', two]).code).toBe(0);
    expect(sigcheck([...base, '--step', 'adam', '--out', raw]).code).toBe(0);
    expect(readFileSync(two)).toEqual(readFileSync(one));
    const a = JSON.parse(readFileSync(one, 'utf8'));
    const b = JSON.parse(readFileSync(raw, 'utf8'));
    expect(b.step).toBe('adam');
    expect(b.published.map((p: { quantity: string }) => p.quantity)).toEqual(
      a.published.map((p: { quantity: string }) => p.quantity),
    );
    expect(b.published[0].mean).not.toBe(a.published[0].mean);
    expectUsageError(
      [...base, '--step', 'sgd'],
      /--step must be one of projected-adam, adam, riemannian-adam, got 'sgd'/,
    );
  });

  it('--first-seed chunks with --runs assemble into the byte-identical whole; runs found in the file are not rerun', () => {
    const base = ['experiment', 'run', 'bbnp25-basic', '--quick', '--threads', '1'];
    const whole = join(dir, 'chunk-whole.json');
    const a = join(dir, 'chunk-a.jsonl');
    const b = join(dir, 'chunk-b.jsonl');
    const ab = join(dir, 'chunk-ab.jsonl');
    const merged = join(dir, 'chunk-merged.json');
    expect(sigcheck([...base, '--seeds', '3', '--out', whole]).code).toBe(0);
    expect(sigcheck([...base, '--seeds', '2', '--runs', a, '--out', join(dir, 'a.json')]).code).toBe(0);
    const second = sigcheck([...base, '--first-seed', '2', '--seeds', '1', '--runs', b, '--format', 'json']);
    expect(second.code, second.stderr).toBe(0);
    const wholeDoc = JSON.parse(readFileSync(whole, 'utf8'));
    // the chunk's one seed is the whole run's third
    expect(JSON.parse(second.stdout).published[0].seeds).toEqual([wholeDoc.published[0].seeds[2]]);
    const bLines = readFileSync(b, 'utf8').trimEnd().split('\n');
    expect(bLines.map((l) => JSON.parse(l).seed)).toEqual([wholeDoc.published[0].seeds[2]]);
    writeFileSync(ab, readFileSync(a, 'utf8') + readFileSync(b, 'utf8'));
    expect(readFileSync(ab, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(sigcheck([...base, '--seeds', '3', '--runs', ab, '--out', merged]).code).toBe(0);
    expect(readFileSync(merged)).toEqual(readFileSync(whole));
    // a recorded run is taken as recorded: an altered t shows up in the table
    const altered = readFileSync(ab, 'utf8').replace(/"t":[-\d.e+]+/, '"t":12345');
    writeFileSync(ab, altered);
    const r = sigcheck([...base, '--seeds', '3', '--runs', ab, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout).published.find((p: { quantity: string }) => p.quantity === 't');
    const t0 = wholeDoc.published.find((p: { quantity: string }) => p.quantity === 't');
    expect(t.mean).not.toBe(t0.mean);
    writeFileSync(ab, 'not json\n');
    expectUsageError([...base, '--runs', ab], /--runs .*chunk-ab.jsonl line 1 is not JSON/);
    expectUsageError([...base, '--first-seed', '-1'], /--first-seed must be an integer in \[0, 2147483647\]/);
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
      /--seeds must be an integer in \[1, 128\]/,
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
