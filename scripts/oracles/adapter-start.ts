// Prints the random start (U, V) of the locked-adapter reference case as JSON, for
// scripts/oracles/adapter_float32.py fixture: the start is trainAdapter's seeded draw, the steps are the oracle's.
import { Rng } from '../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../src/numeric/float/vectors.js';

export const ADAPTER_CASE = { n: 12, d: 4, seed: 11, x0: 0.5, t0: 26.4, bRel0: -1, lr: 1e-2 } as const;

const rng = new Rng(ADAPTER_CASE.seed);
const u = Array.from(randomUnitRows(ADAPTER_CASE.n, ADAPTER_CASE.d, rng.fork('X0')).data);
const v = Array.from(randomUnitRows(ADAPTER_CASE.n, ADAPTER_CASE.d, rng.fork('X1')).data);
process.stdout.write(`${JSON.stringify({ ...ADAPTER_CASE, u, v })}\n`);
