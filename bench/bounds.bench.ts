/**
 * Benchmark of the forward bounds table: 10,000 cells (100 dimensions x 100 margins, b_rel = 0),
 * each a full row (two cap areas, the best upper bound, three exponents). Consumes every result.
 * Run: node --import tsx bench/bounds.bench.ts
 */
import { forwardRow } from '../src/bounds/table.js';

/** Grid sizes: 100 x 100 = 10,000 cells. */
const DIMS = Array.from({ length: 100 }, (_, i) => 16 + Math.round((i * (1152 - 16)) / 99));
const MARGINS = Array.from({ length: 100 }, (_, j) => 0.01 + (j * (0.33 - 0.01)) / 99);
const B_RELS = [0, 0.0322];
const TARGET_MS = 2000;

function runOnce(bRel: number): { ms: number; cells: number; checksum: number } {
  let checksum = 0;
  let cells = 0;
  const t0 = performance.now();
  for (const d of DIMS) {
    for (const m of MARGINS) {
      const r = forwardRow(d, m, bRel);
      checksum +=
        (r.log10NLower ?? 0) +
        (r.log10NLowerPaper ?? 0) +
        (r.log10NUpper ?? 0) +
        (r.exponentLowerShannon ?? 0) +
        (r.exponentUpperPaper ?? 0) +
        (r.exponentUpperKL ?? 0);
      cells++;
    }
  }
  return { ms: performance.now() - t0, cells, checksum };
}

runOnce(0); // warm-up (JIT)
for (const b of B_RELS) {
  const times: number[] = [];
  let last = { ms: 0, cells: 0, checksum: 0 };
  for (let rep = 0; rep < 3; rep++) {
    last = runOnce(b);
    times.push(last.ms);
  }
  times.sort((x, y) => x - y);
  const median = times[1]!;
  const rate = (last.cells / median) * 1000;
  const verdict = median < TARGET_MS ? 'OK' : 'SLOW';
  console.log(
    `bounds forward b_rel=${b}: ${last.cells} cells in ${median.toFixed(0)} ms (median of 3) = ${rate.toFixed(0)} cells/s [${verdict}, target < ${TARGET_MS} ms]; checksum ${last.checksum.toPrecision(12)}`,
  );
}
