// Prints the random starts (U, V) of the projected-adam reference cases as JSON, for
// scripts/oracles/adam_steps.py: the start is the solver's seeded draw, the steps are the oracle's.
import { solveSync } from '../../src/solver/index.js';
import { ADAM_CASES } from './adam-cases.js';

const out = ADAM_CASES.map((c) => {
  const r = solveSync({ ...c.options, steps: 0, kernel: 'js', threads: 1 });
  return { ...c, u: Array.from(r.u.data), v: Array.from(r.v.data) };
});
process.stdout.write(`${JSON.stringify(out)}\n`);
