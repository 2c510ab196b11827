import type { Command } from 'commander';
import { CLAIMS, selectClaims } from '../claims/registry.js';
import { validateReplayPath } from '../claims/property.js';
import { runClaims } from '../claims/runner.js';
import type { Verdict } from '../claims/types.js';
import { UsageError } from '../errors.js';
import { emit } from '../report/output.js';
import { verdictsJson, verdictsJunit, verdictsTable } from '../report/verdicts.js';
import { collect, parseChoice, parseInteger } from './args.js';
import { Progress } from './progress.js';
import { DEFAULT_SEED, resolveSeed } from './seed.js';

interface VerifyFlags {
  claim?: string[];
  seed?: string;
  runs?: string;
  path?: string;
  format: string;
  out?: string;
  full?: boolean;
  timings: boolean;
}

/** `sigcheck verify`: runs claims; exit 0 iff every status is the expected one. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('check every claim (or those named); exit 0 iff each verdict is the expected one')
    .option('--claim <id>', 'a claim id (repeatable, or comma-separated)', collect)
    .option('--seed <n>', `run seed (default: $SIGCHECK_SEED or ${DEFAULT_SEED})`)
    .option('--runs <k>', 'random cases per claim (default: each claim its own)')
    .option('--path <p>', 'fast-check replay path of a counterexample (with one --claim)')
    .option('--format <f>', 'table | json | junit', 'table')
    .option('--out <file>', 'write the report to a file (atomically) instead of stdout')
    .option('--full', 'run the full protocol where a claim has a CI budget')
    .option('--no-timings', 'omit wall times (ms: null) so the output is byte-identical per seed')
    .action(async (flags: VerifyFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json', 'junit'] as const);
      const seed = resolveSeed(flags.seed);
      const runs = flags.runs !== undefined ? parseInteger('--runs', flags.runs, 1, 1_000_000) : undefined;
      const claims = selectClaims(flags.claim ?? [], CLAIMS);
      if (flags.path !== undefined && claims.length !== 1) {
        throw new UsageError('verify: --path replays one counterexample; name exactly one --claim');
      }
      if (flags.path !== undefined) validateReplayPath(flags.path);
      const progress = process.stderr.isTTY === true && format === 'table' && flags.out === undefined;
      // within a long claim: a redrawn line on a terminal, a plain line every 10 s otherwise
      let within: { id: string; bar: Progress } | null = null;
      const onCase = (id: string, done: number, of: number): void => {
        if (within?.id !== id) {
          within?.bar.stop();
          within = {
            id,
            bar: new Progress(`verify ${id}`, of, 'cases', process.stderr.isTTY !== true || progress),
          };
        }
        within.bar.update(done);
      };
      const result = await runClaims(claims, {
        onCase,
        seed,
        ...(runs !== undefined ? { runs } : {}),
        ...(flags.path !== undefined ? { path: flags.path } : {}),
        full: flags.full === true,
        timings: flags.timings,
        ...(progress
          ? {
              onVerdict: (v: Verdict, k: number, n: number) => {
                within?.bar.stop();
                within = null;
                process.stderr.write(`[${k + 1}/${n}] ${v.id}: ${v.status}\n`);
              },
            }
          : {}),
      });
      const text =
        format === 'json'
          ? verdictsJson(result, claims)
          : format === 'junit'
            ? verdictsJunit(result, claims)
            : verdictsTable(result);
      emit(text, flags.out);
      if (flags.out !== undefined) {
        const s = result.summary;
        process.stderr.write(
          `seed ${seed}: ${s.holds} holds, ${s.refuted} refuted, ${s.error} error; ${s.unexpected} unexpected; wrote ${flags.out}\n`,
        );
      }
      process.exitCode = result.summary.unexpected === 0 ? 0 : 1;
    });
}
