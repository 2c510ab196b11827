import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getEnvironmentData, isMainThread, setEnvironmentData, Worker } from 'node:worker_threads';

/**
 * Node aborts the whole process (`FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw`) when
 * a worker thread is stopped, by `terminate()` or by the process exiting, while that thread loads a
 * native addon or binds a library through it (koffi's module init, `koffi.load`, `lib.func`). So
 * each worker gets a gate word: the worker marks the word while it loads native code, and stopping
 * a worker first closes the word, waiting out a load in progress; a closed word refuses new loads.
 */
const GATE_KEY = 'sigcheck.native-gate';
const OPEN = 0;
const LOADING = 1;
const CLOSED = 2;
/** A native load has never taken more than a fraction of a second; past this a stop goes ahead. */
const GATE_WAIT_MS = 30_000;

/** This thread's own gate (a worker's, read before it starts workers of its own and replaces the key). */
const ownGate: Int32Array | undefined = (() => {
  if (isMainThread) return undefined;
  const g = getEnvironmentData(GATE_KEY);
  return g instanceof Int32Array ? g : undefined;
})();

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
  const gate = new Int32Array(new SharedArrayBuffer(4));
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

function closeGate(gate: Int32Array): void {
  const t0 = Date.now();
  while (Atomics.compareExchange(gate, 0, OPEN, CLOSED) === LOADING && Date.now() - t0 < GATE_WAIT_MS) {
    Atomics.wait(gate, 0, LOADING, 50);
  }
}

/**
 * Runs `load`, which loads or binds native code, so that this thread is not stopped part-way
 * through it. On a worker whose stop has begun it does not run `load` and returns undefined.
 */
export function nativeLoad<T>(load: () => T): T | undefined {
  if (ownGate === undefined) return load();
  if (Atomics.compareExchange(ownGate, 0, OPEN, LOADING) !== OPEN) return undefined;
  try {
    return load();
  } finally {
    Atomics.store(ownGate, 0, OPEN);
    Atomics.notify(ownGate, 0);
  }
}
