import { getEnvironmentData, isMainThread } from 'node:worker_threads';

/**
 * Node aborts the whole process (`FATAL ERROR: Error::ThrowAsJavaScriptException napi_throw`) when
 * a worker thread is stopped, by `terminate()` or by the process exiting, while that thread loads a
 * native addon or binds a library through it (koffi's module init, `koffi.load`, `lib.func`). So
 * each worker gets a gate word: the worker marks the word while it loads native code, and stopping
 * a worker first closes the word, waiting out a load in progress; a closed word refuses new loads.
 */
export const GATE_KEY = 'sigcheck.native-gate';
const OPEN = 0;
const LOADING = 1;
const CLOSED = 2;
/** A native load has never taken more than a fraction of a second; past this a stop goes ahead. */
const GATE_WAIT_MS = 30_000;

/** This thread's own gate (a worker's, read at import, before it starts workers of its own). */
const ownGate: Int32Array | undefined = (() => {
  if (isMainThread) return undefined;
  const g = getEnvironmentData(GATE_KEY);
  return g instanceof Int32Array ? g : undefined;
})();

/** A new, open gate word for a worker about to start (on shared memory). */
export function newGate(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Closes a worker's gate, waiting while the worker loads native code. */
export function closeGate(gate: Int32Array): void {
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
