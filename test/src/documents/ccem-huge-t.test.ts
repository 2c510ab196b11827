import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ccemReadableLoss } from '../../../src/documents/ccem.js';
import { EPS } from '../../../src/numeric/float/ulp.js';

interface Case {
  readonly N: number;
  readonly t: string;
  readonly b: string;
  readonly log10Loss: string;
}
const { cases } = JSON.parse(readFileSync('test/fixtures/edges/ccem-huge-t.json', 'utf8')) as {
  cases: Case[];
};

// plan and siglip take t up to 1.8e308; the decimal route underflows below about 1e-9e15 and the
// loss printed "0". Now it is 10^x with x the float log10 of the loss: a few ulps of x (the logits'
// rounding, relative to their size, carried into a log of the same size).
const TOL_ULPS = 8;

describe('the CCEM loss past decimal.js exponent range (mpmath fixture)', () => {
  it.each(cases)('N = $N, t = $t, b = $b: 10^(log10 loss), never "0"', (c) => {
    const got = ccemReadableLoss(c.N, Number(c.t), Number(c.b));
    expect(typeof got).toBe('string');
    const m = /^10\^(-[0-9.e+]+)$/.exec(got as string);
    expect(m, String(got)).not.toBeNull();
    // plain notation past 1e16 would pad the exponent with zeros that are not its digits
    expect(m![1]!).toMatch(/e\+/);
    const want = new Decimal(c.log10Loss);
    const rel = new Decimal(m![1]!).minus(want).div(want).abs().toNumber();
    expect(rel, `${got} vs 10^${c.log10Loss}`).toBeLessThanOrEqual(TOL_ULPS * EPS);
  });
});
