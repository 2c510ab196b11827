import { defineConfig } from 'vitest/config';

// Tests that load the machine on purpose (busy loops beside `sigcheck verify`) run in a group of
// their own after every other file, so that they never slow another test past its time limit.
const LOAD_TESTS = ['test/e2e/verify-load.test.ts'];

const shared = {
  setupFiles: ['test/__helpers__/setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: [...LOAD_TESTS, '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: { ...shared, name: 'under-load', include: LOAD_TESTS, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
