import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveOptions, type SolveOptions } from '../../../src/solver/index.js';
import { runStart } from '../../../src/solver/run.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';
import { REFERENCE_STEPS, SOLVER_STEP_CASES } from '../../fixtures/solver-steps/cases.js';

// The solver's Adam steps against a frozen numpy float64 reference (scripts/oracles/solver_steps.py,
// from the definitions). Both sides round differently only in summation order: measured, the states
// agree to 2.2e-16 (1 ulp of a unit coordinate) after 4 steps, js and wasm kernels. 1e-12 leaves
// room for Adam's sensitivity lr / (|g| + eps) to the gradient's rounding on other platforms, while a
// changed constant, dropped term or wrong bias correction moves the state by >= 1e-6.
const TOL = 1e-12;

interface State {
  step: number;
  t: number;
  b: number;
  x: number[][];
}
const input = JSON.parse(readFileSync('test/fixtures/solver-steps/input.json', 'utf8')) as {
  name: string;
  x0: number[][];
}[];
const expected = JSON.parse(readFileSync('test/fixtures/solver-steps/expected.json', 'utf8')) as {
  cases: { name: string; states: State[] }[];
};

function maxDiff(a: readonly Float64Array[], b: readonly number[][]): number {
  let m = 0;
  a.forEach((x, l) => {
    for (let e = 0; e < x.length; e++) m = Math.max(m, Math.abs(x[e]! - b[l]![e]!));
  });
  return m;
}

const kernels = wasmAvailable() ? (['js', 'wasm'] as const) : (['js'] as const);

describe('solver Adam steps against the numpy reference', () => {
  it('the fixture covers every case and starts from the solver own random start', () => {
    expect(expected.cases.map((c) => c.name)).toEqual(SOLVER_STEP_CASES.map((c) => c.name));
    for (const [i, c] of SOLVER_STEP_CASES.entries()) {
      const r = runStart(
        resolveOptions({ ...c.options, steps: 0, kernel: 'js', threads: 1 } as SolveOptions),
        0,
      );
      expect(maxDiff(r.configs, input[i]!.x0)).toBe(0);
    }
  });

  for (const kernel of kernels) {
    for (const [i, c] of SOLVER_STEP_CASES.entries()) {
      it(`${c.name} (${kernel} kernel): configurations, t and b after each of ${REFERENCE_STEPS} steps`, () => {
        const ref = expected.cases[i]!;
        for (let k = 1; k <= REFERENCE_STEPS; k++) {
          const o = resolveOptions({
            ...c.options,
            steps: k,
            kernel,
            threads: 1,
            kernelThreads: 1,
          } as SolveOptions);
          const r = runStart(o, 0);
          const s = ref.states[k - 1]!;
          const where = `${c.name} step ${k}`;
          expect(r.steps, where).toBe(k);
          expect(maxDiff(r.configs, s.x), where).toBeLessThanOrEqual(TOL);
          expect(Math.abs(r.t - s.t) / s.t, where).toBeLessThanOrEqual(TOL);
          expect(Math.abs(r.b - s.b), where).toBeLessThanOrEqual(TOL * (1 + Math.abs(s.b)));
        }
      });
    }
  }
});
