// StrykerJS 9.6 (runs on Node 20). Use `npm run mutate [folder]` (scripts/mutate.mjs), which sets
// the folder to mutate and the fast tests that cover it.
const mutate = (process.env.SIGCHECK_MUTATE ?? 'src/loss/**/*.ts').split(',');
const slug = (process.env.SIGCHECK_MUTATE_SLUG ?? 'all').replace(/[^a-z0-9-]/gi, '-');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: [
    '@stryker-mutator/vitest-runner',
    './mutation/ignore-messages.mjs',
    './mutation/timing-reporter.mjs',
  ],
  mutate,
  coverageAnalysis: 'perTest',
  // assembly/ is AssemblyScript (decorators Babel cannot parse); only the mutated TS needs it
  disableTypeChecks: '{src,theorems,constructions}/**/*.ts',
  incremental: true,
  incrementalFile: `reports/mutation/${slug}/stryker-incremental.json`,
  concurrency: 1,
  // a mutant that loops forever is a timeout (counted as detected); keep the wait short: the fast
  // tests a mutant reruns take milliseconds to about a second, so 5 s beyond 1.5 times their time
  // is a loop, not a slow machine
  timeoutMS: 5_000,
  // the initial (dry) run of a large test set under a loaded shared machine at nice 19 outlasts
  // Stryker's default 5 minutes (src/geometry's did, and the run stopped before any mutant)
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 1.5,
  // mutants that only change a message string are not counted (mutation/ignore-messages.mjs)
  ignorers: ['messages'],
  reporters: ['clear-text', 'progress-append-only', 'html', 'json', 'timing'],
  htmlReporter: { fileName: `reports/mutation/${slug}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${slug}/mutation.json` },
  tempDirName: `reports/.stryker-tmp-${slug}`,
  // the sandbox never copies reports/: another run's sandbox there vanishes mid-copy (ENOENT) when
  // two file sets run side by side, and it held some 20,000 files
  ignorePatterns: ['/reports'],
  cleanTempDir: true,
  thresholds: { high: 95, low: 90, break: null },
};
