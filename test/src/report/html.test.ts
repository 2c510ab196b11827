import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../../src/cli/report.js';
import { UsageError } from '../../../src/errors.js';
import {
  counterexampleAnchor,
  csvDataUri,
  escapeHtml,
  parseAnalysisDoc,
  parseRunDoc,
  parseVerifyDoc,
  REPORT_SECTIONS,
  renderReport,
  type VerifyDoc,
} from '../../../src/report/html.js';
import { phaseDiagramData } from '../../../src/report/plots/phase-diagram.js';
import { PUBLISHED_SIGLIP } from '../../../src/report/plots/plane.js';
import { takeRenderWarnings } from '../../../src/report/plots/render.js';
import { repoRoot } from '../../__helpers__/cli.js';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/report', name);
const readFixture = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));

/** A verdict document whose strings try to break out of the HTML. */
function hostileVerify(): VerifyDoc {
  const base = parseVerifyDoc(readFixture('verify.json'), 'fixture');
  const [first, ...rest] = base.claims;
  return {
    ...base,
    claims: [
      {
        ...first!,
        id: 'evil"<script>alert(1)</script>',
        source: '<img src=x onerror=alert(2)>',
        status: 'refuted',
        expected: 'holds',
        counterexample: {
          input: { s: '</pre><b>x</b>' },
          message: 'a & b < c',
          shrinks: 0,
          replay: "sigcheck verify --claim 'x'",
        },
      },
      ...rest,
    ],
  };
}

let html = '';

beforeAll(async () => {
  takeRenderWarnings();
  const r = await renderReport({
    verify: parseVerifyDoc(readFixture('verify.json'), 'fixture'),
    verifyOrigin: 'fixture verify.json',
    run: parseRunDoc(readFixture('run.json'), 'fixture'),
    runOrigin: 'fixture run.json',
    analysis: parseAnalysisDoc(readFixture('analysis.json'), 'fixture'),
    analysisOrigin: 'fixture analysis.json',
    version: '0.1.0',
  });
  html = r.html;
});

