#!/usr/bin/env node
// node mutation/compare-reports.mjs A/mutation.json B/mutation.json: the status of every mutant of
// two Stryker reports of the same source, matched by file, place, mutator and replacement; prints
// each mutant whose status differs, the counts of both and of each change (e.g. Survived -> Timeout). Used to check that a change to the
// mutation tooling (e.g. SIGCHECK_MUTATE_FRESH_WORKERS=1 against kept threads) changes no verdict.
import { readFileSync } from 'node:fs';

const [pathA, pathB] = process.argv.slice(2);
if (pathA === undefined || pathB === undefined) {
  process.stderr.write('sigcheck: compare-reports: give two mutation.json files\n');
  process.exit(2);
}
function load(path) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    process.stderr.write(`sigcheck: compare-reports: cannot read ${path} (${e.code ?? e.message})\n`);
    process.exit(2);
  }
  const byKey = new Map();
  const counts = {};
  for (const [file, r] of Object.entries(report.files))
    for (const m of r.mutants) {
      // start, end, mutator and replacement; two mutants alike in all four are told apart by order
      const { start, end } = m.location;
      const base = `${file}:${start.line}:${start.column}-${end.line}:${end.column}:${m.mutatorName}:${m.replacement ?? ''}`;
      let i = 0;
      while (byKey.has(`${base}#${i}`)) i++;
      byKey.set(`${base}#${i}`, m.status);
      counts[m.status] = (counts[m.status] ?? 0) + 1;
    }
  return { byKey, counts };
}
const a = load(pathA);
const b = load(pathB);
let same = 0;
let differ = 0;
const moves = {};
for (const [key, status] of a.byKey) {
  if (!b.byKey.has(key)) continue;
  if (b.byKey.get(key) === status) same++;
  else {
    differ++;
    const move = `${status} -> ${b.byKey.get(key)}`;
    moves[move] = (moves[move] ?? 0) + 1;
    process.stdout.write(`differs ${key}: ${move}\n`);
  }
}
const unmatched = [...a.byKey.keys()].filter((k) => !b.byKey.has(k)).length;
process.stdout.write(
  `A ${JSON.stringify(a.counts)}\nB ${JSON.stringify(b.counts)}\nsame ${same}, differ ${differ} ${JSON.stringify(moves)}, only in A ${unmatched}\n`,
);
process.exit(differ === 0 ? 0 : 1);
