#!/usr/bin/env node
// npm run mutate [folder|file ...]: StrykerJS over the mathematics, one folder at a time, with only
// the fast in-process tests that cover that folder. Report under reports/mutation/<folder>/.
// Files of one folder given by path (src/bounds/constellation.ts) form one file set with its own
// report, reports/mutation/<folder>--<names>/: a large folder is split into runs that each fit a slot.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync } from 'node:fs';

/** Folder mutated -> the fast test globs that exercise it. */
const FOLDERS = {
  'src/loss': ['test/src/loss/**/*.test.ts'],
  'src/numeric': ['test/src/numeric/**/*.test.ts', 'test/src/loss/sigmoid.test.ts'],
  // solve.test.ts runs workers and 1500-step solves: slow, and a worker never sees a mutant
  'src/solver': [
    'test/src/solver/kernel.test.ts',
    'test/src/solver/adam-reference.test.ts',
    'test/src/solver/projected-adam.test.ts',
    'test/src/solver/diverged.test.ts',
    'test/src/solver/*.mutation.test.ts',
  ],
  // only the *.mutation.test.ts value tests: under Stryker's instrumentation the property laws
  // (fast-check over n <= 10^5), the edge suites and the inversions (bisection up to the boundary,
  // decided by the decimal twin) take minutes per mutant; they stay in npm test
  // feasibility-text and margin-beyond-branch are plain value tests (milliseconds): the message
  // texts and the past-the-branch rows they pin are reached by no mutation test
  'src/bounds': [
    'test/src/bounds/**/*.mutation.test.ts',
    'test/src/bounds/feasibility-text.test.ts',
    'test/src/bounds/margin-beyond-branch.test.ts',
  ],
  // shard.test.ts, wasm-gram.test.ts and exact-candidates.test.ts (14, 9 and 5 s: scans of 1000+
  // rows, 2-thread runs) would be rerun by most geometry mutants (measured: ~10 s a mutant, 3 h for
  // scan-core.ts); the small cases below reach the same code in-process
  'src/geometry': [
    'test/src/geometry/pairs.test.ts',
    'test/src/geometry/quantile.test.ts',
    'test/src/geometry/measures.test.ts',
    'test/src/geometry/extremes.test.ts',
    'test/src/geometry/*.mutation.test.ts',
    'test/src/geometry/gram-total.test.ts',
    'test/src/geometry/xi-cov.test.ts',
    'test/src/geometry/xi-corners.test.ts',
    // blas.ts is mutated with this folder: its core-type choice is tested in-process here
    'test/src/numeric/blas-coretype.test.ts',
  ],
  // the file sets' in-process tests (CCEM_TESTS, CONSTRUCTION_TESTS, hp/), without ccem-edges.test.ts
  // (its CLI half runs child processes for over a minute, rerun by every static mutant)
  constructions: [
    'test/constructions/ccem*.mutation.test.ts',
    'test/constructions/ccem-float-corners.test.ts',
    'test/constructions/constructions.mutation.test.ts',
    'test/constructions/codes.test.ts',
    'test/constructions/construction-1.test.ts',
    'test/constructions/construction-2.test.ts',
    'test/constructions/hp/*.test.ts',
  ],
  // a file set of theorems/ is tested by the files' own tests (<name>.test.ts, the sharpness and
  // mutation tests <name>-*.test.ts, <name>.mutation.test.ts) and the per-claim checks of every
  // claim's tolerance, domain corners and boundaries (one test per claim: perTest reruns only its own)
  theorems: (files) =>
    files === null
      ? readdirSync('test/theorems')
          .filter((f) => f.endsWith('.test.ts'))
          .map((f) => `test/theorems/${f}`)
          .filter((f) => !THEOREMS_NEVER_KILL.includes(f))
      : [
          ...files.flatMap((f) => {
            const name = f.slice('theorems/'.length).replace(/\.ts$/, '');
            return [
              `test/theorems/${name}.test.ts`,
              `test/theorems/${name}-*.test.ts`,
              `test/theorems/${name}.mutation.test.ts`,
            ];
          }),
          'test/theorems/tolerances.mutation.test.ts',
          'test/theorems/corners.test.ts',
          'test/theorems/domains.mutation.test.ts',
          // every claim and twin at verify's defaults (perTest: only the claims a mutant reaches rerun)
          'test/theorems/verdicts.mutation.test.ts',
        ],
};

