import { describe, expect, it } from 'vitest';
import { runCli } from '../__helpers__/cli.js';

// stderr is a pipe here, not a terminal: long jobs print a plain progress line every
// SIGCHECK_PROGRESS_EVERY seconds (10 by default) and leave stdout's bytes alone.
describe('progress when stderr is not a terminal', () => {
  it('solve prints plain progress lines on stderr; stdout is the same bytes as without them', () => {
    const args = ['solve', '--N', '3', '--d', '2', '--steps', '1000000', '--format', 'json'];
    const chatty = runCli(args, { SIGCHECK_PROGRESS_EVERY: '0.05' });
    expect(chatty.code, chatty.stderr).toBe(0);
    const lines = chatty.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(/^solve: \d+\/1000000 steps \(\d+\.\d%\), eta /);
    const quiet = runCli(args, { SIGCHECK_PROGRESS_EVERY: '1000' });
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(chatty.stdout);
  });

  it('verify prints plain progress within a long claim; the JSON verdicts are the same bytes', () => {
    const args = [
      'verify',
      '--claim',
      'feasibility-region',
      '--runs',
      '3000',
      '--no-timings',
      '--format',
      'json',
    ];
    const chatty = runCli(args, { SIGCHECK_PROGRESS_EVERY: '0.05' });
    expect(chatty.code, chatty.stderr).toBe(0);
    const lines = chatty.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(/^verify feasibility-region: \d+\/\d+ cases \(\d+\.\d%\), eta /);
    const quiet = runCli(args);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toBe(chatty.stdout);
  });
});
