/** Column alignment in a Markdown table. */
export type MarkdownAlign = 'left' | 'right' | 'center';

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  /**
   * Alignment per column.
   * @defaultValue numbers right, everything else left (decided from the first non-empty cell)
   */
  readonly align?: readonly MarkdownAlign[];
}

/**
 * A GitHub-flavoured Markdown table: header, alignment row, one line per row. Pipes in cells are
 * escaped, line breaks become spaces, null and undefined become empty cells.
 * @remarks GFM spec, "Tables (extension)".
 * @example renderMarkdown(['a'], [[1]]) === '| a |\n| ---: |\n| 1 |\n'
 */
export function renderMarkdown(
  head: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: MarkdownOptions = {},
): string {
  const align = head.map((_, j) => options.align?.[j] ?? guessAlign(rows, j));
  const sep = align.map((a) => (a === 'right' ? '---:' : a === 'center' ? ':---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const out = [line(head.map(mdCell)), line(sep)];
  for (const r of rows) out.push(line(head.map((_, j) => mdCell(r[j]))));
  return `${out.join('\n')}\n`;
}

/** One Markdown cell: pipes escaped, line breaks flattened. */
export function mdCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function guessAlign(rows: readonly (readonly unknown[])[], j: number): MarkdownAlign {
  for (const r of rows) {
    const v = r[j];
    if (v === null || v === undefined || v === '') continue;
    return typeof v === 'number' || (typeof v === 'string' && /^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(v))
      ? 'right'
      : 'left';
  }
  return 'left';
}
