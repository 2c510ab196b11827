import type { Command } from 'commander';
import { CLAIMS } from '../claims/registry.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice } from './args.js';

/** `sigcheck list`: every claim with its source and expected verdict. */
export function register(program: Command): void {
  program
    .command('list')
    .description('list the claims: id, expected verdict, source, title')
    .option('--format <f>', 'table | json', 'table')
    .action((flags: { format: string }) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      if (format === 'json') {
        emit(
          toJson(
            CLAIMS.map((c) => ({
              id: c.id,
              title: c.title,
              source: c.source,
              expected: c.expected,
              hypotheses: c.hypotheses,
              statement: c.statement,
              latex: c.latex,
              tolerance: c.tolerance,
              defaultRuns: c.defaultRuns,
              ...(c.variantOf ? { variantOf: c.variantOf } : {}),
            })),
          ),
        );
        return;
      }
      emit(
        renderTable(
          ['claim', 'expected', 'source', 'title'],
          CLAIMS.map((c) => [c.id, c.expected, `${c.source.paper} ${c.source.ref}`.slice(0, 40), c.title]),
        ),
      );
    });
}