/**
 * Test files that were never the first to fail on a theorems/ mutant in the seventeenth round's whole
 * run (2720 mutants; CheapFirst runs a slow file late, so a mutant it alone kills names it), while its
 * survivors and timeouts reran them: about 113 s of plain test time (cap-area's 1000-run property and
 * its mpmath corners, bounds-monotone's 60 random cases). They stay in npm test.
 */
const THEOREMS_NEVER_KILL = ['test/theorems/cap-area.test.ts', 'test/theorems/bounds-monotone.test.ts'];

/** The in-process tests of the float CCEM route (ccem.ts, ccem-regime.ts and their caller). */
const CCEM_TESTS = [
  'test/constructions/ccem.mutation.test.ts',
  'test/constructions/ccem-float-corners.test.ts',
  'test/constructions/ccem-at-decimals.mutation.test.ts',
  'test/constructions/ccem-regime.mutation.test.ts',
  'test/constructions/ccem-float-bound.mutation.test.ts',
];
/** The tests of the codes and constellation constructions. */
const CONSTRUCTION_TESTS = [
  'test/constructions/constructions.mutation.test.ts',
  'test/constructions/codes.test.ts',
  'test/constructions/construction-1.test.ts',
  'test/constructions/construction-2.test.ts',
  'test/constructions/ccem.mutation.test.ts',
];

/** The in-process scan tests of pairs.ts and scan-core.ts (smallest inputs first). */
const GEOMETRY_SCAN_TESTS = [
  // plainLogitsExact and lossErrorBound, no scan
  'test/src/geometry/loss-bound.mutation.test.ts',
  'test/src/geometry/scan-core.mutation.test.ts',
  'test/src/geometry/narrow-kept.mutation.test.ts',
  'test/src/geometry/interleaved-dots-rows.test.ts',
  'test/src/geometry/interleaved-dots-groups.mutation.test.ts',
  'test/src/geometry/positive-index.mutation.test.ts',
  // pairs.ts 1-533: nextUp, the pilot window against its definition, the fallback's refinement
  // with the wanted value visited last, the helper thread and OpenBLAS thread count of a pass
  'test/src/geometry/pilot-window.mutation.test.ts',
  'test/src/geometry/refine-negatives.mutation.test.ts',
  'test/src/geometry/run-job.mutation.test.ts',
  'test/src/geometry/shard-rows.mutation.test.ts',
  'test/src/geometry/finish-scan.mutation.test.ts',
  // finishScan's band on hand-built parts (band-parts.ts) with kernel entries eps off the exact ones
  'test/src/geometry/band-grid.mutation.test.ts',
  // the band's notes under SIGCHECK_TIMINGS=1 (loads pairs.js in a worker of its own)
  'test/src/geometry/band-notes.mutation.test.ts',
  // runTasks on hand-built jobs of a few blocks (the plain and ledger loops, narrowing, sums)
  'test/src/geometry/scan-tasks.mutation.test.ts',
  // scanRows and exactResolver on hand-laid inputs of dimension 1 (pairs.ts 534-1061): the part's
  // options, rows, logits and narrowed window; the band's buckets, window ends and order; two slots
  'test/src/geometry/scan-rows.mutation.test.ts',
  'test/src/geometry/resolver-band.mutation.test.ts',
  'test/src/geometry/scan-rows-slots.mutation.test.ts',
  // a second scan past its kept cap, and one beside crowds of 2^21 entries (0.7 s)
  'test/src/geometry/resolver-overflow.mutation.test.ts',
  'test/src/geometry/measures.mutation.test.ts',
  'test/src/geometry/measures.test.ts',
  'test/src/geometry/extremes.test.ts',
  'test/src/geometry/gram-total.test.ts',
  'test/src/geometry/xi.mutation.test.ts',
  'test/src/geometry/scan-sums.mutation.test.ts',
  'test/src/geometry/pairs.test.ts',
  'test/src/geometry/pairs-rules.mutation.test.ts',
  'test/src/geometry/pairs-refine.mutation.test.ts',
  'test/src/geometry/select-band-parts.mutation.test.ts',
];

