/**
 * Solver throughput: Adam steps per second of the BBNP25 protocol (RB-Sig, float64) at three sizes,
 * and GFLOP/s counting 6 N^2 d flops per step (G = U V^T, W V, W^T U). Standalone:
 * `node --import tsx bench/solver.bench.ts [--js]`. With SIGCHECK_NUMPY_ANCHOR=path/to/numpy_solver.py
 * it also runs the NumPy peer right after each size and prints the ratio.
 */
import { spawnSync } from 'node:child_process';
import { renderTable } from '../src/report/table.js';
import { type KernelChoice, solveSync } from '../src/solver/index.js';

interface Size {
  readonly n: number;
  readonly d: number;
  /** Steps timed (chosen for ~1-3 s per size on one core). */
  readonly steps: number;
}

const SIZES: readonly Size[] = [
  { n: 100, d: 10, steps: 4000 },
  { n: 1000, d: 64, steps: 60 },
  { n: 4096, d: 256, steps: 3 },
];

function time(size: Size, kernel: KernelChoice): { stepsPerSec: number; loss: number; kernel: string } {
  // warm-up (JIT, wasm instance, page faults), then the timed run
  solveSync({ n: size.n, d: size.d, steps: Math.max(1, Math.ceil(size.steps / 10)), kernel, every: 1e9 });
  const t0 = performance.now();
  const r = solveSync({ n: size.n, d: size.d, steps: size.steps, kernel, every: 1e9 });
  const s = (performance.now() - t0) / 1000;
  // steps + 1 evaluations were made (the last one scores the final configuration)
  return { stepsPerSec: size.steps / s, loss: r.lossValue, kernel: r.kernel };
}

function numpy(size: Size): number | null {
  const anchor = process.env.SIGCHECK_NUMPY_ANCHOR;
  if (anchor === undefined || anchor === '') return null;
  const steps = Math.max(2, Math.round(size.steps / 2));
  const r = spawnSync('python3', [anchor, String(size.n), String(size.d), String(steps)], {
    encoding: 'utf8',
  });
  const m = /steps\/s=([\d.]+)/.exec(r.stdout);
  return m === null ? null : Number(m[1]);
}

const kernels: KernelChoice[] = process.argv.includes('--js') ? ['js'] : ['auto'];
const rows: unknown[][] = [];
let checksum = 0;
for (const size of SIZES) {
  for (const k of kernels) {
    const r = time(size, k);
    checksum += r.loss;
    const np = numpy(size);
    const gflops = (6 * size.n * size.n * size.d * r.stepsPerSec) / 1e9;
    rows.push([
      `(${size.n}, ${size.d})`,
      r.kernel,
      size.steps,
      r.stepsPerSec.toFixed(2),
      gflops.toFixed(2),
      np === null ? '' : np.toFixed(2),
      np === null ? '' : (r.stepsPerSec / np).toFixed(2),
    ]);
  }
}
process.stdout.write(
  `${renderTable(['(N, d)', 'kernel', 'steps', 'steps/s', 'GFLOP/s', 'numpy steps/s', 'ratio'], rows)}\n`,
);
// consume every result so nothing is optimised away, and so a NaN would show
process.stdout.write(`checksum of final losses: ${checksum.toExponential(6)}\n`);
