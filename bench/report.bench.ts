import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { register } from '../src/cli/report.js';

// `sigcheck report --out FILE` with default inputs (in-process verify at seed 42, no run, no
// analysis), cold (first run: vega import) then warm, in one process; the page is consumed.
const dir = mkdtempSync(join(tmpdir(), 'sigcheck-report-bench-'));
let sink = 0;
try {
  for (const label of ['cold', 'warm']) {
    const out = join(dir, `report-${label}.html`);
    const program = new Command().name('sigcheck').version('0.1.0').exitOverride();
    register(program);
    const t0 = performance.now();
    await program.parseAsync(['report', '--out', out], { from: 'user' });
    const ms = performance.now() - t0;
    const page = readFileSync(out, 'utf8');
    sink += page.length;
    console.log(
      `report (default inputs, ${label}): ${(ms / 1000).toFixed(2)} s, ${(page.length / 1024).toFixed(0)} KiB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!(sink > 0)) throw new Error('empty report');
