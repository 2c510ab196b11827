import { describe, expect, it } from 'vitest';
import { runCli } from '../__helpers__/cli.js';

const bounds = (args: string[]) => {
  const r = runCli(['bounds', ...args, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
};

describe('bounds at the edges (CLI)', () => {
  it('N = 16 at (0.4, 0.1) is within the finite bound 16 (CCEM, d = 16); 2 and 3 pairs at rho = 1/2 need d = 2 and 3', () => {
    const [r] = bounds(['--N', '16', '--m', '0.4', '--b-rel', '0.1']);
    expect(r).toMatchObject({ dSufficient: 16 });
    expect(String(r!.reason)).not.toMatch(/impossible/);
    expect(bounds(['--N', '2,3', '--m', '0.25', '--b-rel', '0.75']).map((x) => x.dSufficient)).toEqual([
      2, 3,
    ]);
    // two antipodal pairs at b_rel = 0 (the CCEM of N = 2 in d = 2) reach m = 1
    expect(bounds(['--N', '2', '--d', '2', '--b-rel', 'best'])[0]).toMatchObject({ mGuaranteed: 1, bRel: 0 });
  });

  it('tiny margins and the --hp columns: no crash, same bound in both columns, the finite bound 4/3 at (1e-300, -1)', () => {
    const rows = bounds(['--d', '2,8,1152', '--m', '1e-300', '--b-rel', '0', '--hp']);
    for (const row of rows) {
      expect(row.upperKind).toBe('packing');
      expect(row.agreeDigits as number).toBeGreaterThanOrEqual(14);
    }
    const [lev] = bounds(['--d', '1152', '--m', '1e-6', '--b-rel', '0', '--hp']);
    expect(lev).toMatchObject({ upperKind: 'levenshtein' });
    expect(lev!.agreeDigits as number).toBeGreaterThanOrEqual(14);
    const [fin] = bounds(['--d', '64', '--m', '1e-300', '--b-rel', '-1']);
    expect(fin!.log10NUpper).toBe(0); // 4/3 for every d, and a single point in R^64 (rho = -3)
    expect(String(fin!.reason)).toMatch(/= 4\/3 for every d/);
    expect(bounds(['--N', '1e15', '--d', '2', '--b-rel', 'best'])[0]!.mMax as number).toBeGreaterThan(0);
  });
});
