/**
 * Table layout time: the linear renderer against cli-table3 (whose layout is superlinear).
 * Usage: node --import tsx bench/table-render.ts ROWS plain|cli-table3
 */
import Table from 'cli-table3';
import { renderTable } from '../src/report/table.js';
const n = Number(process.argv[2]);
const which = process.argv[3];
const rows = Array.from({ length: n }, (_, i) => [String(3 + i), '1', String(Math.log1p(i) / 3), 'ok']);
const head = ['N', 't', 'value', 'status'];
const s = performance.now();
let out: string;
if (which === 'cli-table3') {
  const t = new Table({ head, style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push(r);
  out = t.toString();
} else out = renderTable(head, rows);
console.log(which, n, 'rows', ((performance.now() - s) / 1000).toFixed(2), 's', out.length, 'chars');
