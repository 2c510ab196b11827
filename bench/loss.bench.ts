import { performance } from 'node:perf_hooks';
import { sigmoidLoss } from '../src/loss/sigmoid.js';
import { softplus } from '../src/numeric/float/softplus.js';
import { Rng } from '../src/numeric/float/rng.js';
import { randomUnitRows } from '../src/numeric/float/vectors.js';

// The reference loss (plain loops) and softplus throughput; every result is consumed.
let sink = 0;
const rng = new Rng(1);
const zs = Float64Array.from({ length: 1 << 16 }, () => (rng.uniform() - 0.5) * 80);
let t0 = performance.now();
let reps = 0;
while (performance.now() - t0 < 500) {
  for (let k = 0; k < zs.length; k++) sink += softplus(zs[k]!);
  reps++;
}
const sps = (reps * zs.length) / ((performance.now() - t0) / 1000);
console.log(`softplus: ${(sps / 1e6).toFixed(1)} M evaluations/s`);
for (const [n, d] of [
  [100, 10],
  [300, 32],
] as const) {
  const u = randomUnitRows(n, d, rng);
  const v = randomUnitRows(n, d, rng);
  t0 = performance.now();
  reps = 0;
  while (performance.now() - t0 < 500) {
    sink += sigmoidLoss(u, v, { t: 10, b: 10, grad: true }).loss;
    reps++;
  }
  const per = (performance.now() - t0) / reps;
  console.log(`reference sigmoidLoss+grad N=${n} d=${d}: ${(1000 / per).toFixed(0)} evals/s`);
}
if (!Number.isFinite(sink)) throw new Error('non-finite benchmark result');