/**
 * The tests of GEOMETRY_SCAN_TESTS that killed a mutant of one file or range (Stryker's killedBy, the
 * first file to fail: CheapFirst runs a file that kills nothing else's mutants last, so it is listed
 * whenever it alone kills). Measured on the seventeenth round's whole run (pairs.ts ranges) and the
 * eighteenth's scan-core run; resolver-band stays in every set (its OpenBLAS cases were skipped in
 * the pairs runs). The others only cost: a survivor reran all of them (13 s a survivor in scan-core).
 */
function scanTests(names) {
  return names.split(' ').map((name) => {
    const test = GEOMETRY_SCAN_TESTS.find((t) => t.endsWith(`/${name}.test.ts`));
    if (test === undefined) throw new Error(`mutate: ${name} is not in GEOMETRY_SCAN_TESTS`);
    return test;
  });
}

/**
 * Files whose own value tests reach every line, run with those tests alone when a run names only
 * such files. With the folder's globs every gramBlock mutant was static (pairs-rules builds two
 * scans while collecting), so each reran all 143 tests: 144 of 306 mutants, an estimated 50 min.
 */
const FILE_TESTS = {
  'src/geometry/gram-block.ts': [
    'test/src/geometry/gram-block.mutation.test.ts',
    'test/src/geometry/extremes.test.ts',
  ],
  'src/geometry/xi.ts': [
    'test/src/geometry/xi.mutation.test.ts',
    'test/src/geometry/xi-cov.test.ts',
    'test/src/geometry/xi-corners.test.ts',
  ],
  'src/geometry/gram-plan.ts': [
    'test/src/geometry/gram-plan*.mutation.test.ts',
    'test/src/geometry/scan-kernels.mutation.test.ts',
  ],
  // the tests that call quantile.ts and retrieval.ts directly (the folder's other tests reach them
  // only through whole scans); trimmed-exact.test.ts holds exactWeight's, lerpExact's and
  // halfCombination's exact checks (0.5 s)
  'src/geometry/quantile.ts': [
    'test/src/geometry/quantile*.test.ts',
    'test/src/geometry/trimmed-exact.test.ts',
  ],
  'src/geometry/retrieval.ts': ['test/src/geometry/measures*.test.ts'],
  // shard.test.ts runs 1000-row scans and the CLI (14 s); these build small documents in-process
  'src/geometry/shard.ts': ['test/src/geometry/shard*.mutation.test.ts'],
  // with the folder's tests each wasm-gram.ts mutant reran the wasm-kernel scans (10-30 s a mutant,
  // 27 of the geometry rest's 35 minutes); these build arenas, ledgers and block tasks by hand
  'src/numeric/float/wasm-gram.ts': [
    'test/src/geometry/wasm-gram*.mutation.test.ts',
    'test/src/geometry/gram-plan*.mutation.test.ts',
    'test/src/geometry/scan-ledger*.mutation.test.ts',
    'test/src/geometry/scan-tasks.mutation.test.ts',
    'test/src/geometry/finish-scan.mutation.test.ts',
  ],
  // its switch is read at import: each of its static mutants reran all of the folder's tests (3 of
  // the rest's 5 minutes); these load it afresh under SIGCHECK_TIMINGS on and off
  'src/geometry/timings.ts': [
    'test/src/geometry/timings.mutation.test.ts',
    'test/src/geometry/band-notes.mutation.test.ts',
    'test/src/geometry/measures.mutation.test.ts',
  ],
  // the loader's own tests and the callers that load OpenBLAS in-process; with the folder's tests its
  // static mutants (the CPU flags read at import) reran all 425 of them
  'src/numeric/blas.ts': [
    'test/src/numeric/blas-coretype.test.ts',
    'test/src/geometry/blas*.mutation.test.ts',
    'test/src/geometry/gram-plan*.mutation.test.ts',
    'test/src/geometry/scan-ledger*.mutation.test.ts',
    'test/src/geometry/scan-rows.mutation.test.ts',
    'test/src/geometry/scan-sums.mutation.test.ts',
    'test/src/geometry/resolver-band.mutation.test.ts',
    'test/src/geometry/pairs-rules.mutation.test.ts',
    'test/src/geometry/separator-optimal.mutation.test.ts',
  ],
  // scan-core.ts and pairs.ts: every mutant under instrumentation pays a coverage call on each pass
  // of the loops over the 2^20 histogram buckets (about 1-3 s a walk instrumented, 1 ms plain), so
  // the folder's scan tests cost 1-22 s each and most of them cover most mutants. These sets leave
  // out scan-kernels.mutation.test.ts (7-22 s a test, instrumented: 540 and 1020 min of test time
  // if every mutant of the two files survived) and shard.mutation.test.ts (its 2-shard scans, 15 s):
  // every function of both files is still reached by the smaller cases below
  'src/geometry/scan-core.ts': scanTests(
    'interleaved-dots-groups.mutation interleaved-dots-rows finish-scan.mutation scan-tasks.mutation ' +
      'scan-core.mutation narrow-kept.mutation scan-rows.mutation extremes run-job.mutation ' +
      'scan-sums.mutation pairs measures pairs-rules.mutation resolver-band.mutation',
  ),
  'src/geometry/pairs.ts': GEOMETRY_SCAN_TESTS,
  // the separator's own value tests (the folder's scans never call it); the 80-seed planar sweep
  // (separator-sweep.test.ts, 10 s instrumented) stays in npm test, these run 16 of its seeds
  'src/geometry/separator.ts': [
    'test/src/geometry/separator.mutation.test.ts',
    'test/src/geometry/separator-all.mutation.test.ts',
    'test/src/geometry/separator-batch.mutation.test.ts',
    'test/src/geometry/separator-optimal.mutation.test.ts',
    'test/src/geometry/separator-rules.mutation.test.ts',
    'test/src/geometry/separator-caps.mutation.test.ts',
    'test/src/geometry/separator-attempt.mutation.test.ts',
    'test/src/geometry/measures.test.ts',
  ],
  // src/bounds runs file by file (a walk of an instrumented levenshtein.ts slows every bounds test:
  // the dry run of all 190 took 52 s against 8-12 s with any other file instrumented); levenshtein.ts
  // takes the tests that call it and its decimal twin directly, not the table's inversions and rows,
  // whose bisections run a walk at every probe
  'src/bounds/levenshtein.ts': [
    'test/src/bounds/levenshtein*.mutation.test.ts',
    'test/src/bounds/hp-levenshtein.mutation.test.ts',
    'test/src/bounds/bounds-points.mutation.test.ts',
    'test/src/bounds/table.mutation.test.ts',
    'test/src/bounds/arguments.mutation.test.ts',
  ],
  // constructions/ without ccem-edges.test.ts, whose CLI half runs child processes (over a minute,
  // rerun by every static mutant: the folder's first whole run tested 57 mutants in 11 min)
  'constructions/ccem.ts': CCEM_TESTS,
  'constructions/ccem-regime.ts': CCEM_TESTS,
  'constructions/ccem-at-decimals.ts': ['test/constructions/ccem-at-decimals.mutation.test.ts'],
  'constructions/hp/ccem.ts': ['test/constructions/hp/*.test.ts'],
  'constructions/codes.ts': CONSTRUCTION_TESTS,
  'constructions/construction-1.ts': CONSTRUCTION_TESTS,
  'constructions/construction-2.ts': CONSTRUCTION_TESTS,
  'constructions/cross-polytope.ts': CONSTRUCTION_TESTS,
  'constructions/simplex-etf.ts': CONSTRUCTION_TESTS,
  'constructions/random-constellation.ts': CONSTRUCTION_TESTS,
};

