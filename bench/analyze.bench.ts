/**
 * Benchmarks `sigcheck analyze` end to end on synthetic float32 embeddings with a modality gap
 * (SigLIP-like: U_i = normalise(x_i + a e_u), V_i = normalise(x_i + s z_i + a e_v)), plus the
 * blocked Gram kernel alone. Prints wall time, peak RSS and the kernel's GFLOP/s; every result is
 * consumed (printed).
 *
 * Run: node --import tsx bench/analyze.bench.ts [N=2000] [d=1152]
 *      /usr/bin/time -v node --import tsx bench/analyze.bench.ts 50000 1152
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register } from '../src/cli/analyze.js';
import { BLOCK_COLS, BLOCK_ROWS, gramBlock } from '../src/geometry/gram-block.js';
import { writeNpy } from '../src/io/npy.js';
import { Rng } from '../src/numeric/float/rng.js';

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
} finally {
  rmSync(dir, { recursive: true, force: true });
}
