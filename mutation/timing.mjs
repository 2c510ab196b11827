#!/usr/bin/env node
// node mutation/timing.mjs [slug ...]: where a mutation run's minutes went, from the timing
// reporter's reports/mutation/<slug>/timing.json (every run on record when no slug is given):
// minutes by run, by file, by status, and the costliest mutants.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

// a reader that stops early (| head) ends the output, not with a stack trace
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 2));
const root = 'reports/mutation';
const slugs = process.argv.slice(2);
const runs = (slugs.length > 0 ? slugs : existsSync(root) ? readdirSync(root) : []).filter((s) =>
  existsSync(`${root}/${s}/timing.json`),
);
if (runs.length === 0) {
  process.stderr.write(`sigcheck: mutation timing: no ${root}/<slug>/timing.json on record\n`);
  process.exit(2);
}
const min = (ms) => (ms / 60000).toFixed(1);
const all = [];
for (const slug of runs) {
  const { mutants } = JSON.parse(readFileSync(`${root}/${slug}/timing.json`, 'utf8'));
  for (const m of mutants) all.push({ ...m, slug });
}
function table(title, key) {
  const groups = new Map();
  for (const m of all) {
    const k = key(m);
    const g = groups.get(k) ?? { n: 0, ms: 0 };
    g.n++;
    g.ms += m.ms;
    groups.set(k, g);
  }
  process.stdout.write(`\n| ${title} | mutants | minutes | s a mutant |\n|---|---|---|---|\n`);
  for (const [k, g] of [...groups].sort((a, b) => b[1].ms - a[1].ms))
    process.stdout.write(`| ${k} | ${g.n} | ${min(g.ms)} | ${(g.ms / g.n / 1000).toFixed(2)} |\n`);
}
table('run', (m) => m.slug);
table('file', (m) => m.file);
table('status', (m) => m.status);
process.stdout.write('\n| costliest mutants | status | seconds |\n|---|---|---|\n');
for (const m of [...all].sort((a, b) => b.ms - a.ms).slice(0, 20))
  process.stdout.write(
    `| ${m.file}:${m.line} ${m.mutator} (#${m.id}) | ${m.status} | ${(m.ms / 1000).toFixed(1)} |\n`,
  );
