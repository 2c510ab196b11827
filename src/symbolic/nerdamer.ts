import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * nerdamer-prime in a worker thread with a hard timeout. nerdamer's `solve` can run for minutes;
 * a worker is the only way to stop it. Every call gets a fresh worker, so `setVar` and other
 * global state cannot leak between calls. Expressions use the string API only (the JS-API `diff`
 * replaces e by a rational; `nerdamer('diff(f, x)')` keeps it).
 * @remarks nerdamer-prime (the maintained continuation of nerdamer: same API, typed, several
 * wrong-answer bugs fixed) is loaded from its CommonJS bundle `nerdamer-prime/all` so the worker
 * runs the same under node, tsx and vitest.
 */

/** The outcome of a batch of nerdamer evaluations. */
export type NerdamerResult =
  | { readonly status: 'ok'; readonly values: readonly string[]; readonly ms: number }
  | { readonly status: 'timeout'; readonly ms: number }
  | { readonly status: 'error'; readonly message: string; readonly ms: number };

/** Default hard timeout of a nerdamer batch (ms): the derivation takes ~0.1-1 s; 30 s leaves room for a loaded 2-core CI machine while still stopping a hung solve. */
export const NERDAMER_TIMEOUT_MS = 30_000;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
try {
  const nerdamer = require(workerData.path);
  // nerdamer's own clock (Settings.TIMEOUT, 800 ms) aborts solve at random under CPU load: off;
  // the worker's hard timeout is the only guard against a hung solve
  nerdamer.set('TIMEOUT', Number.POSITIVE_INFINITY);
  const values = workerData.exprs.map((e) => nerdamer(e).toString());
  parentPort.postMessage({ ok: true, values });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e && e.message ? e.message : String(e) });
}
`;

/**
 * Evaluates nerdamer string expressions (e.g. `diff(log(1+e^(b-t*x)), x)`, `solve(..., y)`) in
 * a fresh worker and returns their `toString()` forms, or `timeout` after `timeoutMs`.
 * Never throws.
 */
export function nerdamerEval(
  exprs: readonly string[],
  timeoutMs = NERDAMER_TIMEOUT_MS,
): Promise<NerdamerResult> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  return new Promise((resolve) => {
    let path: string;
    try {
      path = createRequire(import.meta.url).resolve('nerdamer-prime/all');
    } catch (e) {
      resolve({ status: 'error', message: `nerdamer-prime not found: ${String(e)}`, ms: ms() });
      return;
    }
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { path, exprs: [...exprs] } });
    let settled = false;
    const finish = (r: NerdamerResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ status: 'timeout', ms: ms() }), timeoutMs);
    worker.on('message', (m: { ok: boolean; values?: string[]; message?: string }) => {
      if (m.ok) finish({ status: 'ok', values: m.values ?? [], ms: ms() });
      else finish({ status: 'error', message: m.message ?? 'unknown', ms: ms() });
    });
    worker.on('error', (e) => finish({ status: 'error', message: e.message, ms: ms() }));
    worker.on('exit', (code) =>
      finish({ status: 'error', message: `worker exited with code ${code}`, ms: ms() }),
    );
  });
}
