import { readdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { keepWorkerThreads, SHARED_MARK } from './mutation/reuse-worker.js';
import { chooseCoreType } from './src/numeric/blas.js';

// The mutation run's tests: fast and in-process only (a mutant is never active in a child process
// or worker thread). SIGCHECK_MUTATE_TESTS narrows them to the folder being mutated.
const include = (process.env.SIGCHECK_MUTATE_TESTS ?? 'test/src/**/*.test.ts').split(',');
const exclude = ['test/e2e/**', '**/node_modules/**'];

// Stryker's vitest runner starts a fresh worker for every mutant. Isolated, each test file of that
// run gets a worker of its own and imports fast-check, decimal.js and the instrumented sources
// again: measured about 0.2 s of CPU a file, most of a mutant's cost. Files that touch no `vi` state
// (mocks, spies, stubbed env or timers) share one worker per run instead; files that do stay isolated,
// where their mocks cannot leak into another file's imports.
const testFiles = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f.replaceAll('\\', '/')}`);
const usesVi = new Set(testFiles.filter((f) => /\bvi\./.test(readFileSync(f, 'utf8'))));

/**
 * Files run last whatever their last time: each test of verdicts.mutation.test.ts runs one claim at
 * verify's defaults (up to 34 s for rb-sig-dynamics), and a file's last time is that of whichever
 * claim ran last, so by time alone it often came first and a mutant other tests kill paid for it.
 */
const LAST = /(^|\/)verdicts\.mutation\.test\.ts$/;

// Vitest runs the shared project's files before the isolated ones whatever the sequencer says, so
// the LAST files are isolated too: shared, verdicts ran before rb-sig-dynamics-check.test.ts (vi.mock),
// and each of the 12 mutants that check kills paid for its 17 s claim first
const isolated = new Set([...usesVi, ...testFiles.filter((f) => LAST.test(f))]);

/**
 * Stryker stops a mutant's run at its first failing test (bail), and vitest's own order runs the
 * longest files first. Here the file that failed last (it likely kills the next mutant of the same
 * code) comes first, then the shortest by their last time, so a kill costs the cheap files only;
 * the {@link LAST} files come after all others.
 */
class CheapFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const cached = (f: TestSpecification) =>
      this.ctx.cache.getFileTestResults(`${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`);
    const last = (f: TestSpecification) => LAST.test(f.moduleId);
    return [...files].sort((a, b) => {
      if (last(a) !== last(b)) return last(a) ? 1 : -1;
      const ca = cached(a);
      const cb = cached(b);
      if ((ca?.failed ?? false) !== (cb?.failed ?? false)) return ca?.failed ? -1 : 1;
      return (ca?.duration ?? Number.POSITIVE_INFINITY) - (cb?.duration ?? Number.POSITIVE_INFINITY);
    });
  }
}

// Stryker's instrumented code counts every statement it reaches (stryCov_9fa48: a loop over its
// arguments, a counter per mutant id) in a mutant's run too, where nothing reads the counts; in a hot
// loop that is most of the time (56% of an instrumented scan, measured). The setup file marks a
// mutant's run, and the counter then becomes an empty function; the dry run still counts.
const COVER = /function stryCov_9fa48\(\)\s*\{/;
// The same header's isActive runs at every mutation point the code reaches: every 4096th call it
// calls the CPU watchdog of test/__helpers__/setup-mutation.ts (sigcheckTick, set in mutant runs
// only). A counter in the header's closure: an accessor on the namespace object made every call
// slower (pairs.ts 1062-1410 took 16.8 min against 13.2).
const IS_ACTIVE = /function isActive\(id\)\s*\{/;
const instrumenterHeader = {
  name: 'sigcheck-instrumenter-header',
  enforce: 'pre' as const,
  transform(code: string) {
    if (!code.includes('stryCov_9fa48')) return null;
    if (!COVER.test(code) || !IS_ACTIVE.test(code))
      throw new Error('mutation config: the instrumenter header changed (stryCov_9fa48, isActive)');
    return code
      .replace(
        COVER,
        'function stryCov_9fa48() {\n  if (stryNS_9fa48().sigcheckSkipCover === true) { stryCov_9fa48 = function () {}; return; }',
      )
      .replace(
        IS_ACTIVE,
        'var sigcheckTick = ns.sigcheckTick;\n  var sigcheckCalls = 0;\n  function isActive(id) {\n    if (sigcheckTick !== undefined && (++sigcheckCalls & 4095) === 0) sigcheckTick();',
      );
  },
};

// one worker thread serves many mutants' runs (mutation/reuse-worker.ts)
const endKeptThreads =
  process.env.SIGCHECK_MUTATE_FRESH_WORKERS === '1' ? null : keepWorkerThreads(process.cwd());
const keptThreads = {
  name: 'sigcheck-kept-worker-threads',
  configureVitest({ vitest }: { vitest: { onClose(cb: () => Promise<void>): void } }) {
    if (endKeptThreads !== null) vitest.onClose(endKeptThreads);
  },
};

// The tests run in worker threads, where sigcheck leaves OpenBLAS's core type alone (a worker's
// process.env never reaches the C library). Chosen here, on this process's main thread, as the CLI
// and npm test (forks) choose it: else an OpenBLAS older than the CPU runs its generic Prescott
// kernels in the mutation run only, whose dgemm sums as the JS kernel does (six pilot mutants of
// pairs.ts survived there that npm test's SkylakeX kernel kills).
chooseCoreType();

export default defineConfig({
  plugins: [instrumenterHeader, keptThreads],
  test: {
    include,
    exclude,
    setupFiles: ['test/__helpers__/setup-mutation.ts'],
    // instrumented hot loops are several times slower than the plain build
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'threads',
    maxWorkers: 1,
    sequence: { sequencer: CheapFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          isolate: false,
          exclude: [...exclude, ...isolated],
          env: { [SHARED_MARK]: '1' },
        },
      },
      {
        extends: true,
        test: {
          name: 'isolated',
          isolate: true,
          exclude: [...exclude, ...testFiles.filter((f) => !isolated.has(f))],
        },
      },
    ],
  },
});
