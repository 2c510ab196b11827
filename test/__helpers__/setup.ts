import fc from 'fast-check';
import { RUN_SEED } from './seed.js';

// One seed for the whole test run (STYLE rule 8): settable by SIGCHECK_SEED, printed by
// fast-check with every failure so a red run can be replayed.
fc.configureGlobal({ seed: RUN_SEED, numRuns: 100 });
