import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { rhoExactOf } from '../../../src/bounds/constellation.js';
import { cancellationDigits, HP_MAX_GUARD_DIGITS } from '../../../src/bounds/hp/levenshtein.js';
import { logUpperHp } from '../../../src/bounds/hp/table.js';
import { forwardRow } from '../../../src/bounds/table.js';
import { biggestTermDecimal } from './decimal-oracles.js';

describe('cost guard of the decimal Levenshtein route', () => {
  it.each([
    [200, 575.5, 574.5, 0.25],
    [3563, 4998.5, 4997.5, 0.0952],
    [40, 3, 2, 0.9],
  ])('float estimate of the cancelled digits equals the decimal largest term (k = %i)', (k, a, b, z) => {
    // the float sum of k logs carries at most ~k ulps of relative error
    expect(Math.abs(cancellationDigits(k, a, b, z) - biggestTermDecimal(k, a, b, z))).toBeLessThan(
      1e-9 * k + 1e-12,
    );
  });

  it('n = 10^6 at m = 0.05 would need > HP_MAX_GUARD_DIGITS guard digits: the decimal upper bound is null at once', () => {
    const r = rhoExactOf(0.05, 0);
    expect(logUpperHp(1_000_000, r, 40)).toBeNull();
    // while the float column keeps its value
    expect(forwardRow(1_000_000, 0.05, 0).log10NUpper).toBeGreaterThan(3e5);
  });

  it('below the guard, the decimal upper bound agrees with the float column to 13 digits (n = 1152, m = 0.2)', () => {
    const row = forwardRow(1152, 0.2, 0);
    const hp = logUpperHp(1152, rhoExactOf(0.2, 0), 40);
    expect(hp).not.toBeNull();
    const log10 = hp!.div(new Decimal(10).ln()).toNumber();
    expect(Math.abs(log10 - row.log10NUpper!) / Math.abs(row.log10NUpper!)).toBeLessThan(1e-13);
    expect(HP_MAX_GUARD_DIGITS).toBeGreaterThan(cancellationDigits(200, 575.5, 574.5, 0.25));
  });
});
