// A worker that loads koffi and binds OpenBLAS over and over through nativeLoad, the native steps
// during which Node aborts the process if the thread is stopped (see src/native-gate.ts).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { nativeLoad } from '../../src/native-gate.js';

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
const require = createRequire(import.meta.url);
/** The library file the main thread loaded (the first word of its description). */
const libPath = (workerData as { lib: string }).lib;
let rounds = 0;
for (;;) {
  const ok = nativeLoad(() => {
    const lib = (require('koffi') as { load(path: string): KoffiLib }).load(libPath);
    lib.func(
      'void cblas_sgemm(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int)',
    );
    return String(lib.func('const char* openblas_get_config()')()).length > 0;
  });
  // Refused once its stop has begun: wait for the stop.
  if (ok === undefined) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
  if (++rounds === 1) parentPort?.postMessage('loaded');
}
