/**
 * How many entries of C = A B^T (B: n x d seeded normals) OpenBLAS rounds differently at 1 and at 2
 * threads, for A of 1 to 2048 rows, in dgemm and sgemm. Why analyze and the solver fix the thread
 * count of each route. Run: node --import tsx bench/blas-thread-bits.ts [d=1152] [n=10000]
 */
import { loadBlas } from '../src/numeric/blas.js';
import { Rng } from '../src/numeric/float/rng.js';
const s = loadBlas();
if (!s.ok) throw new Error(s.reason);
const { blas } = s;
const rng = new Rng(3);
const d = Number(process.argv[2] ?? 1152),
  n = Number(process.argv[3] ?? 10000);
const v = new Float64Array(n * d).map(() => rng.normal());
const v32 = Float32Array.from(v);
for (const m of [1, 2, 3, 4, 7, 8, 16, 31, 32, 33, 64, 128, 512, 2048]) {
  const a = new Float64Array(m * d).map(() => rng.normal());
  const a32 = Float32Array.from(a);
  const c1 = new Float64Array(m * n),
    c2 = new Float64Array(m * n);
  const f1 = new Float32Array(m * n),
    f2 = new Float32Array(m * n);
  blas.setThreads(1);
  blas.dgemmAbt(a, 0, v, 0, c1, m, n, d, d, d);
  blas.sgemmAbt(a32, 0, v32, 0, f1, m, n, d, d, d);
  blas.setThreads(2);
  blas.dgemmAbt(a, 0, v, 0, c2, m, n, d, d, d);
  blas.sgemmAbt(a32, 0, v32, 0, f2, m, n, d, d, d);
  let e64 = 0,
    e32 = 0;
  for (let i = 0; i < m * n; i++) {
    if (c1[i] !== c2[i]) e64++;
    if (f1[i] !== f2[i]) e32++;
  }
  console.log(`m=${m}: dgemm differs ${e64}/${m * n}, sgemm differs ${e32}/${m * n}`);
}
