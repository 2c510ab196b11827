#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { register as registerAnalyze } from './analyze.js';
import { register as registerBounds } from './bounds.js';
import { register as registerCcem } from './ccem.js';
import { register as registerConstellation } from './constellation.js';
import { register as registerExperiment } from './experiment.js';
import { register as registerExplain } from './explain.js';
import { register as registerList } from './list.js';
import { register as registerLoss } from './loss.js';
import { register as registerPlan } from './plan.js';
import { register as registerReport } from './report.js';
import { register as registerSiglip } from './siglip.js';
import { register as registerSolve } from './solve.js';
import { register as registerVerify } from './verify.js';

/** The sigcheck program with every command registered (exported for in-process tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('sigcheck')
    .description('proof-check workbench for the sigmoid contrastive loss (SigLIP)')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  for (const register of [
    registerVerify,
    registerList,
    registerLoss,
    registerBounds,
    registerAnalyze,
    registerPlan,
    registerCcem,
    registerExplain,
    registerConstellation,
    registerSolve,
    registerReport,
    registerExperiment,
    registerSiglip,
  ])
    register(program);
  // commander errors become exceptions (main prints one line, exit 2), subcommands included
  const quiet = (c: Command): void => {
    c.exitOverride().configureOutput({ outputError: () => {} });
    for (const sub of c.commands) quiet(sub);
  };
  for (const c of program.commands) quiet(c);
  return program;
}

/** Longest error line printed; a longer message is cut (an offending value can be megabytes). */
const MAX_ERROR_LINE = 400;

function oneLine(message: string): string {
  const flat = message.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length <= MAX_ERROR_LINE ? flat : `${flat.slice(0, MAX_ERROR_LINE)}... (cut)`;
}

/**
 * Runs the CLI: user errors become one line on stderr and exit code 2; anything else is a bug and
 * exits 3 with one line (set SIGCHECK_DEBUG=1 for the stack).
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      ) {
        return 0;
      }
      process.stderr.write(`sigcheck: ${oneLine(e.message.replace(/^error: /, ''))}\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`sigcheck: ${oneLine(e.message)}\n`);
      return 2;
    }
    if (
      e instanceof RangeError &&
      /Array buffer allocation failed|Invalid typed array length/.test(e.message)
    ) {
      process.stderr.write(`sigcheck: not enough memory: ${oneLine(e.message)}\n`);
      return 2;
    }
    process.stderr.write(
      `sigcheck: internal error: ${oneLine(e instanceof Error ? e.message : String(e))}\n`,
    );
    if (process.env.SIGCHECK_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
    return 3;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && /(?:^|[\\/])(main\.[jt]s|sigcheck)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
