import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import oracle from '../constructions/fixtures/ccem-oracle.json' with { type: 'json' };
import { expectUsageError, runCli } from '../__helpers__/cli.js';

describe('sigcheck ccem (end to end)', () => {
  it('--digits 40 at N = 8, t = 1.125 prints the interior optimum; c1 agrees with an independent T_ETF closed form', () => {
    const r = runCli(['ccem', '--N', '8', '--t', '1.125', '--digits', '40', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.regime).toBe('interior');
    // thresholds by the closed forms, evaluated here in decimal.js at 50 digits
    const D = Decimal.clone({ precision: 50 });
    const etf = new D(7).div(8).times(new D(5).ln());
    const anti = new D(3).ln().div(2);
    expect(new D(out.thresholds.etf).minus(etf).abs().lt('1e-38')).toBe(true);
    expect(new D(out.thresholds.antipodal).minus(anti).abs().lt('1e-38')).toBe(true);
    // on CCEM, c2 = ((N-2) c1 - N) / (2 (N-1)) exactly
    const c1 = new D(out.c1);
    expect(new D(out.c2).minus(c1.times(6).minus(8).div(14)).abs().lt('1e-38')).toBe(true);
    expect(c1.gt(-1) && c1.lt(1)).toBe(true);
  });

  it('agrees with the frozen mpmath oracle (test/constructions/fixtures/ccem_oracle.py) to 38 digits', () => {
    const points = (oracle as { points?: { N: number; t: string; b: string; c1: string }[] }).points ?? [];
    const p = points.find((q) => q.N === 8) ?? points[0];
    expect(p).toBeDefined();
    const r = runCli([
      'ccem',
      '--N',
      String(p!.N),
      '--t',
      p!.t,
      '--b',
      p!.b,
      '--digits',
      '40',
      '--format',
      'json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const D = Decimal.clone({ precision: 60 });
    const rel = new D(out.c1).minus(p!.c1).abs();
    expect(rel.lt('1e-37'), `${out.c1} vs ${p!.c1}`).toBe(true);
  });

  it('sweeps N and t as a table (ranges start:stop:count)', () => {
    const r = runCli(['ccem', '--N', '8,16', '--t', '0.5:2:4', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows).toHaveLength(8);
  });

  it('bad input gives one line and exit 2: N < 3, t <= 0, non-numeric ranges, digits > 1000', () => {
    expectUsageError(['ccem', '--N', '2', '--t', '1']);
    expectUsageError(['ccem', '--N', '8', '--t', '0']);
    expectUsageError(['ccem', '--N', '8', '--t', '1:x:3']);
    expectUsageError(['ccem', '--N', '8', '--t', '1', '--digits', '1001']);
  });

  it('explain prints statement, hypotheses, derivation and LaTeX of a claim', () => {
    const r = runCli(['explain', 'ccem-thresholds']);
    expect(r.code, r.stderr).toBe(0);
    for (const h of ['statement:', 'hypotheses:', 'derivation:', 'LaTeX:']) expect(r.stdout).toContain(h);
    expectUsageError(['explain', 'no-such-claim']);
  });
});
