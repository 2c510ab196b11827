import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExperimentDoc } from '../../../src/documents/experiment.js';
import { formatNumber } from '../../../src/report/experiment.js';
import { publishedComparisonHtml } from '../../../src/report/published-table.js';

const doc = (file: string) =>
  parseExperimentDoc(
    JSON.parse(readFileSync(new URL(`../../fixtures/report/${file}`, import.meta.url), 'utf8')),
    file,
  );

describe('report: the published-numbers table', () => {
  const proj = doc('experiment-bbnp25-basic.json');
  const raw = doc('experiment-bbnp25-basic-adam.json');

  it('puts both steps side by side, one row per published number, with per-step counts', () => {
    const html = publishedComparisonHtml([proj, raw]);
    expect(html).toContain('<th class="k-ours">ours (projected-adam)</th>');
    expect(html).toContain('<th class="k-ours">ours (adam)</th>');
    const rows = html.split('<tbody>')[1]!.split('</tbody>')[0]!.split('\n');
    expect(rows).toHaveLength(proj.published.length);
    for (const [i, p] of proj.published.entries()) {
      expect(rows[i]).toContain(`<td>${p.quantity}</td>`);
      expect(rows[i]!.match(/>(reproduced|not reproduced)</g)).toHaveLength(2);
      expect(rows[i]).toContain(`>${formatNumber(raw.published[i]!.mean!)} <span class="sd">`);
    }
    const count = (d: typeof proj) => d.published.filter((p) => p.verdict === 'reproduced').length;
    expect(html).toContain(`projected-adam: ${count(proj)} of ${proj.published.length} reproduced`);
    expect(html).toContain(`adam: ${count(raw)} of ${raw.published.length} reproduced`);
  });

  it('is empty without published rows, and old documents read as the raw-gradient step', () => {
    expect(publishedComparisonHtml([])).toBe('');
    const old = JSON.parse(
      readFileSync(new URL('../../fixtures/report/experiment-bbnp25-basic.json', import.meta.url), 'utf8'),
    );
    delete old.step;
    delete old.published;
    const parsed = parseExperimentDoc(old, 'old');
    expect(parsed.step).toBe('adam');
    expect(parsed.published).toEqual([]);
    expect(() => parseExperimentDoc({ ...old, published: [{ quantity: 't' }] }, 'e')).toThrow(
      /e\.published\[0\]\.params/,
    );
  });
});
