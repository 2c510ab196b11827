/**
 * The report's table of every published number across the experiment outputs given, one column
 * group per solver step (the authors' projected-adam beside the raw-gradient adam), with the
 * verdicts and the count reproduced per step.
 */
import type { ExperimentDocument, PublishedRow, Step } from '../documents/experiment.js';
import { formatNumber, paramsText } from './experiment.js';

const STEP_ORDER: readonly Step[] = ['projected-adam', 'adam', 'riemannian-adam'];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

function ours(p: PublishedRow | undefined): string {
  if (p === undefined || p.mean === null) return '';
  const sd = p.sd === null ? '' : ` <span class="sd">± ${esc(formatNumber(p.sd))}</span>`;
  return `${esc(formatNumber(p.mean))}${sd}`;
}

/** The comparison table (HTML), or '' when no document has published rows. */
export function publishedComparisonHtml(docs: readonly ExperimentDocument[]): string {
  const steps = STEP_ORDER.filter((s) => docs.some((d) => d.step === s && d.published.length > 0));
  if (steps.length === 0) return '';
  // rows keyed by experiment, quantity and parameters, in first-seen order
  const keys: string[] = [];
  const cells = new Map<string, { exp: string; row: PublishedRow; by: Map<Step, PublishedRow> }>();
  for (const d of docs) {
    for (const p of d.published) {
      const key = `${d.experiment}\u0000${p.quantity}\u0000${paramsText(p.params)}`;
      let c = cells.get(key);
      if (c === undefined) {
        c = { exp: d.experiment, row: p, by: new Map() };
        cells.set(key, c);
        keys.push(key);
      }
      if (!c.by.has(d.step)) c.by.set(d.step, p);
    }
  }
  const counts = steps.map((s) => {
    const rows = keys.map((k) => cells.get(k)!.by.get(s)).filter((p) => p !== undefined);
    const ok = rows.filter((p) => p.verdict === 'reproduced').length;
    return `${s}: ${ok} of ${rows.length} reproduced`;
  });
  const head =
    '<tr><th>experiment</th><th>quantity</th><th>params</th><th class="k-published">published</th>' +
    steps.map((s) => `<th class="k-ours">ours (${esc(s)})</th><th>verdict</th>`).join('') +
    '<th class="k-theory">theory</th><th>source</th></tr>';
  const body = keys
    .map((k) => {
      const c = cells.get(k)!;
      const theory = [...c.by.values()].find((p) => p.theory !== null)?.theory ?? null;
      return (
        `<tr><td><code>${esc(c.exp)}</code></td><td>${esc(c.row.quantity)}</td><td>${esc(paramsText(c.row.params))}</td>` +
        `<td class="num k-published">${esc(formatNumber(c.row.published))}</td>` +
        steps
          .map((s) => {
            const p = c.by.get(s);
            const v = p === undefined ? '' : p.verdict;
            const title = p?.reason === null || p?.reason === undefined ? '' : ` title="${esc(p.reason)}"`;
            return `<td class="num k-ours">${ours(p)}</td><td class="verdict ${v === 'reproduced' ? 'pass' : 'fail'}"${title}>${esc(v)}</td>`;
          })
          .join('') +
        `<td class="num k-theory">${theory === null ? '' : esc(formatNumber(theory))}</td><td class="dim">${esc(c.row.source)}</td></tr>`
      );
    })
    .join('\n');
  return [
    '<article class="experiment" id="published-numbers">',
    '<h3>Published numbers: ours beside them, per solver step</h3>',
    `<p>${esc(counts.join(' · '))}. Rule: ${esc(docs.find((d) => d.published.length > 0)!.published[0]!.rule.split(':')[0]!)} and mean-of-R variants, as in <code>sigcheck experiment run</code>; a miss's reason is in its verdict's tooltip.</p>`,
    `<div class="table-wrap"><table class="experiment"><thead>${head}</thead><tbody>${body}</tbody></table></div>`,
    '</article>',
  ].join('\n');
}
