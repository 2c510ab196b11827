// Writes the inputs of the Adam reference fixture: each case's options and the solver's own random
// start (steps = 0), so that scripts/oracles/solver_steps.py can take the same steps independently.
// Run: node --import tsx scripts/oracles/solver-steps-input.ts && python3 scripts/oracles/solver_steps.py
import { writeFileSync } from 'node:fs';
import { type SolveOptions, resolveOptions } from '../../src/solver/index.js';
import { runStart } from '../../src/solver/run.js';
import { SOLVER_STEP_CASES } from '../../test/fixtures/solver-steps/cases.js';

const out = SOLVER_STEP_CASES.map(({ name, options }) => {
  const o = resolveOptions({ ...options, steps: 0, kernel: 'js', threads: 1 } as SolveOptions);
  const r = runStart(o, 0);
  return {
    name,
    options: { ...o },
    x0: r.configs.map((c) => Array.from(c)),
  };
});
writeFileSync('test/fixtures/solver-steps/input.json', `${JSON.stringify(out, null, 1)}\n`);
