import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { logCapAreaCosHp } from '../../../src/bounds/hp/cap-area.js';
import { bernoulli, tangentNumbers } from '../../../src/bounds/hp/lgamma.js';
import { lnGammaMisses } from './decimal-oracles.js';

// mpmath values; generator: scripts/oracles/hp_cap_area.py
const fixture = JSON.parse(readFileSync('test/fixtures/hp/cap-area.json', 'utf8')) as {
  caps: { n: number; s: number; lnOmega: string }[];
  lnGamma: { x: string; lnGamma: string }[];
};

describe('decimal ln Gamma at any precision', () => {
  it('B_2k from tangent numbers equals the Akiyama-Tanigawa Bernoulli numbers (two algorithms), k <= 20', () => {
    const t = tangentNumbers(20);
    const b = bernoulli(40);
    for (let k = 1; k <= 20; k++) {
      const p = 1n << BigInt(2 * k);
      const num = (k % 2 === 1 ? 1n : -1n) * BigInt(2 * k) * t[k - 1]!;
      const [bn, bd] = b[2 * k]!;
      expect(num * bd).toBe(bn * p * (p - 1n));
    }
  });

  it.each([60, 150, 290])('matches mpmath to 10^-(P-5) relative at precision P = %i', (precision) => {
    // the shift's product and the Stirling sum cancel a few digits (ln of values near 1e3)
    expect(lnGammaMisses(fixture.lnGamma, precision)).toEqual([]);
  });
});

describe('decimal cap area at large n (series B with many guard digits)', () => {
  it.each(fixture.caps)('ln Omega_$n(arccos $s) matches mpmath to 30 digits', ({ n, s, lnOmega }) => {
    const D = Decimal.clone({ precision: 50 });
    const got = new D(logCapAreaCosHp(n, s, 40));
    const ref = new D(lnOmega);
    expect(got.isFinite()).toBe(true);
    expect(got.minus(ref).abs().lte(ref.abs().times(1e-30))).toBe(true);
  });
});
