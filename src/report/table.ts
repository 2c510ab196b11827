import Table from 'cli-table3';

/**
 * A plain text table (cli-table3). Colour codes are turned off unless stdout is a terminal, so
 * piped output and files stay clean and byte-stable.
 */
export function renderTable(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const tty = process.stdout.isTTY === true;
  const table = new Table({
    head: [...head],
    style: tty ? { compact: true } : { head: [], border: [], compact: true },
  });
  for (const r of rows) table.push(r.map((c) => (c === null || c === undefined ? '' : String(c))));
  return table.toString();
}
