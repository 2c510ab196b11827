import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The one way sigcheck starts a worker thread: on the compiled `<name>.js` beside the caller
 * (dist/), else on the TypeScript source through tsx's loader registered inside the worker
 * (vitest, tsx), which `--import tsx` in execArgv does not reach under every parent loader.
 *
 * @param base - the caller's `import.meta.url`
 * @param name - the worker module's file name without extension, in the caller's folder
 * @param workerData - passed through to the worker
 */
export function startWorker(base: string, name: string, workerData?: unknown): Worker {
  const options = workerData === undefined ? {} : { workerData };
  const js = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  // the ESM build of tsx's API sits beside the CJS one that require.resolve finds
  const cjs = createRequire(base).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const ts = new URL(`./${name}.ts`, base).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(boot, { ...options, eval: true });
}
