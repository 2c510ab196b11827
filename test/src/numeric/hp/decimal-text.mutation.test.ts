import { describe, expect, it } from 'vitest';
import { HP_PLAIN_EXPONENT, hpContext } from '../../../../src/numeric/hp/decimal.js';
import { softplus } from '../../../../src/numeric/hp/softplus.js';

// A decimal far below or above double range is written in exponent form, so toString and toNumber
// (which goes through the string) stay cheap: e^-1.5e9 = 10^-651441722.6... in plain digits would be
// a 651-million-character string, out of memory.
describe('hpContext: the text of a decimal', () => {
  const D = hpContext(32);

  it('plain up to 10^6 places, exponent form beyond', () => {
    expect(HP_PLAIN_EXPONENT).toBe(1e6);
    expect(new D('1e-999999').toString()).toHaveLength(1_000_000 + 1);
    expect(new D('1e-1000000').toString()).toBe('1e-1000000');
    expect(new D('-2.5e1000000').toString()).toBe('-2.5e+1000000');
    expect(new D('1e999999').toString()).toHaveLength(1_000_000);
  });

  it('softplus(-1.5e9) = e^-1.5e9 to rounding: its text and number come back at once', () => {
    // fails fast where the text would be plain (the string below would then exhaust the heap)
    expect([D.toExpNeg, D.toExpPos]).toEqual([-HP_PLAIN_EXPONENT, HP_PLAIN_EXPONENT]);
    const y = softplus(D, new D('-1.5e9'));
    // log10 e^-1.5e9 = -1.5e9 / ln 10 = -651441722.99... (decimal.js's own ln 10 at 40 digits)
    const log10 = new (hpContext(40))(-1.5e9).div(new (hpContext(40))(10).ln());
    expect(y.e).toBe(Math.floor(log10.toNumber()));
    expect(y.toString()).toMatch(/^[1-9]\.\d+e-651441723$/);
    expect(y.toNumber()).toBe(0);
  });
});
