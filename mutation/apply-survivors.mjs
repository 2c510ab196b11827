#!/usr/bin/env node
// node mutation/apply-survivors.mjs REPORT FILE RANGE TEST...: applies each mutant of FILE that survived
// (or had no coverage) in a Stryker REPORT (mutation.json) to the source, one at a time, runs the
// given test files with vitest, and restores the source. RANGE is `all` or lines `a-b`; IDS=1,2 (env)
// picks mutants by id. Prints killed/SURVIVED per mutant. Run it in a clone of its own: the source
// file is rewritten while it runs.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [report, file, range, ...tests] = process.argv.slice(2);
if (!report || !file || !range || tests.length === 0) {
  process.stderr.write('usage: apply-survivors.mjs REPORT FILE all|a-b TEST...\n');
  process.exit(2);
}
const r = JSON.parse(readFileSync(report, 'utf8'));
const orig = readFileSync(file, 'utf8');
const lines = orig.split('\n');
/** Offset of a 1-based line and column. */
const off = (l, c) => lines.slice(0, l - 1).reduce((s, x) => s + x.length + 1, 0) + c - 1;
let ms = r.files[file].mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
if (range !== 'all') {
  const [a, b] = range.split('-').map(Number);
  ms = ms.filter((m) => m.location.start.line >= a && m.location.start.line <= (b ?? a));
}
if (process.env.IDS) {
  const only = new Set(process.env.IDS.split(','));
  ms = ms.filter((m) => only.has(m.id));
}
let killed = 0;
try {
  for (const m of ms) {
    const s = off(m.location.start.line, m.location.start.column);
    const e = off(m.location.end.line, m.location.end.column);
    writeFileSync(file, orig.slice(0, s) + m.replacement + orig.slice(e));
    const t0 = Date.now();
    // a mutant that loops for ever is stopped after 40 s (counted as killed, as Stryker's timeout)
    const p = spawnSync('timeout', ['40', 'nice', '-n', '19', 'npx', 'vitest', 'run', '--bail=1', ...tests], {
      encoding: 'utf8',
    });
    if (p.status !== 0) killed++;
    const where = `${m.location.start.line}:${m.location.start.column}`;
    const src = lines[m.location.start.line - 1].trim().slice(0, 70);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    process.stdout.write(
      `${p.status === 0 ? 'SURVIVED' : 'killed  '} ${m.id} ${where} ${m.mutatorName} "${m.replacement.slice(0, 50)}" ${secs}s rc=${p.status} | ${src}\n`,
    );
  }
} finally {
  writeFileSync(file, orig);
}
process.stdout.write(`${killed} of ${ms.length} killed\n`);
