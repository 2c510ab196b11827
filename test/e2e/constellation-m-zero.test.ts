import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../__helpers__/cli.js';

describe('sigcheck constellation --m 0', () => {
  it('says a constellation needs m > 0 without claiming m* <= 0 when m* = 1/2', () => {
    // U = V = e1, e2: G = I, so m* = (1 - 0)/2 = 1/2 and b* = 1/2 (by hand)
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-m-zero-'));
    const path = join(dir, 'config.json');
    writeFileSync(
      path,
      JSON.stringify({
        U: [
          [1, 0],
          [0, 1],
        ],
        V: [
          [1, 0],
          [0, 1],
        ],
      }),
    );
    const r = runCli(['constellation', '--config', path, '--m', '0', '--b-rel', '0.5']);
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.includes('(0, 0.5)-constellation'))!;
    expect(line).toContain('no (a constellation needs m > 0)');
    expect(line).not.toContain('m* <= 0');
  });
});
