import { describe, expect, it } from 'vitest';
import { runCli } from '../__helpers__/cli.js';

describe('plan', () => {
  it('d >= N: the LCS24 regime with this N thresholds (t = b = 10, N = 8: ETF since 10 >= (7/8) ln 5)', () => {
    const r = runCli(['plan', '--N', '8', '--d', '8', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.regime.name).toBe('etf');
    expect(out.regime.attained).toBe(true);
    expect(out.thresholds.etf).toBe((7 / 8) * Math.log(5));
    expect(out.thresholds.antipodal).toBe(0.5 * Math.log(3));
    for (const k of [
      'N',
      'd',
      't',
      'b',
      'regime',
      'thresholds',
      'feasible',
      'capacity',
      'gapPredicted',
      'warnings',
    ]) {
      expect(out).toHaveProperty(k);
    }
  });

  it('antipodal below T_ANTI on the diagonal is attained for d < N (no note); SigLIP flags convert (b = -logit_bias)', () => {
    const r = runCli([
      'plan',
      '--N',
      '100',
      '--d',
      '10',
      '--logit-scale',
      String(Math.log(1.5)),
      '--logit-bias',
      '-1.5',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.b).toBe(1.5);
    expect(out.regime.name).toBe('antipodal'); // t + b = 3 <= ln 49
    // the antipodal optimum (all U_i = e, all V_i = -e) lives in every R^d
    expect(out.regime.attained).toBe(true);
    expect(out.warnings.join(' ')).not.toMatch(/d = 10 </);
  });

  it('target (m, b_rel): feasibility, capacity, gap predicted by Thm 3.6; open_clip clamp warning', () => {
    const r = runCli([
      'plan',
      '--N',
      '100',
      '--d',
      '10',
      '--t',
      '150',
      '--b',
      '15',
      '--target-margin',
      '0.2',
      '--target-b-rel',
      '0.1',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.feasible.feasible).toBe(true);
    expect(out.gapPredicted).toBe(true);
    expect(out.capacity.log10NLower).toBeLessThan(out.capacity.log10NUpper);
    expect(out.warnings.join(' ')).toMatch(/open_clip clamps/);
  });

  it('infeasible target (3m > 1 + b_rel) is reported, not an error; bad flags exit 2', () => {
    const r = runCli([
      'plan',
      '--N',
      '10',
      '--d',
      '10',
      '--target-margin',
      '0.6',
      '--target-b-rel',
      '0',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).feasible.feasible).toBe(false);
    const bad = runCli(['plan', '--N', '2', '--d', '10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n').length).toBe(1);
    const half = runCli(['plan', '--N', '10', '--d', '10', '--target-margin', '0.1']);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/both --target-margin and --target-b-rel/);
  });
});

describe('plan at the edges (exact decisions on the decimal inputs)', () => {
  const plan = (args: string[]) => {
    const r = runCli(['plan', ...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };
  it('fits: N = 16 at (0.4, 0.1), d = 16 is "yes" (Thm 3.4 bound 16, CCEM); (1e-300, -1) N = 3 is "no" (bound 4/3); (0.25, 0.75) N = d = 3 "yes"', () => {
    expect(
      plan(['--N', '16', '--d', '16', '--target-margin', '0.4', '--target-b-rel', '0.1']).capacity.fits,
    ).toBe('yes');
    const p15 = plan(['--N', '3', '--d', '64', '--target-margin', '1e-300', '--target-b-rel', '-1']);
    expect(p15.capacity.fits).toBe('no');
    expect(p15.feasible.finiteBound).toBe(4 / 3);
    expect(
      plan(['--N', '3', '--d', '3', '--target-margin', '0.25', '--target-b-rel', '0.75']).capacity.fits,
    ).toBe('yes');
    expect(
      plan(['--N', '1000000000', '--d', '768', '--target-margin', '5e-324', '--target-b-rel', '0']).capacity
        .fits,
    ).toBe('yes');
  });
  it('attained: antipodal at d = 2 < N = 8, ETF at d = N - 1 = 7', () => {
    expect(plan(['--N', '8', '--d', '2', '--t', '0.5', '--b', '0.5']).regime).toMatchObject({
      name: 'antipodal',
      attained: true,
    });
    expect(plan(['--N', '8', '--d', '7', '--t', '3', '--b', '3']).regime).toMatchObject({
      name: 'etf',
      attained: true,
    });
    expect(plan(['--N', '8', '--d', '6', '--t', '3', '--b', '3']).regime).toMatchObject({
      name: 'etf',
      attained: false,
    });
  });
});
