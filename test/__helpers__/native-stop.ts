// Child process for test/src/start-worker.test.ts: stops workers that are loading native code, in
// one of two ways, and exits with code 3 if the process survives (an abort exits 134).
//   node --import tsx test/__helpers__/native-stop.ts stop <rounds> <seed>
//   node --import tsx test/__helpers__/native-stop.ts exit <delay ms>
import { loadBlas } from '../../src/numeric/blas.js';
import { Rng } from '../../src/numeric/float/rng.js';
import { startWorker, stopWorker } from '../../src/start-worker.js';

const [mode, a, b] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const status = loadBlas();
if (!status.ok) throw new Error(status.reason);
const data = { lib: status.blas.description.split(' ')[0]! };

if (mode === 'stop') {
  const rng = new Rng(Number(b));
  for (let i = 0; i < Number(a); i++) {
    const w = startWorker(import.meta.url, 'native-loop-worker', data);
    // half the rounds stop the worker while it boots and loads koffi the first time, half later
    if (i % 2 === 1) await new Promise((r) => w.once('message', r));
    await sleep(rng.uniform() * (i % 2 === 1 ? 20 : 400));
    await stopWorker(w);
  }
  process.exit(3);
} else if (mode === 'exit') {
  const w = startWorker(import.meta.url, 'native-loop-worker', data);
  await new Promise((r) => w.once('message', r));
  const t0 = Date.now();
  while (Date.now() - t0 < Number(a)) {
    // busy: the worker keeps loading while this thread exits
  }
  process.exit(3);
}
