import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadBlas } from '../../../src/numeric/blas.js';

const status = loadBlas();

/** Loads the BLAS in a fresh worker thread (as the scan's helper does) and waits for it. */
async function loadInWorker(): Promise<void> {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsx = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const blas = new URL('../../../src/numeric/blas.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(blas)}); }).then((b) => { const s = b.loadBlas(); require('node:worker_threads').parentPort.postMessage(s.ok); });`;
  const w = new Worker(
    `const require = (await import('node:module')).createRequire(${JSON.stringify(import.meta.url)}); ${boot}`,
    { eval: true },
  );
  const ok = await new Promise<boolean>((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  expect(ok).toBe(true);
}

describe.skipIf(!status.ok)('OpenBLAS thread count', () => {
  it('a helper thread loading the library leaves the count the main thread set (sgemm bits depend on it)', async () => {
    if (!status.ok) return;
    const { blas } = status;
    expect(blas.threadsNow()).toBe(2);
    blas.setThreads(1);
    try {
      await loadInWorker();
      expect(blas.threadsNow()).toBe(1);
    } finally {
      blas.setThreads(blas.threads);
    }
  });
});
