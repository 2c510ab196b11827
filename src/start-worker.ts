import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setEnvironmentData, Worker } from 'node:worker_threads';
import { closeGate, GATE_KEY, newGate } from './native-gate.js';

/** Gates of the workers this thread started and that have not exited. */
const gates = new Map<Worker, Int32Array>();
let exitHook = false;

/**
 * The one way sigcheck starts a worker thread: on the compiled `<name>.js` beside the caller
 * (dist/), else on the TypeScript source through tsx's loader registered inside the worker
 * (vitest, tsx), which `--import tsx` in execArgv does not reach under every parent loader.
 * Stop it with {@link stopWorker}, never `terminate()`.
 *
 * @param base - the caller's `import.meta.url`
 * @param name - the worker module's file name without extension, in the caller's folder
 * @param workerData - passed through to the worker
 */
export function startWorker(base: string, name: string, workerData?: unknown): Worker {
  const options = workerData === undefined ? {} : { workerData };
  const gate = newGate();
  // Copied into the worker when it is constructed, so each worker sees its own word.
  setEnvironmentData(GATE_KEY, gate);
  const worker = construct(base, name, options);
  gates.set(worker, gate);
  worker.once('exit', () => gates.delete(worker));
  if (!exitHook) {
    exitHook = true;
    // Workers still alive when this thread exits are stopped by Node after this hook.
    process.on('exit', () => {
      for (const g of gates.values()) closeGate(g);
    });
  }
  return worker;
}

function construct(base: string, name: string, options: { workerData?: unknown }): Worker {
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  // the ESM build of tsx's API sits beside the CJS one that require.resolve finds
  const cjs = createRequire(base).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const ts = new URL(`./${name}.ts`, base).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/** Stops a worker started by {@link startWorker}, after any native load it has under way. */
export function stopWorker(worker: Worker): Promise<number> {
  const gate = gates.get(worker);
  if (gate !== undefined) closeGate(gate);
  return worker.terminate();
}
