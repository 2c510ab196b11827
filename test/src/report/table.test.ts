import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/report/table.js';

/** cli-table3 itself, styles off: the reference layout the linear renderer must reproduce. */
function reference(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const t = new Table({ head: [...head], style: { head: [], border: [], compact: true } });
  for (const r of rows) t.push([...r]);
  return t.toString();
}

const CELL_CHARS = ['a', 'Z', '0', '-', '.', ' ', 'é', '≥', '−', 'α', '\n'];
const cell = fc.array(fc.constantFrom(...CELL_CHARS), { maxLength: 8 }).map((cs) => cs.join(''));
const MAX_COLS = 5;
const MAX_ROWS = 12;

describe('renderTable', () => {
  it('gives the same bytes as cli-table3 on rectangular tables of narrow text', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: MAX_COLS })
          .chain((cols) =>
            fc.tuple(
              fc.array(cell, { minLength: cols, maxLength: cols }),
              fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: MAX_ROWS }),
            ),
          ),
        ([head, rows]) => {
          expect(renderTable(head, rows)).toBe(reference(head, rows));
        },
      ),
      { seed: 20261127, numRuns: 300 },
    );
  });

  it('lays out 100,000 rows with the widths cli-table3 gives their widest rows', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [String(i), `value ${i}`, String(i % 10)]);
    const lines = renderTable(['i', 'name', 'x'], rows).split('\n');
    expect(lines).toHaveLength(100_000 + 4);
    // The widest cells are in the last rows: a table of those alone has the same column widths.
    const tail = reference(['i', 'name', 'x'], rows.slice(-3)).split('\n');
    expect(lines.slice(-4)).toEqual(tail.slice(-4));
    expect(lines[0]).toBe(tail[0]);
  });
});
