/**
 * Makes docs/report.png, the README's picture of `sigcheck report`: runs the BBNP25 solver protocol
 * (N = 100, d = 10, RB-Sig, 10^4 steps), analyses the result, runs the three plotted experiments
 * at --quick size (lcs24-phase, bbnp25-fixed-brel, xi-decay: about 10 s together), writes the report
 * with the default in-process verify (seed 42), opens it from disk in Debian's chromium with the
 * network off and saves a full-page screenshot (with the counterexample list folded, to keep the
 * picture short).
 *
 * Usage: node --import tsx scripts/screenshot-report.ts [--html keep/report.html]
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { register as registerAnalyze } from '../src/cli/analyze.js';
import { register as registerExperiment } from '../src/cli/experiment.js';
import { register as registerReport } from '../src/cli/report.js';
import { register as registerSolve } from '../src/cli/solve.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const target = join(root, 'docs/report.png');
const keepAt = process.argv.indexOf('--html');
const keep = keepAt > 0 ? process.argv[keepAt + 1] : undefined;

/** Runs one sigcheck command in-process; returns what it wrote to stdout. */
async function sigcheck(args: string[]): Promise<string> {
  const program = new Command().name('sigcheck').version('0.1.0').exitOverride();
  for (const register of [registerSolve, registerAnalyze, registerExperiment, registerReport])
    register(program);
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string | Uint8Array) => {
    chunks.push(typeof s === 'string' ? s : Buffer.from(s).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-screenshot-'));
const cwd = process.cwd();
try {
  // Relative names, so the page shows run.json rather than a temporary path.
  process.chdir(dir);
  const run = 'run.json';
  const analysis = 'analysis.json';
  const html = join(dir, 'report.html');
  await sigcheck([
    'solve',
    '--N',
    '100',
    '--d',
    '10',
    '--loss',
    'rb-sig',
    '--b-rel0',
    '0',
    '--steps',
    '10000',
    '--seed',
    '0',
    '--out',
    run,
  ]);
  const doc = JSON.parse(readFileSync(run, 'utf8')) as { t: number; b: number };
  writeFileSync(
    analysis,
    await sigcheck([
      'analyze',
      '--u',
      `${run}#U`,
      '--v',
      `${run}#V`,
      '--t',
      String(doc.t),
      '--b',
      String(doc.b),
      '--format',
      'json',
    ]),
  );
  // Quick runs keep the script fast; the page says they are CI-sized.
  const experiments = ['lcs24-phase', 'bbnp25-fixed-brel', 'xi-decay'];
  for (const id of experiments) {
    await sigcheck(['experiment', 'run', id, '--quick', '--format', 'json', '--out', `${id}.json`]);
  }
  await sigcheck([
    'report',
    '--out',
    html,
    '--run',
    run,
    '--analysis',
    analysis,
    ...experiments.flatMap((id) => ['--experiment', `${id}.json`]),
  ]);
  if (keep !== undefined) copyFileSync(html, resolve(cwd, keep));

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    await context.route('**/*', (r) =>
      r.request().url() === pathToFileURL(html).href ? r.continue() : r.abort(),
    );
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    // The picture shows the counterexample list folded (one summary line); the page opens it.
    await page.evaluate("document.querySelector('details.cx-list')?.removeAttribute('open')");
    await page.screenshot({ path: target, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stderr.write(`wrote ${target}\n`);
} finally {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
}
