#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';

/** A command's module: it registers the command on the program. */
interface CommandModule {
  register(program: Command): void;
}

/**
 * The commands in help order, each loaded when needed: a run of one command loads that command's
 * modules only (the others pull in fast-check, mathjs, ... and cost a tenth of a second at start).
 */
const COMMANDS: readonly (readonly [string, () => Promise<CommandModule>])[] = [
  ['verify', () => import('./verify.js')],
  ['list', () => import('./list.js')],
  ['loss', () => import('./loss.js')],
  ['bounds', () => import('./bounds.js')],
  ['analyze', () => import('./analyze.js')],
  ['plan', () => import('./plan.js')],
  ['ccem', () => import('./ccem.js')],
  ['explain', () => import('./explain.js')],
  ['constellation', () => import('./constellation.js')],
  ['solve', () => import('./solve.js')],
  ['report', () => import('./report.js')],
  ['experiment', () => import('./experiment.js')],
  ['siglip', () => import('./siglip.js')],
];

/**
 * The sigcheck program (exported for in-process tests): every command registered, or only the
 * one `argv` names first (it parses and answers exactly as with all of them registered).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const named = COMMANDS.find(([name]) => name === argv[0]);
  const modules = await Promise.all((named !== undefined ? [named] : COMMANDS).map(([, load]) => load()));
  const program = new Command();
  program
    .name('sigcheck')
    .description('proof-check workbench for the sigmoid contrastive loss (SigLIP)')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  for (const m of modules) m.register(program);
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
  try {
    const program = await buildProgram(argv);
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
