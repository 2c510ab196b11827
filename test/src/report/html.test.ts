import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../../src/cli/report.js';
import { parseAnalysisDoc } from '../../../src/documents/analysis.js';
import {
  analysisCapacityPair,
  buildCapacityTable,
  DEFAULT_CAPACITY_PAIRS,
} from '../../../src/documents/capacity.js';
import { buildPhaseDiagram } from '../../../src/documents/phase.js';
import { parseRunDocument } from '../../../src/documents/run.js';
import { parseVerifyDoc, type VerifyDoc } from '../../../src/documents/verify.js';
import { UsageError } from '../../../src/errors.js';
import { type ExperimentDocument, parseExperimentDoc } from '../../../src/documents/experiment.js';
import {
  counterexampleAnchor,
  csvDataUri,
  escapeHtml,
  REPORT_SECTIONS,
  renderReport,
} from '../../../src/report/html.js';
import { renderExperimentCsv } from '../../../src/report/experiment.js';
import { PUBLISHED_SIGLIP } from '../../../src/report/plots/plane.js';
import { takeRenderWarnings } from '../../../src/report/plots/render.js';
import { repoRoot } from '../../__helpers__/cli.js';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/report', name);
const readFixture = (name: string): unknown => JSON.parse(readFileSync(fixture(name), 'utf8'));

/** The committed quick-run experiment outputs (see test/fixtures/report/README.md); the first three have a plot. */
const EXPERIMENT_IDS = ['lcs24-phase', 'bbnp25-fixed-brel', 'xi-decay', 'bbnp25-bias-vs-rb'] as const;
const PLOTTED = EXPERIMENT_IDS.slice(0, 3);
const experimentFile = (id: string) => `experiment-${id}.json`;
const experimentDoc = (id: string): ExperimentDocument =>
  parseExperimentDoc(readFixture(experimentFile(id)), id);

/** The text between two markers of the page (the second searched after the first). */
function between(page: string, from: string, to: string): string {
  const a = page.indexOf(from);
  expect(a, from).toBeGreaterThanOrEqual(0);
  const b = page.indexOf(to, a + from.length);
  return page.slice(a, b < 0 ? undefined : b);
}

/** Decodes every CSV link of a piece of the page, by download name. */
function csvLinks(page: string): Map<string, string> {
  const prefix = 'data:text/csv;charset=utf-8,';
  const out = new Map<string, string>();
  for (const m of page.matchAll(/<a class="csv" download="([^"]+)" href="([^"]+)"/g)) {
    expect(m[2]!.startsWith(prefix)).toBe(true);
    out.set(m[1]!, decodeURIComponent(m[2]!.slice(prefix.length).replace(/&amp;/g, '&')));
  }
  return out;
}

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

// The data the report command builds before drawing (the report computes nothing).
const phase = buildPhaseDiagram();
const data = { phase, capacity: buildCapacityTable() };

let html = '';

