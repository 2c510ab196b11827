import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS, renderReport } from '../../src/report/html.js';
import { parseExperimentDoc } from '../../src/documents/experiment.js';
import { parseAnalysisDoc } from '../../src/documents/analysis.js';
import {
  analysisCapacityPair,
  buildCapacityTable,
  DEFAULT_CAPACITY_PAIRS,
} from '../../src/documents/capacity.js';
import { buildPhaseDiagram } from '../../src/documents/phase.js';
import { parseRunDocument } from '../../src/documents/run.js';
import { parseVerifyDoc } from '../../src/documents/verify.js';
import { repoRoot } from '../__helpers__/cli.js';

// A real browser opens the report from disk with the network off. Debian's chromium is installed
// by .ci/run; without it this test is skipped, with the reason printed.
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(`report.browser.test: skipped: ${CHROMIUM} not found (apt-get install chromium)`);

// The committed quick-run experiment outputs; the first three have a plot (`plot-experiment-<id>`).
const EXPERIMENTS = ['lcs24-phase', 'bbnp25-fixed-brel', 'xi-decay', 'bbnp25-bias-vs-rb'];
const PLOTS = [
  'phase-diagram',
  'plane',
  'capacity',
  'trajectory',
  ...EXPERIMENTS.slice(0, 3).map((id) => `experiment-${id}`),
];
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/report', name), 'utf8'));

describe.skipIf(!haveChromium)('report in a real browser (chromium, file://, offline)', () => {
  let dir = '';
  let file = '';
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  let shot = '';
  let csv = '';
  let found: {
    sections: string[];
    plots: { id: string; w: number; h: number }[];
    csvLinks: number;
    published: number;
    experiments: { id: string; rows: number; csv: number }[];
    title: string;
  } | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sigcheck-report-browser-'));
    file = join(dir, 'report.html');
    const analysis = parseAnalysisDoc(fixture('analysis.json'), 'fixture');
    const { html } = await renderReport({
      phase: buildPhaseDiagram(),
      capacity: buildCapacityTable([...DEFAULT_CAPACITY_PAIRS, analysisCapacityPair(analysis)!]),
      verify: parseVerifyDoc(fixture('verify.json'), 'fixture'),
      verifyOrigin: 'fixture',
      run: parseRunDocument(fixture('run.json'), 'fixture'),
      runOrigin: 'fixture',
      analysis,
      analysisOrigin: 'fixture',
      experiments: EXPERIMENTS.map((id) => ({
        doc: parseExperimentDoc(fixture(`experiment-${id}.json`), id),
        origin: `experiment-${id}.json`,
      })),
    });
    writeFileSync(file, html);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const context = await browser.newContext({
        offline: true,
        acceptDownloads: true,
        viewport: { width: 1280, height: 900 },
      });
      // Every request other than the page itself is recorded and aborted.
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url === pathToFileURL(file).href) return route.continue();
        requests.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => {
        if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      // Evaluated in the page (a string: the project compiles without DOM types).
      found = (await page.evaluate(`(() => {
        const sectionIds = ${JSON.stringify([...REPORT_SECTIONS])};
        const plotIds = ${JSON.stringify(PLOTS)};
        return {
          title: document.title,
          sections: sectionIds.filter((id) => document.querySelector('section#' + id + ' h2') !== null),
          plots: plotIds.map((id) => {
            const svg = document.querySelector('figure#plot-' + id + ' svg');
            const r = svg ? svg.getBoundingClientRect() : null;
            return { id, w: r ? r.width : 0, h: r ? r.height : 0 };
          }),
          csvLinks: document.querySelectorAll('a.csv[download][href^="data:text/csv"]').length,
          published: document.querySelectorAll('article#published-numbers table tbody tr').length,
          experiments: [...document.querySelectorAll('section#experiments article.experiment[data-experiment]')].map((a) => ({
            id: a.getAttribute('data-experiment'),
            rows: a.querySelectorAll('table.experiment tbody tr').length,
            csv: a.querySelectorAll('a.csv[download][href^="data:text/csv"]').length,
          })),
        };
      })()`)) as typeof found;
      // A CSV link downloads its data with no server.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('a.csv[download="trajectory.csv"]'),
      ]);
      const saved = join(dir, 'trajectory.csv');
      await download.saveAs(saved);
      csv = readFileSync(saved, 'utf8');
      shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      await context.close();
    } finally {
      await browser.close();
    }
  });

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('logs no console error or warning and throws no page error', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('attempts no request at all (the page is self-contained)', () => {
    expect(requests).toEqual([]);
  });

  it('shows every section and every plot with a visible size', () => {
    expect(found?.title).toBe('sigcheck report');
    expect(found?.sections).toEqual([...REPORT_SECTIONS]);
    for (const p of found?.plots ?? []) {
      expect(p.w, p.id).toBeGreaterThan(200);
      expect(p.h, p.id).toBeGreaterThan(150);
    }
    expect(found?.plots.map((p) => p.id)).toEqual(PLOTS);
    // verdicts, phase (2), plane, capacity, trajectory; one per experiment table, one per experiment plot.
    expect(found?.csvLinks).toBeGreaterThanOrEqual(7 + EXPERIMENTS.length + 3);
  });

  it('shows each experiment file with its table (every row) and a CSV link per table and plot', () => {
    expect(found?.experiments.map((e) => e.id)).toEqual(EXPERIMENTS);
    // the published-numbers table: one row per published value of every experiment file shown
    const published = EXPERIMENTS.reduce(
      (n, id) => n + ((fixture(`experiment-${id}.json`) as { published?: unknown[] }).published?.length ?? 0),
      0,
    );
    if (published > 0) expect(found?.published).toBeGreaterThan(0);
    for (const e of found?.experiments ?? []) {
      const doc = fixture(`experiment-${e.id}.json`) as { rows: unknown[] };
      expect(e.rows, e.id).toBe(doc.rows.length);
      expect(e.csv, e.id).toBe(e.id === 'bbnp25-bias-vs-rb' ? 1 : 2);
    }
  });

  it("downloads a plot's CSV from the page", () => {
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('step,loss,t,bRel,mStar');
    expect(lines.length - 1).toBe((fixture('run.json') as { trajectory: unknown[] }).trajectory.length);
  });

  it('saves a full-page screenshot', () => {
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });
});