/**
 * Line ranges (`file.ts:a-b`, Stryker's syntax) with tests of their own, narrower than their file's.
 */
const RANGE_TESTS = {
  'src/geometry/pairs.ts:1-533': scanTests(
    'positive-index.mutation pairs-rules.mutation pairs finish-scan.mutation measures pairs-refine.mutation ' +
      'refine-negatives.mutation run-job.mutation extremes band-grid.mutation resolver-band.mutation ' +
      'pilot-window.mutation',
  ),
  'src/geometry/pairs.ts:534-1061': scanTests(
    'measures.mutation scan-rows.mutation resolver-band.mutation pairs-refine.mutation pairs ' +
      'refine-negatives.mutation pairs-rules.mutation resolver-overflow.mutation loss-bound.mutation ' +
      'band-grid.mutation scan-sums.mutation finish-scan.mutation gram-total shard-rows.mutation measures ' +
      'scan-rows-slots.mutation run-job.mutation extremes',
  ),
  'src/geometry/pairs.ts:1062-1410': scanTests(
    'run-job.mutation pairs-rules.mutation band-grid.mutation select-band-parts.mutation scan-rows.mutation ' +
      'pairs band-notes.mutation measures scan-sums.mutation finish-scan.mutation extremes resolver-band.mutation',
  ),
};

