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

  it('regression: N = 8, t = 1e4, b = 1 is interior (c1* = 0.4000630971..., loss 3.2e-1737), not etf', () => {
    const r = runCli(['ccem', '--N', '8', '--t', '1e4', '--b', '1', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.regime).toBe('interior');
    // mpmath: c1* = 0.40006309713979323232..., log10 f = -1736.4947817821845... (scripts/oracles/ccem_edges.py)
    expect(Math.abs(out.c1 - 0.4000630971397932)).toBeLessThan(1e-14);
    expect(Math.abs(out.log10Loss + 1736.494781782184)).toBeLessThan(1e-9);
    expect(out.loss).toMatch(/^3\.2005\de-1737$/);
  });

  it("regression: N = 4 decides exactly at f'(1) = 0 (t = 3b: etf) and f'(-1) = 0 (t + b = 0: antipodal)", () => {
    for (const digits of [[], ['--digits', '30']]) {
      const etf = JSON.parse(
        runCli(['ccem', '--N', '4', '--t', '3', '--b', '1', ...digits, '--format', 'json']).stdout,
      );
      expect(etf.regime).toBe('etf');
      const anti = JSON.parse(
        runCli(['ccem', '--N', '4', '--t', '1', '--b', '-1', ...digits, '--format', 'json']).stdout,
      );
      expect(anti.regime).toBe('antipodal');
    }
  });

  it('regression: numbers in exponent form, exact inputs short (no hundreds of zeros)', () => {
    const a = JSON.parse(
      runCli(['ccem', '--N', '8', '--t', '1000', '--b', '0', '--digits', '5', '--format', 'json']).stdout,
    );
    // f(c1*) = e^{-399.23..} + 7 e^{-400.33..} = 1.3774e-173 (mpmath: log10 f = -172.8609291)
    expect(a.loss).toBe('1.3774e-173');
    const b = runCli(['ccem', '--N', '8', '--t', '1e-300', '--digits', '5']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('1e-300');
    expect(b.stdout).not.toMatch(/0{20}/);
  });

  it('regression: --digits 1000 (the documented cap) answers: N = 3, t = 30, b = 0 agrees with mpmath', () => {
    const r = runCli(['ccem', '--N', '3', '--t', '30', '--b', '0', '--digits', '1000', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // mpmath (scripts/oracles/ccem_edges.py, 60-digit point): 1 - c1* = 0.38151607495180608996913876...
    expect(out.oneMinusC1.startsWith('0.381516074951806089969138760561343458179680550494626613125513')).toBe(
      true,
    );
  }, 300_000);

  it('a --digits sweep beyond the cost cap is refused up front, naming the flags; |t| > 1e15 refused', () => {
    expectUsageError(['ccem', '--N', '8', '--t', '0.1:5:100000', '--digits', '100'], /--digits/);
    expectUsageError(['ccem', '--N', '8', '--t', '1e16'], /--t/);
  });
});
