import fc from 'fast-check';
import { RUN_SEED } from './seed.js';

// The mutation run's setup: the same seed and runs as test/__helpers__/setup.ts, and a property
// stops at its first counterexample. Shrinking decides nothing there (a mutant is killed by any
// failure), and shrinking a broken law could outlast the mutant's timeout.
fc.configureGlobal({ seed: RUN_SEED, numRuns: 100, endOnFailure: true });