/**
 * Folders too slow for one run: named whole, each is run as these file sets (their FILE_TESTS or
 * RANGE_TESTS; the reports are those of the same sets named by hand), then the rest of the folder
 * with the folder's tests. src/geometry whole took 9.3 min for the dry run alone and an estimated 5 h
 * for pairs.ts (fourteenth round in docs/mutation.md).
 */
const SPLIT = {
  // src/bounds whole: the 1190 mutants of cap-area, levenshtein, lgamma, table and decide together
  // tested 508 in 40 minutes and slowed to 5 a minute (an instrumented walk slows every bounds test);
  // file by file they took 1.5-24 minutes each (fourteenth and fifteenth rounds)
  'src/bounds': [
    ['src/bounds/levenshtein.ts'],
    ['src/bounds/table.ts'],
    [
      'src/bounds/hp/cap-area.ts',
      'src/bounds/hp/levenshtein.ts',
      'src/bounds/hp/lgamma.ts',
      'src/bounds/hp/table.ts',
    ],
    ['src/bounds/cap-area.ts'],
    ['src/bounds/lgamma.ts'],
    ['src/bounds/decide.ts'],
  ],
  'src/geometry': [
    ['src/geometry/scan-core.ts'],
    ['src/geometry/pairs.ts:1-533'],
    ['src/geometry/pairs.ts:534-1061'],
    ['src/geometry/pairs.ts:1062-1410'],
    ['src/geometry/separator.ts'],
    ['src/geometry/gram-block.ts', 'src/geometry/gram-plan.ts'],
    ['src/geometry/xi.ts'],
    ['src/geometry/quantile.ts', 'src/geometry/retrieval.ts'],
    ['src/geometry/shard.ts'],
    ['src/numeric/float/wasm-gram.ts'],
    ['src/numeric/blas.ts'],
    ['src/geometry/timings.ts'],
  ],
};

/**
 * Folders run with Stryker's ignoreStatic: theorems/ builds each claim's metadata, parameter objects
 * and domain at import, and every such static mutant would rerun all tests of the set (Stryker lists
 * them as ignored, outside the score; corners, domains and tolerances tests check those objects).
 */
const IGNORE_STATIC = new Set(['theorems']);

/**
 * Files mutated with another folder, whose tests cover them: wasm-gram.ts (the 45 s scan tests) and
 * blas.ts (the OpenBLAS loader, exercised by the geometry kernels' tests).
 */
