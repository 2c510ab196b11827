/**
 * Does OpenBLAS pay in the solver at (N, d) = (4096, 256)? One full-batch step is three products of
 * the GEMM shape, G = U V^T (N x N x d), gU = W V and gV = W^T U (N x d x N each), plus the O(N^2)
 * weights. This times the products alone on one thread, each way: the solver's wasm kernel
 * (assembly/kernel.ts `abt`, f64x2, no FMA), cblas_dgemm and cblas_sgemm (both set to one
 * thread), on the same seeded U, V; medians of `rounds` runs, alternating.
 *
 * Run: node --import tsx bench/solver-blas.ts [N=4096] [d=256] [rounds=5]
 */
import { loadBlas } from '../src/numeric/blas.js';
import { createGramArena } from '../src/numeric/float/wasm-gram.js';
import { bindGram } from '../src/numeric/float/wasm-gram.js';
import { Rng } from '../src/numeric/float/rng.js';

const N = Number(process.argv[2] ?? 4096);
const d = Number(process.argv[3] ?? 256);
const rounds = Number(process.argv[4] ?? 5);
const rng = new Rng(3);
const u = Float64Array.from({ length: N * d }, () => rng.normal() / Math.sqrt(d));
const v = Float64Array.from({ length: N * d }, () => rng.normal() / Math.sqrt(d));
const status = loadBlas();
if (!status.ok) throw new Error(`no OpenBLAS: ${status.reason}`);
const { blas } = status;
blas.setThreads(1);
const arena = createGramArena(u, N, v, N, d, 1, N, N);
if (arena === null) throw new Error('build/kernel.wasm is not built');
const gram = bindGram(arena, 0);
const c64 = new Float64Array(N * N);
const u32 = Float32Array.from(u);
const v32 = Float32Array.from(v);
const c32 = new Float32Array(N * N);
const ways: Record<string, () => void> = {
  'wasm abt (f64)': () => void gram(0, N, 0, N),
  'dgemm, 1 thread': () => blas.dgemmAbt(u, 0, v, 0, c64, N, N, d, d, d),
  'sgemm, 1 thread': () => blas.sgemmAbt(u32, 0, v32, 0, c32, N, N, d, d, d),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, f] of Object.entries(ways)) {
    const t0 = performance.now();
    f();
    times[name]!.push((performance.now() - t0) / 1e3);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const flops = 2 * N * N * d;
console.log(`N = ${N}, d = ${d}: one N x N x d product (a step has three), ${rounds} alternating rounds`);
for (const [name, xs] of Object.entries(times)) {
  const m = median(xs);
  console.log(`${name}: median ${(m * 1e3).toFixed(1)} ms, ${(flops / m / 1e9).toFixed(1)} GFLOP/s`);
}
const w = median(times['wasm abt (f64)']!);
console.log(`dgemm / wasm: ${(median(times['dgemm, 1 thread']!) / w).toFixed(2)}x the time`);
