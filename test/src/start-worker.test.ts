import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadBlas } from '../../src/numeric/blas.js';
import { repoRoot } from '../__helpers__/cli.js';

/** Runs test/__helpers__/native-stop.ts; it exits 3 when the process survives, 134 when Node aborts. */
function child(args: readonly string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/__helpers__/native-stop.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stderr: r.stderr.slice(0, 300) };
}

// Stopping a worker that loads koffi or binds OpenBLAS through it aborted the process
// ("FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw"): a scan helper stopped before it
// had started its first task did so once under CI load. With plain terminate() every `stop` run
// below aborted (3 of 3) and 12 of 20 `exit` runs did.
describe('a worker is never stopped while it loads native code', () => {
  it('stopWorker at random moments, during the first koffi load and later binds: the process survives', (ctx) => {
    if (!loadBlas().ok) ctx.skip();
    for (const seed of [1]) {
      const r = child(['stop', '24', String(seed)]);
      expect(r.code, `seed ${seed}: ${r.stderr}`).toBe(3);
    }
  });

  it('process.exit while a worker binds OpenBLAS: the process exits with its own code', (ctx) => {
    if (!loadBlas().ok) ctx.skip();
    for (let i = 0; i < 10; i++) {
      const r = child(['exit', String(i % 7)]);
      expect(r.code, `delay ${i % 7} ms: ${r.stderr}`).toBe(3);
    }
  });
});
