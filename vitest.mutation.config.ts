import { defineConfig } from 'vitest/config';

// The mutation run's tests: fast and in-process only (a mutant is never active in a child process
// or worker thread). SIGCHECK_MUTATE_TESTS narrows them to the folder being mutated.
const include = (process.env.SIGCHECK_MUTATE_TESTS ?? 'test/src/**/*.test.ts').split(',');

export default defineConfig({
  test: {
    include,
    exclude: ['test/e2e/**', '**/node_modules/**'],
    setupFiles: ['test/__helpers__/setup-mutation.ts'],
    // instrumented hot loops are several times slower than the plain build
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'threads',
    maxWorkers: 1,
  },
});
