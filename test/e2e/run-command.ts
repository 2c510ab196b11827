import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CliRun, repoRoot, runCli } from '../__helpers__/cli.js';

/**
 * Runs `sigcheck <command> ...args`: through src/cli/main.ts once it wires the command, otherwise
 * through a stand-in that registers the command on a commander program with main's error policy
 * (UsageError -> one line on stderr, exit 2).
 */
export function runCommand(command: 'analyze' | 'plan', args: readonly string[]): CliRun {
  const wired = readFileSync(join(repoRoot, 'src/cli/main.ts'), 'utf8').includes(`./${command}.js`);
  if (wired) return runCli([command, ...args]);
  const code = `
    import { Command, CommanderError } from 'commander';
    import { UsageError } from './src/errors.ts';
    import { register } from './src/cli/${command}.ts';
    const p = new Command(); p.exitOverride().configureOutput({ outputError: () => {} }); register(p);
    for (const c of p.commands) c.exitOverride().configureOutput({ outputError: () => {} });
    try { p.parse(${JSON.stringify([command, ...args])}, { from: 'user' }); }
    catch (e) {
      if (e instanceof UsageError || e instanceof CommanderError) { process.stderr.write('sigcheck: ' + e.message + '\\n'); process.exit(2); }
      throw e;
    }`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
