import { logCapAreaCosHp } from '../src/bounds/hp/cap-area.ts';
import { logCapAreaCosOracle } from '../theorems/cap-area.ts';
for (const n of [1001, 20001, 70284, 100000]) for (const s of [0.0773, -0.0773, 0.121, -0.121, 0.3, -0.3, 0.99, -0.99]) {
  const a = (n - 1) / 2; const c = (a * s * s) / Math.LN10;
  const t0 = performance.now();
  const h = logCapAreaCosHp(n, s, 30).toNumber();
  const t1 = performance.now();
  const o = logCapAreaCosOracle(n, s);
  const t2 = performance.now();
  console.log(n, s, c.toFixed(1), c + 40 <= 55 ? 'dec' : 'ser', h, o, h === o ? 0 : Math.abs(h - o) / Math.abs(o), (t1 - t0).toFixed(0), (t2 - t1).toFixed(0));
}
