import fc from 'fast-check';

// One seed for the whole test run (STYLE rule 8): settable by SIGCHECK_SEED, printed by
// fast-check with every failure so a red run can be replayed.
const raw = process.env.SIGCHECK_SEED;
const seed = raw !== undefined && raw !== '' ? Number.parseInt(raw, 10) : 42;
fc.configureGlobal({ seed, numRuns: 100 });
