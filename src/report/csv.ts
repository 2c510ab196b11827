/**
 * CSV (RFC 4180): a header line and one line per row, CRLF-free (LF line ends), fields quoted only
 * when they contain a comma, a double quote or a line break; null and undefined become empty fields.
 * @remarks RFC 4180 s2 (quoting rules). Numbers are written with `String(x)` (shortest round-trip form).
 * @example renderCsv(['a', 'b'], [[1, 'x,y']]) === 'a,b\n1,"x,y"\n'
 */
export function renderCsv(head: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const lines = [head.map(csvField).join(',')];
  for (const r of rows) lines.push(r.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** One CSV field, quoted when needed (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
