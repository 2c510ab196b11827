import Table from 'cli-table3';

/** Rows above which a terminal gets the plain renderer too (cli-table3's layout is superlinear). */
const CLI_TABLE_MAX_ROWS = 1000;

/**
 * Characters whose display width is one column: printable ASCII and the Latin, Greek, math and
 * arrow blocks, without combining marks and zero-width characters. Cells made of other characters
 * go to cli-table3, which measures them with string-width.
 */
const NARROW_TEXT = /^[\x20-\x7e\n\u00a0-\u02ff\u0370-\u1fff\u2010-\u2bff]*$/;

function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const cols = head.length > 0 ? head.length : (rows[0]?.length ?? 0);
  const widths = new Array<number>(cols).fill(0);
  const split = (cells: readonly string[]): string[][] => cells.map((c) => c.split('\n'));
  const measure = (cells: string[][]): void => {
    cells.forEach((lines, k) => {
      for (const l of lines) widths[k] = Math.max(widths[k]!, [...l].length);
    });
  };
  const headLines = split(head);
  measure(headLines);
  const bodyLines = rows.map(split);
  for (const r of bodyLines) measure(r);
  const rule = (l: string, m: string, r: string): string =>
    `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  const out: string[] = [rule('┌', '┬', '┐')];
  const emitRow = (cells: string[][]): void => {
    const height = Math.max(1, ...cells.map((c) => c.length));
    for (let h = 0; h < height; h++) {
      const parts = cells.map((lines, k) => {
        const s = lines[h] ?? '';
        return ` ${s}${' '.repeat(widths[k]! - [...s].length)} `;
      });
      out.push(`│${parts.join('│')}│`);
    }
  };
  if (head.length > 0) {
    emitRow(headLines);
    if (rows.length > 0) out.push(rule('├', '┼', '┤'));
  }
  for (const r of bodyLines) emitRow(r);
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

/**
 * A plain text table in cli-table3's compact layout. Colour codes are turned off unless stdout is
 * a terminal, so piped output and files stay clean and byte-stable. Rectangular tables of narrow
 * text are laid out here in linear time (same bytes as cli-table3, whose layout takes seconds
 * per thousand rows); anything else goes to cli-table3.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const tty = process.stdout.isTTY === true;
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const cols = head.length > 0 ? head.length : (cells[0]?.length ?? 0);
  const plain =
    (!tty || cells.length > CLI_TABLE_MAX_ROWS) &&
    cols > 0 &&
    (head.length > 0 || cells.length > 0) &&
    cells.every((r) => r.length === cols && r.every((c) => NARROW_TEXT.test(c))) &&
    head.every((c) => NARROW_TEXT.test(c));
  if (plain) return plainTable(head, cells);
  const table = new Table({
    head: [...head],
    style: tty ? { compact: true } : { head: [], border: [], compact: true },
  });
  for (const r of cells) table.push(r);
  return table.toString();
}