beforeAll(async () => {
  takeRenderWarnings();
  const analysis = parseAnalysisDoc(readFixture('analysis.json'), 'fixture');
  const r = await renderReport({
    phase,
    capacity: buildCapacityTable([...DEFAULT_CAPACITY_PAIRS, analysisCapacityPair(analysis)!]),
    verify: parseVerifyDoc(readFixture('verify.json'), 'fixture'),
    verifyOrigin: 'fixture verify.json',
    run: parseRunDocument(readFixture('run.json'), 'fixture'),
    runOrigin: 'fixture run.json',
    analysis,
    analysisOrigin: 'fixture analysis.json',
    experiments: EXPERIMENT_IDS.map((id) => ({ doc: experimentDoc(id), origin: experimentFile(id) })),
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
    const uri = links.find((m) => m[1] === 'phase-diagram.csv')![2]!;
    expect(uri.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    const csv = decodeURIComponent(uri.slice('data:text/csv;charset=utf-8,'.length).replace(/&amp;/g, '&'));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('N,t,c1,regime');
    expect(lines.length - 1).toBe(phase.cells.length);
  });

  it('refers to nothing outside the file: no http(s) URL, no src/href to another resource, a CSP that forbids fetches', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\((?!#)/i);
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^(#|data:text\/csv)/);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });
});

describe('experiments section', () => {
  const section = () => html.slice(html.indexOf('<section id="experiments"'));

  it('shows each experiment file in order: title, what it reproduces, notes, file and a table of every row', () => {
    const body = section();
    let last = -1;
    for (const id of EXPERIMENT_IDS) {
      const doc = experimentDoc(id);
      const at = body.indexOf(`<article class="experiment" id="experiment-${id}" data-experiment="${id}">`);
      expect(at, id).toBeGreaterThan(last);
      last = at;
      const block = between(body, `id="experiment-${id}"`, '</article>');
      expect(block).toContain(escapeHtml(doc.title));
      expect(block).toContain(escapeHtml(doc.reproduces));
      for (const n of doc.notes) expect(block).toContain(escapeHtml(n));
      expect(block).toContain(experimentFile(id));
      const table = between(block, '<table class="experiment">', '</table>');
      expect(table.match(/<th class="k-/g)?.length, id).toBe(doc.columns.length);
      expect(table.match(/<tr>/g)?.length, id).toBe(doc.rows.length + 1);
      for (const c of doc.columns) expect(table).toContain(`<th class="k-${c.kind}">${escapeHtml(c.label)}`);
    }
  });

  it('puts ours as mean ± sd beside the published and theory columns', () => {
    const block = between(section(), 'id="experiment-bbnp25-fixed-brel"', '</article>');
    const firstRow = between(
      between(block, '<table class="experiment">', '</table>'),
      '<tbody><tr>',
      '</tr>',
    );
    // b_rel = -1: ours m* -2.442e-15 ± 2.4e-15, published -2.58e-7, m(rho) = 0.
    expect(firstRow).toContain('<td class="k-ours num">-2.442e-15 <span class="sd">± 2.4e-15</span></td>');
    expect(firstRow).toContain('<td class="k-published num">-2.580e-7</td>');
    expect(firstRow).toContain('<td class="k-theory num">0</td>');
    expect(block).toContain('<div class="kind">ours, mean ± sd</div>');
  });

  it('draws one plot for lcs24-phase, bbnp25-fixed-brel and xi-decay, none for the others', () => {
    for (const id of PLOTTED) {
      const fig = html.match(
        new RegExp(`<figure class="plot" id="plot-experiment-${id}"[\\s\\S]*?</figure>`),
      );
      expect(fig, id).not.toBeNull();
      expect(fig![0]).toMatch(/<svg role="img"[^>]*width="\d+" height="\d+"/);
    }
    const other = between(section(), 'id="experiment-bbnp25-bias-vs-rb"', '</article>');
    expect(other).not.toContain('<figure');
    expect(takeRenderWarnings()).toEqual([]);
  });

  it('offers each plot its data and each table its rows as inline CSV links', () => {
    const links = csvLinks(section());
    for (const id of PLOTTED) {
      const fig = between(html, `id="plot-experiment-${id}"`, '</figure>');
      expect([...csvLinks(fig).keys()], id).toEqual([`experiment-${id}-plot.csv`]);
    }
    // The table's CSV is what `sigcheck experiment run --format csv` writes.
    for (const id of EXPERIMENT_IDS)
      expect(links.get(`experiment-${id}.csv`), id).toBe(renderExperimentCsv(experimentDoc(id)));
    const lcs = links.get('experiment-lcs24-phase-plot.csv')!.trim().split('\n');
    expect(lcs[0]).toBe('N,t,c1,s,s_sd');
    expect(lcs.length - 1).toBe(experimentDoc('lcs24-phase').rows.length);
    const brel = links.get('experiment-bbnp25-fixed-brel-plot.csv')!;
    for (const series of ['ours: m*', 'published m*', 'prediction m(rho)', 'prediction m(rho_pub)']) {
      expect(brel).toContain(series);
    }
    const xi = links.get('experiment-xi-decay-plot.csv')!.trim().split('\n');
    expect(xi[0]).toBe('series,step,log10Xi,lo,hi');
    // one point per row, and one per published value
    const xiRows = experimentDoc('xi-decay').rows;
    expect(xi.length - 1).toBe(
      xiRows.length + xiRows.filter((r) => typeof r.pub_log10Xi === 'number').length,
    );
  });

  it('says how to make the files when none is given', async () => {
    const { html: page } = await renderReport({
      ...data,
      verify: parseVerifyDoc(readFixture('verify.json'), 'fixture'),
      verifyOrigin: 'fixture',
    });
    const body = page.slice(page.indexOf('<section id="experiments"'));
    expect(body).toContain('No experiment outputs given');
    expect(body).toContain(
      'sigcheck experiment run lcs24-phase --quick --format json --out lcs24-phase.json',
    );
    expect(body).toContain('sigcheck report --experiment lcs24-phase.json');
    expect(body).not.toContain('<article');
  });

  it('keeps two files of the same experiment apart (ids and CSV names)', async () => {
    const doc = experimentDoc('xi-decay');
    const { html: page } = await renderReport({
      ...data,
      verify: parseVerifyDoc(readFixture('verify.json'), 'fixture'),
      verifyOrigin: 'fixture',
      experiments: [
        { doc, origin: 'a.json' },
        { doc, origin: 'b.json' },
      ],
    });
    expect(page).toContain('id="experiment-xi-decay"');
    expect(page).toContain('id="experiment-xi-decay-2"');
    expect(page).toContain('id="plot-experiment-xi-decay-2"');
    expect(page).toContain('download="experiment-xi-decay-2-plot.csv"');
  });
});

describe('escaping', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('renders hostile strings from an input file as text, never as markup', async () => {
    const { html: page } = await renderReport({
      ...data,
      verify: hostileVerify(),
      verifyOrigin: '<b>origin</b>',
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b>x</b>');
    expect(page).not.toContain('<b>origin</b>');
    expect(page).toContain('evil&quot;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('a &amp; b &lt; c');
    expect(page).toMatch(/<tr class="bad" data-claim="evil/);
    expect(page).toContain('No solver run given');
  });

  it('renders hostile strings from an experiment file as text, never as markup', async () => {
    const base = readFixture(experimentFile('xi-decay')) as Record<string, unknown>;
    const hostile = {
      ...base,
      experiment: 'xi-decay"><script>x</script>',
      title: '<script>alert(1)</script>',
      reproduces: '<img src=x onerror=alert(2)>',
      notes: ['a & b < c'],
      protocol: { '<b>k</b>': '<i>v</i>' },
      columns: [
        { key: '__proto__', label: '</th><b>label</b>', kind: 'param' },
        { key: 'xi', label: 'xi', kind: 'ours' },
      ],
      rows: [JSON.parse('{"__proto__": "<u>cell</u>", "xi": 1, "xi_sd": 0.5}')],
      summary: { '<s>key</s>': '<s>value</s>' },
    };
    const doc = parseExperimentDoc(hostile, 'hostile');
    expect(Object.getPrototypeOf(doc.rows[0])).toBe(Object.prototype);
    const { html: page } = await renderReport({
      ...data,
      verify: parseVerifyDoc(readFixture('verify.json'), 'fixture'),
      verifyOrigin: 'fixture',
      experiments: [{ doc, origin: '<b>file</b>.json' }],
    });
    const body = between(page, '<section id="experiments"', '</section>');
    expect(body).not.toMatch(/<(script|img|b|i|u|s)>/);
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;u&gt;cell&lt;/u&gt;');
    expect(body).toContain('a &amp; b &lt; c');
    expect(body).toContain('id="experiment-xi-decay---script-x--script-"');
    // An unknown id gets its table only.
    expect(body).not.toContain('<figure');
  });

  it('encodes CSV fields (RFC 4180 quoting) inside a percent-encoded data URI', () => {
    const uri = csvDataUri(['a', 'b'], [['x,"y"', 1]]);
    expect(decodeURIComponent(uri.slice(uri.indexOf(',') + 1))).toBe('a,b\n"x,""y""",1\n');
    expect(uri).not.toMatch(/["<>\s]/);
  });
});

describe('input checks', () => {
  it('accepts the documents the CLI writes and refuses wrong shapes with the path of the bad field', () => {
    expect(parseRunDocument(readFixture('run.json'), 'run').trajectory.length).toBeGreaterThan(1);
    expect(() => parseVerifyDoc({ seed: 1, claims: [{ id: 'x' }], summary: {} }, 'v')).toThrow(
      /v\.claims\[0\]\.status must be one of holds, refuted, error/,
    );
    expect(() => parseRunDocument({ trajectory: [] }, 'r')).toThrow(UsageError);
    expect(() =>
      parseRunDocument({ ...(readFixture('run.json') as object), trajectory: [{ step: 0 }] }, 'r'),
    ).toThrow(/r\.trajectory\[0\]\.loss must be a number/);
    expect(() => parseAnalysisDoc([1, 2], 'a')).toThrow(/a must be an object/);
  });

  it('accepts the experiment outputs and refuses wrong kinds and shapes, naming the field', () => {
    for (const id of EXPERIMENT_IDS) expect(experimentDoc(id).experiment).toBe(id);
    const good = readFixture(experimentFile('lcs24-phase')) as Record<string, unknown>;
    const rows = good.rows as Record<string, unknown>[];
    const columns = good.columns as Record<string, unknown>[];
    const cases: [unknown, RegExp][] = [
      [
        readFixture('verify.json'),
        /^e\.experiment must be a non-empty string, got undefined \(expected the output of `sigcheck experiment run <id> --format json`\)$/,
      ],
      [readFixture('run.json'), /^e\.experiment must be a non-empty string/],
      [[good], /^e must be an object/],
      [{ ...good, notes: 'x' }, /^e\.notes must be an array of strings/],
      [{ ...good, seeds: 0 }, /^e\.seeds must be a positive integer/],
      [{ ...good, quick: 'yes' }, /^e\.quick must be a boolean/],
      [{ ...good, protocol: { N: [4] } }, /^e\.protocol\.N must be a number, string or boolean/],
      [{ ...good, columns: [] }, /^e\.columns must be a non-empty array/],
      [
        { ...good, columns: [{ key: 'n', label: 'N', kind: 'mine' }] },
        /^e\.columns\[0\]\.kind must be one of param, ours/,
      ],
      [{ ...good, columns: [...columns, columns[0]] }, /^e\.columns\[11\]\.key repeats 'n'/],
      [
        { ...good, columns: columns.filter((c) => c.key !== 'c1') },
        /^e\.columns must include 'c1' \(the lcs24-phase plot reads it\)/,
      ],
      [{ ...good, rows: 'none' }, /^e\.rows must be an array/],
      [
        { ...good, rows: [rows[0], { ...rows[1], s: 'high' }] },
        /^e\.rows\[1\]\.s must be a number, got "high"/,
      ],
      [{ ...good, rows: [{ ...rows[0], s_sd: true }] }, /^e\.rows\[0\]\.s_sd must be a number/],
      [
        { ...good, rows: [{ ...rows[0], regime: {} }] },
        /^e\.rows\[0\]\.regime must be a number, string, boolean or null/,
      ],
      [{ ...good, summary: undefined }, /^e\.summary must be an object/],
    ];
    for (const [doc, message] of cases) {
      expect(() => parseExperimentDoc(doc, 'e'), String(message)).toThrow(UsageError);
      expect(() => parseExperimentDoc(doc, 'e'), String(message)).toThrow(message);
    }
    // Non-finite numbers, as sigcheck writes them (strings), are accepted.
    const nan = parseExperimentDoc({ ...good, rows: [{ ...rows[0], s_sd: 'NaN' }] }, 'e');
    expect(nan.rows[0]!.s_sd).toBeNaN();
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

  it('adds every --experiment file, in the order given', async () => {
    const out = join(dir, 'experiments.html');
    await run([
      '--out',
      out,
      '--from',
      fixture('verify.json'),
      '--experiment',
      fixture(experimentFile('xi-decay')),
      '--experiment',
      fixture(experimentFile('lcs24-phase')),
    ]);
    const page = readFileSync(out, 'utf8');
    const xi = page.indexOf('id="experiment-xi-decay"');
    expect(xi).toBeGreaterThan(0);
    expect(page.indexOf('id="experiment-lcs24-phase"')).toBeGreaterThan(xi);
    expect(page).toContain(`experiments: ${fixture(experimentFile('xi-decay'))}, `);
    expect(page).not.toMatch(/https?:/i);
  });

  it('refuses a malformed or wrong-kind --experiment file before any work, naming the file and field', async () => {
    const out = join(dir, 'bad-experiment.html');
    const bad = join(dir, 'bad-experiment.json');
    writeFileSync(bad, '{ "experiment": ');
    const rows = join(dir, 'rows.json');
    writeFileSync(
      rows,
      JSON.stringify({
        ...(readFixture(experimentFile('xi-decay')) as object),
        rows: [{ d: 3, log10Xi: 'x' }],
      }),
    );
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.json'), /^report: cannot read --experiment .*missing\.json: ENOENT$/],
      [bad, /^report: --experiment .*bad-experiment\.json is not valid JSON/],
      [fixture('verify.json'), /^report: --experiment .*verify\.json\.experiment must be a non-empty string/],
      [rows, /^report: --experiment .*rows\.json\.rows\[0\]\.log10Xi must be a number, got "x"$/],
    ];
    for (const [file, message] of cases) {
      // No --from: a bad file must fail before the in-process verify would run.
      const t = performance.now();
      const err = await run([
        '--out',
        out,
        '--experiment',
        fixture(experimentFile('lcs24-phase')),
        '--experiment',
        file,
      ]).catch((e: unknown) => e);
      expect(err, file).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
      expect(performance.now() - t, 'fails fast').toBeLessThan(2000);
    }
    expect(existsSync(out)).toBe(false);
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