describe('report page structure', () => {
  it('is one HTML document with every section, in order, each with its plot', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    let last = -1;
    for (const id of REPORT_SECTIONS) {
      const at = html.indexOf(`<section id="${id}"`);
      expect(at, id).toBeGreaterThan(last);
      last = at;
    }
    for (const plot of ['phase-diagram', 'plane', 'capacity', 'trajectory']) {
      const fig = html.match(new RegExp(`<figure class="plot" id="plot-${plot}"[\\s\\S]*?</figure>`));
      expect(fig, plot).not.toBeNull();
      expect(fig![0]).toMatch(/<svg role="img"[^>]*width="\d+" height="\d+"/);
    }
    expect(takeRenderWarnings()).toEqual([]);
  });

  it('shows every claim of the verify document and links each counterexample to its replay command', () => {
    const doc = parseVerifyDoc(readFixture('verify.json'), 'fixture');
    for (const v of doc.claims) {
      expect(html).toContain(`data-claim="${escapeHtml(v.id)}"`);
      if (v.counterexample !== null) {
        const anchor = counterexampleAnchor(v.id);
        expect(html).toContain(`href="#${anchor}"`);
        const block = html.slice(html.indexOf(`id="${anchor}"`));
        expect(block.slice(0, block.indexOf('</div>'))).toContain(escapeHtml(v.counterexample.replay));
      }
    }
  });

  it('draws the published SigLIP models and the analysed embeddings on the plane', () => {
    const plane = html.slice(html.indexOf('<section id="plane"'), html.indexOf('<section id="capacity"'));
    for (const p of PUBLISHED_SIGLIP) expect(plane).toContain(p.label);
    expect(plane).toContain('analysed (m*, b*)');
    expect(plane).toContain('analysed embeddings (--analysis)');
  });

  it('offers the data behind every plot as an inline CSV link whose content round-trips', () => {
    const links = [...html.matchAll(/<a class="csv" download="([^"]+)" href="([^"]+)"/g)];
    const files = links.map((m) => m[1]);
    expect(files).toEqual(
      expect.arrayContaining([
        'verdicts.csv',
        'phase-diagram.csv',
        'phase-thresholds.csv',
        'plane-points.csv',
        'capacity.csv',
        'trajectory.csv',
      ]),
    );
    const phase = links.find((m) => m[1] === 'phase-diagram.csv')![2]!;
    expect(phase.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    const csv = decodeURIComponent(phase.slice('data:text/csv;charset=utf-8,'.length).replace(/&amp;/g, '&'));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('N,t,c1,regime');
    expect(lines.length - 1).toBe(phaseDiagramData().cells.length);
  });

  it('refers to nothing outside the file: no http(s) URL, no src/href to another resource, a CSP that forbids fetches', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\((?!#)/i);
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(#|data:text\/csv)/);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });
});

describe('escaping', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('renders hostile strings from an input file as text, never as markup', async () => {
    const { html: page } = await renderReport({ verify: hostileVerify(), verifyOrigin: '<b>origin</b>' });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('<b>origin</b>');
    expect(page).toContain('evil&quot;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a &amp; b &lt; c');
    expect(page).toMatch(/<tr class="bad" data-claim="evil/);
    expect(page).toContain('No solver run given');
  });

  it('encodes CSV fields (RFC 4180 quoting) inside a percent-encoded data URI', () => {
    const uri = csvDataUri(['a', 'b'], [['x,"y"', 1]]);
    expect(decodeURIComponent(uri.slice(uri.indexOf(',') + 1))).toBe('a,b\n"x,""y""",1\n');
    expect(uri).not.toMatch(/["<>\s]/);
  });
});

describe('input checks', () => {
  it('accepts the documents the CLI writes and refuses wrong shapes with the path of the bad field', () => {
    expect(parseRunDoc(readFixture('run.json'), 'run').trajectory.length).toBeGreaterThan(1);
    expect(() => parseVerifyDoc({ seed: 1, claims: [{ id: 'x' }], summary: {} }, 'v')).toThrow(
      /v\.claims\[0\]\.status must be one of holds, refuted, error/,
    );
    expect(() => parseRunDoc({ trajectory: [] }, 'r')).toThrow(UsageError);
    expect(() =>
      parseRunDoc({ ...(readFixture('run.json') as object), trajectory: [{ step: 0 }] }, 'r'),
    ).toThrow(/r\.trajectory\[0\]\.loss must be a number/);
    expect(() => parseAnalysisDoc([1, 2], 'a')).toThrow(/a must be an object/);
  });
});

describe('sigcheck report (command)', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sigcheck-report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<void> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    register(program);
    await program.parseAsync(['report', ...args], { from: 'user' });
  }

  it('writes the page from earlier outputs', async () => {
    const out = join(dir, 'report.html');
    await run([
      '--out',
      out,
      '--from',
      fixture('verify.json'),
      '--run',
      fixture('run.json'),
      '--analysis',
      fixture('analysis.json'),
      '--capacity',
      '0.1,0.2',
    ]);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('m 0.1, b_rel 0.2');
    expect(page).toContain('<section id="trajectory"');
  });

  it('refuses unreadable, malformed and wrongly shaped inputs with a UsageError', async () => {
    const out = join(dir, 'bad.html');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ seed: 1, claims: 'no', summary: {} }));
    await expect(run(['--out', out, '--from', join(dir, 'missing.json')])).rejects.toThrow(
      /cannot read --from .*ENOENT/,
    );
    await expect(run(['--out', out, '--from', bad])).rejects.toThrow(/is not valid JSON/);
    await expect(run(['--out', out, '--from', wrong])).rejects.toThrow(/claims must be an array/);
    await expect(run(['--out', out, '--run', fixture('verify.json')])).rejects.toThrow(UsageError);
    await expect(run(['--out', out, '--from', fixture('verify.json'), '--seed', '3'])).rejects.toThrow(
      /--seed/,
    );
    await expect(run(['--out', out, '--capacity', '2,0'])).rejects.toThrow(/m must be in/);
    expect(existsSync(out)).toBe(false);
  });
});
