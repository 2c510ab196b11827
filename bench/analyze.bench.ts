/**
 * Benchmarks `sigcheck analyze` end to end on synthetic float32 embeddings with a modality gap
 * (SigLIP-like: U_i = normalise(x_i + a e_u), V_i = normalise(x_i + s z_i + a e_v)), plus the
 * blocked Gram kernel alone. Prints wall time, peak RSS and the kernel's GFLOP/s; every result is
 * consumed (printed).
 *
 * Run: node --import tsx bench/analyze.bench.ts [N=2000] [d=1152] [no-phases]
 * (after the end-to-end run it times the Gram pass per kernel, openblas when it loads and wasm on
 * 1 and 2 threads, and the separator alone; SIGCHECK_BLAS=off times the fallback end to end)
 *      /usr/bin/time -v node --import tsx bench/analyze.bench.ts 50000 1152
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../src/cli/analyze.js';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock } from '../src/geometry/gram-block.js';
import { scanPairs } from '../src/geometry/pairs.js';
import { separator } from '../src/geometry/separator.js';
import { writeNpy } from '../src/io/npy.js';
import { readMatrix } from '../src/io/read.js';
import { loadBlas } from '../src/numeric/blas.js';
import { Rng } from '../src/numeric/float/rng.js';
import { bindGram, createGramArena } from '../src/numeric/float/wasm-gram.js';

const N = Number(process.argv[2] ?? 2000);
const d = Number(process.argv[3] ?? 1152);
const rng = new Rng(1);

function synth(): { u: Float32Array; v: Float32Array } {
  const u = new Float32Array(N * d);
  const v = new Float32Array(N * d);
  const x = new Float64Array(d);
  const y = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < d; k++) x[k] = rng.normal() / Math.sqrt(d);
    for (let k = 0; k < d; k++) y[k] = x[k]! + (1.5 * rng.normal()) / Math.sqrt(d);
    x[0]! += 0.6;
    y[1]! += 0.6;
    let nx = 0;
    let ny = 0;
    for (let k = 0; k < d; k++) {
      nx += x[k]! * x[k]!;
      ny += y[k]! * y[k]!;
    }
    nx = Math.sqrt(nx);
    ny = Math.sqrt(ny);
    for (let k = 0; k < d; k++) {
      u[i * d + k] = x[k]! / nx;
      v[i * d + k] = y[k]! / ny;
    }
  }
  return { u, v };
}

function kernelBench(): void {
  const n = 512;
  const a = { rows: n, cols: d, data: new Float64Array(n * d).map(() => rng.uniform() - 0.5) };
  const out = new Float64Array(BLOCK_ROWS * BLOCK_COLS);
  let check = 0;
  const t0 = performance.now();
  for (let i0 = 0; i0 < n; i0 += BLOCK_ROWS)
    for (let j0 = 0; j0 < n; j0 += BLOCK_COLS) {
      gramBlock(a, a, i0, BLOCK_ROWS, j0, BLOCK_COLS, out);
      check += out[0]!;
    }
  const s = (performance.now() - t0) / 1e3;
  console.log(
    `gramBlock ${n}x${n}x${d}: ${(s * 1e3).toFixed(0)} ms, ${((2 * n * n * d) / s / 1e9).toFixed(2)} GFLOP/s (check ${check.toExponential(3)})`,
  );
  // the wasm abt kernel on the block shape scanPairs uses (128 x 1024)
  const big = 2048;
  const b = new Float64Array(big * d).map(() => rng.uniform() - 0.5);
  const arena = createGramArena(b, big, b, big, d, 1, 128, 1024);
  if (arena === null) {
    console.log('wasm abt: build/kernel.wasm not built');
    return;
  }
  const gram = bindGram(arena, 0);
  const mem = new Float64Array(arena.memory.buffer);
  let wcheck = 0;
  const w0 = performance.now();
  for (let i0 = 0; i0 < big; i0 += 128)
    for (let j0 = 0; j0 < big; j0 += 1024) wcheck += mem[gram(i0, 128, j0, 1024)]!;
  const ws = (performance.now() - w0) / 1e3;
  console.log(
    `wasm abt ${big}x${big}x${d}: ${(ws * 1e3).toFixed(0)} ms, ${((2 * big * big * d) / ws / 1e9).toFixed(2)} GFLOP/s (check ${wcheck.toExponential(3)})`,
  );
}

/** The Gram pass alone (each kernel; wasm on 1 and 2 threads) and the separator alone. */
function phases(uPath: string, vPath: string): void {
  const u = readMatrix(uPath, 'U');
  const v = readMatrix(vPath, 'V');
  const flops = 2 * u.rows * v.rows * u.cols;
  const runs: { kernel: 'openblas' | 'wasm'; threads: number }[] = [
    { kernel: 'wasm', threads: 1 },
    { kernel: 'wasm', threads: 2 },
  ];
  if (loadBlas().ok) runs.unshift({ kernel: 'openblas', threads: 1 });
  else console.log(`openblas: ${(loadBlas() as { reason: string }).reason}`);
  for (const { kernel, threads } of runs) {
    const t0 = performance.now();
    const r = scanPairs(u, v, { trim: 0.05, loss: { t: 10, b: 10 }, threads, kernel });
    const s = (performance.now() - t0) / 1e3;
    console.log(
      `scanPairs ${kernel} threads=${threads}: ${s.toFixed(1)} s, ${(flops / s / 1e9).toFixed(2)} GFLOP/s effective (m* ${r.margins.mStar})`,
    );
  }
  const t0 = performance.now();
  const sep = separator(u, v);
  console.log(
    `separator: ${((performance.now() - t0) / 1e3).toFixed(1)} s (found ${sep.found}, fraction ${sep.fractionSeparated})`,
  );
}

kernelBench();
const dir = mkdtempSync(join(tmpdir(), 'sigcheck-bench-'));
try {
  let t0 = performance.now();
  const { u, v } = synth();
  writeNpy(join(dir, 'U.npy'), [N, d], u, 'float32');
  writeNpy(join(dir, 'V.npy'), [N, d], v, 'float32');
  console.log(
    `synthesised and wrote ${N} x ${d} float32 pairs in ${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
  const program = new Command();
  program.exitOverride();
  register(program);
  t0 = performance.now();
  program.parse(['analyze', '--u', join(dir, 'U.npy'), '--v', join(dir, 'V.npy'), '--format', 'json'], {
    from: 'user',
  });
  const wall = (performance.now() - t0) / 1e3;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `analyze N=${N} d=${d}: wall ${wall.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MiB, ${((2 * N * N * d) / wall / 1e9).toFixed(2)} GFLOP/s effective`,
  );
  if (process.argv[4] !== 'no-phases') phases(join(dir, 'U.npy'), join(dir, 'V.npy'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