const ELSEWHERE = {
  'src/numeric': ['src/numeric/float/wasm-gram.ts', 'src/numeric/blas.ts'],
  'src/geometry': ['src/numeric/float/wasm-gram.ts', 'src/numeric/blas.ts'],
};

/** `--concurrency N` (Stryker's test runners side by side; the config's default is 1, a shared machine). */
const argv = process.argv.slice(2);
function wholeFlag(name) {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv.splice(at, 2)[1];
  if (!/^[1-9][0-9]?$/.test(value ?? '')) {
    process.stderr.write(`sigcheck: mutate: ${name} needs a whole number from 1 to 99\n`);
    process.exit(2);
  }
  return value;
}
const concurrency = wholeFlag('--concurrency');
// `--parallel N`: N runs (file sets, folders) side by side, each its own Stryker process at the
// config's concurrency; each run's output goes to reports/mutation/<slug>/run.log. Unlike
// `--concurrency 2`, a run's instrumenting, dry run and last mutants do not leave a core idle.
const parallel = Number(wholeFlag('--parallel') ?? 1);
// `--list`: print each run's files, tests and report folder, and run nothing
const listOnly = argv.includes('--list');
const args = argv.filter((a) => a !== '--list').map((a) => a.replace(/\/+$/, ''));
/** The file of an argument: `src/geometry/pairs.ts:1032-1370` (Stryker's line range) names pairs.ts. */
function fileOf(arg) {
  return arg.replace(/:\d+-\d+$/, '');
}
/** The folder a file argument belongs to (the longest matching key), or undefined. */
function folderOf(arg) {
  if (arg in FOLDERS) return arg;
  if (!fileOf(arg).endsWith('.ts')) return undefined;
  // a file mutated with another folder (ELSEWHERE) runs with that folder
  if (ELSEWHERE['src/geometry'].includes(fileOf(arg))) return 'src/geometry';
  return Object.keys(FOLDERS)
    .filter((f) => arg.startsWith(`${f}/`))
    .sort((a, b) => b.length - a.length)[0];
}
const unknown = args.filter((a) => folderOf(a) === undefined);
if (unknown.length > 0) {
  process.stderr.write(
    `sigcheck: mutate: unknown folder ${unknown.join(', ')}; one of ${Object.keys(FOLDERS).join(', ')} or a .ts file in one\n`,
  );
  process.exit(2);
}
/** Runs: a whole folder, or the files given for one folder. */
const runs = [];
for (const a of args.length > 0 ? args : Object.keys(FOLDERS)) {
  const folder = folderOf(a);
  if (a === folder && folder in SPLIT) {
    for (const files of SPLIT[folder]) runs.push({ folder, files: [...files] });
    runs.push({ folder, files: null, except: [...new Set(SPLIT[folder].flat().map(fileOf))] });
  } else if (a === folder) runs.push({ folder, files: null });
  else {
    const run = runs.find((r) => r.folder === folder && r.files !== null);
    if (run) run.files.push(a);
    else runs.push({ folder, files: [a] });
  }
}
function mutateGlobs(folder, except = []) {
  const own = [`${folder}/**/*.ts`, `!${folder}/**/*worker.ts`, ...except.map((f) => `!${f}`)];
  if (folder === 'src/numeric') return [...own, ...ELSEWHERE[folder].map((f) => `!${f}`)];
  // Stryker's later globs win: a file of the set run on its own stays out of the rest
  if (folder === 'src/geometry') return [...own, ...ELSEWHERE[folder].filter((f) => !except.includes(f))];
  return own;
}
function slugOf({ folder, files, except }) {
  const base = folder.replace(/\//g, '-');
  if (files === null) return except === undefined ? base : `${base}--rest`;
  const names = files
    .map((f) =>
      (f.startsWith(`${folder}/`) ? f.slice(folder.length + 1) : f.replace(/^src\//, '')).replace(
        /\.ts(:(\d+)-(\d+))?$/,
        (_, r, a, b) => (r ? `-${a}-${b}` : ''),
      ),
    )
    .sort();
  return `${base}--${names.join('-').replace(/\//g, '-')}`;
}

/**
 * Runs longest first when side by side (one-core minutes measured in earlier rounds, less the timer
 * timeouts the CPU watchdog of setup-mutation.ts ends sooner; a run not listed goes after these): a
 * long run started last would hold the total up.
 */
const LONG_FIRST = [
  'src-geometry--separator',
  'theorems',
  'src-solver',
  'src-geometry--pairs-1062-1410',
  'src-geometry--pairs-534-1061',
  'src-geometry--pairs-1-533',
  'src-geometry--scan-core',
  'constructions',
  'src-bounds--hp-cap-area-hp-levenshtein-hp-lgamma-hp-table',
  'src-numeric',
  'src-geometry--numeric-blas',
  'src-bounds--levenshtein',
  'src-bounds--rest',
  'src-geometry--gram-block-gram-plan',
  'src-bounds--table',
  'src-loss',
  'src-geometry--quantile-retrieval',
  'src-geometry--rest',
];
const rank = (run) => {
  const i = LONG_FIRST.indexOf(slugOf(run));
  return i < 0 ? LONG_FIRST.length : i;
};
const queue = parallel > 1 ? [...runs].sort((a, b) => rank(a) - rank(b)) : [...runs];

let status = 0;
const allStarted = Date.now();
function startRun(run) {
  const { folder, files, except } = run;
  const label = files !== null ? files.join(' ') : except === undefined ? folder : `${folder} (the rest)`;
  const started = Date.now();
  // a line range takes its own tests (RANGE_TESTS) or its file's
  const testsOf = (f) => RANGE_TESTS[f] ?? FILE_TESTS[fileOf(f)];
  const tests = files?.every((f) => testsOf(f) !== undefined)
    ? [...new Set(files.flatMap(testsOf))]
    : typeof FOLDERS[folder] === 'function'
      ? FOLDERS[folder](files)
      : FOLDERS[folder];
  if (listOnly) {
    process.stdout.write(
      `${slugOf(run)}\n  mutate ${(files ?? mutateGlobs(folder, except)).join(' ')}\n  tests ${tests.join(' ')}\n`,
    );
    return Promise.resolve();
  }
  const flags = IGNORE_STATIC.has(folder) ? ['--ignoreStatic'] : [];
  if (concurrency !== undefined) flags.push('--concurrency', concurrency);
  let log;
  if (parallel > 1) {
    const dir = `reports/mutation/${slugOf(run)}`;
    mkdirSync(dir, { recursive: true });
    log = createWriteStream(`${dir}/run.log`);
    process.stdout.write(`mutate ${label}: started, output in ${dir}/run.log\n`);
  }
  const child = spawn('npx', ['stryker', 'run', 'stryker.config.mjs', ...flags], {
    stdio: log === undefined ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // worker entry points only run in worker threads, where no mutant is ever active
      SIGCHECK_MUTATE: (files ?? mutateGlobs(folder, except)).join(','),
      SIGCHECK_MUTATE_TESTS: tests.join(','),
      SIGCHECK_MUTATE_SLUG: slugOf(run),
    },
  });
  if (log !== undefined) {
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
  }
  return new Promise((resolve) => {
    child.on('close', (code) => {
      log?.end();
      const minutes = ((Date.now() - started) / 60000).toFixed(1);
      process.stdout.write(`mutate ${label}: exit ${code}, wall ${minutes} min\n`);
      if (code !== 0) status = 1;
      resolve();
    });
  });
}
async function lane() {
  for (let run = queue.shift(); run !== undefined; run = queue.shift()) await startRun(run);
}
await Promise.all(Array.from({ length: listOnly ? 1 : parallel }, lane));
if (runs.length > 1 && !listOnly)
  process.stdout.write(
    `mutate: ${runs.length} runs, wall ${((Date.now() - allStarted) / 60000).toFixed(1)} min in all\n`,
  );
process.exit(status);
