import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../__helpers__/cli.js';

/** Busy loops: as many as the 2 cores of the CI machine, so the CLI competes for CPU. */
const BUSY_LOOPS = 2;
/** Claims whose check has a symbolic step (ccem-thresholds' once ran under a wall-clock limit). */
const CLAIMS = ['ccem-thresholds', 'relative-bias-equivalence'];
const RUNS = 3;
/** Random cases per claim (the stated examples run too): the symbolic step runs once per verify anyway. */
const CASES = '2';

describe('verify on a machine whose cores are busy', () => {
  const loops: ChildProcess[] = [];
  beforeAll(() => {
    for (let k = 0; k < BUSY_LOOPS; k++) {
      loops.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
    }
  });
  afterAll(() => {
    for (const p of loops) p.kill('SIGKILL');
  });

  it(`${RUNS} runs exit 0 with byte-identical --no-timings output`, () => {
    const outputs: string[] = [];
    for (let k = 0; k < RUNS; k++) {
      const r = runCli([
        'verify',
        ...CLAIMS.flatMap((id) => ['--claim', id]),
        '--runs',
        CASES,
        '--no-timings',
      ]);
      expect(r.code, `run ${k + 1}: ${r.stdout}${r.stderr}`).toBe(0);
      outputs.push(r.stdout);
    }
    expect(loops.every((p) => p.exitCode === null)).toBe(true);
    for (const out of outputs.slice(1)) expect(out).toBe(outputs[0]);
    expect(outputs[0]).toMatch(/0 error; 0 unexpected/);
  }, 600_000);
});
