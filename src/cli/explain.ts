import type { Command } from 'commander';
import { CLAIMS } from '../claims/registry.js';
import type { Claim } from '../claims/types.js';
import { UsageError } from '../errors.js';
import { emit, toJson } from '../report/output.js';
import { buildExplain, type CcemDerivation, explainDocument } from '../documents/explain.js';
import { parseChoice, parseSeed } from './args.js';

interface ExplainFlags {
  derive?: boolean;
  seed?: string;
  format: string;
}

/** The text of `sigcheck explain` for one claim (without the live derivation). */
export function explainText(c: Claim): string {
  const lines = [
    `${c.id}: ${c.title}`,
    `source: ${c.source.paper}, ${c.source.ref}`,
    `expected: ${c.expected}${c.variantOf ? ` (variant of ${c.variantOf.id}: ${c.variantOf.change})` : ''}`,
    '',
    'statement:',
    `  ${c.statement}`,
    '',
    'hypotheses:',
    ...c.hypotheses.map((h) => `  - ${h}`),
  ];
  if (c.derivation && c.derivation.length > 0) {
    lines.push('', 'derivation:', ...c.derivation.map((s, k) => `  ${k + 1}. ${s}`));
  }
  lines.push(
    '',
    'LaTeX:',
    `  ${c.latex}`,
    '',
    `tolerance: ${c.tolerance.kind} ${c.tolerance.value} (${c.tolerance.why})`,
  );
  return lines.join('\n');
}

/** `sigcheck explain <claim-id>`: statement, hypotheses, derivation steps and LaTeX. */
export function register(program: Command): void {
  program
    .command('explain')
    .description('show a claim: statement, hypotheses, derivation steps, LaTeX')
    .argument('<claim-id>', "a claim id (see 'sigcheck list')")
    .option('--derive', 'also run the symbolic derivation (mathjs + nerdamer-prime) and its numeric checks')
    .option('--seed <n>', 'seed of the random check points of --derive', '1')
    .option('--format <f>', 'text | json', 'text')
    .action(async (id: string, flags: ExplainFlags) => {
      const format = parseChoice('--format', flags.format, ['text', 'json'] as const);
      const c = CLAIMS.find((x) => x.id === id);
      if (!c) throw new UsageError(`explain: unknown claim '${id}' (see 'sigcheck list')`);
      const seed = parseSeed(flags.seed ?? '1');
      const { live } = await buildExplain({ claim: c, derive: flags.derive === true, seed });
      const out = explainOutput(c, live, format);
      emit(out.text);
      process.exitCode = out.exitCode;
    });
}

/**
 * What `sigcheck explain` prints and its exit code: 1 when a live derivation ran and did not
 * succeed, in every format (the format changes the text, never the exit code).
 */
export function explainOutput(
  c: Claim,
  live: CcemDerivation | null,
  format: 'text' | 'json',
): { readonly text: string; readonly exitCode: 0 | 1 } {
  const exitCode = live && live.status !== 'ok' ? 1 : 0;
  if (format === 'json') {
    return { text: toJson(explainDocument(c, live)), exitCode };
  }
  return { text: liveText(c, live), exitCode };
}

/** The text of `sigcheck explain`, followed by the live derivation when one ran. */
function liveText(c: Claim, live: CcemDerivation | null): string {
  let text = explainText(c);
  if (live) {
    const t = live.timings;
    text += `\n\nlive derivation (${live.status}; mathjs import ${t.mathjsImportMs} ms, mathjs ${t.mathjsMs} ms, nerdamer ${t.nerdamerMs} ms; max relative error ${live.maxRelError.toExponential(2)}):`;
    for (const [k, s] of live.steps.entries()) {
      text += `\n  ${k + 1}. ${s.step}\n     ${s.result}`;
      if (s.maxRelError !== undefined)
        text += `\n     checked at ${s.points} random points: max rel. error ${s.maxRelError.toExponential(2)}`;
      if (s.latex) text += `\n     LaTeX: ${s.latex}`;
    }
    if (live.message) text += `\n  ${live.message}`;
  }
  return text;
}
