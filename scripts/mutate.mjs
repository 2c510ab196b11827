#!/usr/bin/env node
// npm run mutate [folder ...]: StrykerJS over the mathematics, one folder at a time, with only the
// fast in-process tests that cover that folder. Report under reports/mutation/<folder>/.
import { spawnSync } from 'node:child_process';

/** Folder mutated -> the fast test globs that exercise it. */
const FOLDERS = {
  'src/loss': ['test/src/loss/**/*.test.ts'],
  'src/numeric': ['test/src/numeric/**/*.test.ts', 'test/src/loss/sigmoid.test.ts'],
  // solve.test.ts runs workers and 1500-step solves: slow, and a worker never sees a mutant
  'src/solver': ['test/src/solver/kernel.test.ts', 'test/src/solver/adam-reference.test.ts'],
  'src/bounds': ['test/src/bounds/**/*.test.ts'],
  'src/geometry': ['test/src/geometry/**/*.test.ts'],
  constructions: ['test/constructions/**/*.test.ts'],
  theorems: ['test/theorems/**/*.test.ts'],
};

/** Files mutated with another folder, whose tests cover them (wasm-gram.ts: the 45 s scan tests). */
const ELSEWHERE = {
  'src/numeric': ['src/numeric/float/wasm-gram.ts'],
  'src/geometry': ['src/numeric/float/wasm-gram.ts'],
};

const args = process.argv.slice(2).map((a) => a.replace(/\/+$/, ''));
const unknown = args.filter((a) => !(a in FOLDERS));
if (unknown.length > 0) {
  process.stderr.write(
    `sigcheck: mutate: unknown folder ${unknown.join(', ')}; one of ${Object.keys(FOLDERS).join(', ')}\n`,
  );
  process.exit(2);
}
const folders = args.length > 0 ? args : Object.keys(FOLDERS);
function mutateGlobs(folder) {
  const own = [`${folder}/**/*.ts`, `!${folder}/**/*worker.ts`];
  if (folder === 'src/numeric') return [...own, ...ELSEWHERE[folder].map((f) => `!${f}`)];
  if (folder === 'src/geometry') return [...own, ...ELSEWHERE[folder]];
  return own;
}

let status = 0;
for (const folder of folders) {
  const started = Date.now();
  const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      // worker entry points only run in worker threads, where no mutant is ever active
      SIGCHECK_MUTATE: mutateGlobs(folder).join(','),
      SIGCHECK_MUTATE_TESTS: FOLDERS[folder].join(','),
      SIGCHECK_MUTATE_SLUG: folder.replace(/\//g, '-'),
    },
  });
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  process.stdout.write(`mutate ${folder}: exit ${r.status}, wall ${minutes} min\n`);
  if (r.status !== 0) status = 1;
}
process.exit(status);
