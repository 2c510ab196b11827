#!/usr/bin/env node
// node scripts/mutation-summary.mjs [--survivors] [--root DIR]: per-folder counts from every
// DIR/*/mutation.json (default reports/mutation; whole-folder runs and file sets; a file reported by
// several runs counts once, from its newest report, joined by the line ranges other reports of the
// same source hold). Score = (killed + timeout) / (all - ignored - compile errors), Stryker's; the
// last column counts a timeout as a survivor (a lower bound).
// A report whose folder name starts with `fast-` is a run of the same files against the fast tests
// alone: a mutant it kills counts as killed (the union of two test sets kills what either kills).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const rootAt = process.argv.indexOf('--root');
const root = rootAt >= 0 ? process.argv[rootAt + 1] : 'reports/mutation';
const showSurvivors = process.argv.includes('--survivors');
if (!existsSync(root)) {
  process.stderr.write('sigcheck: mutation-summary: no reports/mutation yet (run npm run mutate)\n');
  process.exit(2);
}
/** Files mutated with another folder (scripts/mutate.mjs ELSEWHERE); an incremental report may still carry them. */
const MOVED = { 'src/numeric/blas.ts': 'src/geometry', 'src/numeric/float/wasm-gram.ts': 'src/geometry' };
/** Mutants killed by a fast-only run, by file, place and replacement. */
const fastKilled = new Set();
const keyOf = (file, m) =>
  `${file}:${m.location.start.line}:${m.location.start.column}:${m.location.end.line}:${m.location.end.column}:${m.mutatorName}:${m.replacement ?? ''}`;
/** file -> { mtime, mutants } from the newest report that holds it */
const files = new Map();
/** file -> every report that holds it */
const reportsOf = new Map();
for (const slug of readdirSync(root)) {
  const p = join(root, slug, 'mutation.json');
  if (!existsSync(p)) continue;
  const mtime = statSync(p).mtimeMs;
  const report = JSON.parse(readFileSync(p, 'utf8'));
  if (slug.startsWith('fast-')) {
    for (const [file, r] of Object.entries(report.files))
      for (const m of r.mutants)
        if (m.status === 'Killed' || m.status === 'Timeout') fastKilled.add(keyOf(file, m));
    continue;
  }
  for (const [file, r] of Object.entries(report.files)) {
    if (file in MOVED && !slug.startsWith(MOVED[file].replace(/\//g, '-'))) continue;
    const list = reportsOf.get(file) ?? [];
    list.push({ mtime, mutants: r.mutants, source: r.source });
    reportsOf.set(file, list);
  }
}
// A file counts from its newest report, joined by the mutants of older reports of the same source
// that the newer ones lack: line-range runs (pairs.ts:1-528, ...) each report a part of one file.
for (const [file, list] of reportsOf) {
  list.sort((a, b) => b.mtime - a.mtime);
  const newest = list[0];
  const seen = new Set(newest.mutants.map((m) => keyOf(file, m)));
  const mutants = [...newest.mutants];
  for (const older of list.slice(1)) {
    if (older.source !== newest.source) continue;
    for (const m of older.mutants) {
      const key = keyOf(file, m);
      if (seen.has(key)) continue;
      seen.add(key);
      mutants.push(m);
    }
  }
  files.set(file, { mtime: newest.mtime, mutants, source: newest.source });
}
const FOLDERS = [
  'src/loss',
  'src/numeric',
  'src/solver',
  'src/bounds',
  'src/geometry',
  'constructions',
  'theorems',
];
const rows = new Map();
for (const [file, { mutants, source }] of [...files].sort()) {
  const folder = MOVED[file] ?? FOLDERS.find((f) => file.startsWith(`${f}/`)) ?? file;
  const row = rows.get(folder) ?? {
    Killed: 0,
    Timeout: 0,
    Survived: 0,
    NoCoverage: 0,
    Ignored: 0,
    other: 0,
    byFast: 0,
  };
  for (const m0 of mutants) {
    const unionKilled =
      (m0.status === 'Survived' || m0.status === 'NoCoverage') && fastKilled.has(keyOf(file, m0));
    const m = unionKilled ? { ...m0, status: 'Killed' } : m0;
    if (unionKilled) row.byFast++;
    if (m.status in row) row[m.status]++;
    else row.other++;
    if (showSurvivors && (m.status === 'Survived' || m.status === 'NoCoverage')) {
      const line = source.split('\n')[m.location.start.line - 1] ?? '';
      process.stdout.write(
        `${m.status} ${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '')} | ${line.trim().slice(0, 100)}\n`,
      );
    }
  }
  rows.set(folder, row);
}
process.stdout.write(
  '| folder | mutants | killed | timeout | survived | no coverage | score | score, timeouts as survived | of the killed, by a fast-only run |\n|---|---|---|---|---|---|---|---|---|\n',
);
for (const [folder, r] of rows) {
  const valid = r.Killed + r.Timeout + r.Survived + r.NoCoverage;
  const pct = (x) => (valid === 0 ? 'n/a' : `${((100 * x) / valid).toFixed(1)}%`);
  process.stdout.write(
    `| ${folder} | ${valid} | ${r.Killed} | ${r.Timeout} | ${r.Survived} | ${r.NoCoverage} | ${pct(r.Killed + r.Timeout)} | ${pct(r.Killed)} | ${r.byFast} |\n`,
  );
}
