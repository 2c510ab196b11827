import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * nerdamer-prime in a worker thread with a CPU-time budget. nerdamer's `solve` can run for
 * minutes; a worker is the only way to stop it. Every call gets a fresh worker, so `setVar` and other
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

/**
 * Default budget of a nerdamer batch (ms of the worker thread's own CPU time where Linux reports
 * it, else of wall time): the derivation takes ~0.1-1 s of CPU; the budget only stops a hung solve.
 * CPU time does not grow while other processes hold the cores, so a busy machine cannot turn the
 * derivation into a timeout (a wall-clock limit could: the verdict would depend on the load).
 */
export const NERDAMER_CPU_BUDGET_MS = 30_000;

/** How often the worker's CPU time is read (ms). */
const POLL_MS = 100;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
// the thread's id, for its CPU time in /proc/self/task/<tid>/stat (Linux; elsewhere none)
let tid = null;
try {
  tid = Number(require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
} catch {}
parentPort.postMessage({ tid });
try {
  const run = new Function('workerData', 'require', workerData.code);
  parentPort.postMessage({ ok: true, values: run(workerData, require) });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e && e.message ? e.message : String(e) });
}
`;

const NERDAMER_CODE = `
const nerdamer = require(workerData.path);
// nerdamer's own clock (Settings.TIMEOUT, 800 ms) aborts solve at random under CPU load: off;
// the worker's CPU budget is the only guard against a hung solve
nerdamer.set('TIMEOUT', Number.POSITIVE_INFINITY);
return workerData.exprs.map((e) => nerdamer(e).toString());
`;

/**
 * CPU seconds (user + system) of thread `tid` of this process from /proc, or null where unreadable.
 * Fields 14 and 15 of the stat line, counted after the parenthesised name, in USER_HZ = 100 ticks.
 */
export function threadCpuMs(tid: number): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `code` (a function body of `workerData`, with `require` available, returning strings) in a
 * fresh worker thread and returns its values, or `timeout` once the thread has used `budgetMs` of
 * CPU time (of wall time where the thread's CPU time cannot be read). Never throws.
 */
export function runWithCpuBudget(
  code: string,
  data: Record<string, unknown>,
  budgetMs: number,
): Promise<NerdamerResult> {
  const start = performance.now();
  const ms = () => Math.round(performance.now() - start);
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { ...data, code } });
    let settled = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    let wall: ReturnType<typeof setTimeout> | undefined;
    const finish = (r: NerdamerResult) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(wall);
      void worker.terminate();
      resolve(r);
    };
    const wallGuard = () => {
      wall = setTimeout(() => finish({ status: 'timeout', ms: ms() }), budgetMs);
    };
    worker.on('message', (m: { tid?: number | null; ok?: boolean; values?: string[]; message?: string }) => {
      if ('tid' in m) {
        const tid = m.tid ?? null;
        if (tid === null || threadCpuMs(tid) === null) wallGuard();
        else
          poll = setInterval(
            () => {
              // null: the thread has ended, and its message or exit is on its way
              const used = threadCpuMs(tid);
              if (used !== null && used >= budgetMs) finish({ status: 'timeout', ms: ms() });
            },
            Math.min(POLL_MS, budgetMs),
          );
        return;
      }
      if (m.ok) finish({ status: 'ok', values: m.values ?? [], ms: ms() });
      else finish({ status: 'error', message: m.message ?? 'unknown', ms: ms() });
    });
    worker.on('error', (e) => finish({ status: 'error', message: e.message, ms: ms() }));
    worker.on('exit', (code) =>
      finish({ status: 'error', message: `worker exited with code ${code}`, ms: ms() }),
    );
  });
}

/**
 * Evaluates nerdamer string expressions (e.g. `diff(log(1+e^(b-t*x)), x)`, `solve(..., y)`) in
 * a fresh worker and returns their `toString()` forms, or `timeout` once the worker has used
 * `budgetMs` of CPU time ({@link runWithCpuBudget}). Never throws.
 */
export function nerdamerEval(
  exprs: readonly string[],
  budgetMs = NERDAMER_CPU_BUDGET_MS,
): Promise<NerdamerResult> {
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('nerdamer-prime/all');
  } catch (e) {
    return Promise.resolve({ status: 'error', message: `nerdamer-prime not found: ${String(e)}`, ms: 0 });
  }
  return runWithCpuBudget(NERDAMER_CODE, { path, exprs: [...exprs] }, budgetMs);
}
