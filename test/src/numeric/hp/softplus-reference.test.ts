import { readFileSync } from 'node:fs';
import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { exact, exactDecimalString, hpContext } from '../../../../src/numeric/hp/decimal.js';
import { logSigmoid, sigmoid, softplus } from '../../../../src/numeric/hp/softplus.js';

// mpmath values at 100 digits (scripts/oracles/hp_softplus.py): each context must be correct to
// its own precision, 10^(1 - p) relative, over e^z from 1e-434295 (the tiny-y series branch) to e^1e6.
const fixture = JSON.parse(readFileSync('test/fixtures/hp/softplus.json', 'utf8')) as {
  values: { z: string; softplus: string; sigmoid: string }[];
};

function relErr(a: Decimal, b: string): number {
  const R = hpContext(120);
  const ref = new R(b);
  return new R(a).minus(ref).abs().div(ref).toNumber();
}

describe('decimal.js softplus, sigmoid, logSigmoid against mpmath', () => {
  for (const p of [30, 50, 90]) {
    it(`at ${p} digits: relative error <= 10^(1 - ${p}) for z from -1e6 to 1e6`, () => {
      const D = hpContext(p);
      for (const r of fixture.values) {
        const z = new D(r.z);
        expect(relErr(softplus(D, z), r.softplus), `softplus ${r.z}`).toBeLessThanOrEqual(10 ** (1 - p));
        expect(relErr(sigmoid(D, z), r.sigmoid), `sigmoid ${r.z}`).toBeLessThanOrEqual(10 ** (1 - p));
        expect(relErr(logSigmoid(D, z.neg()).neg(), r.softplus), `logSigmoid ${r.z}`).toBeLessThanOrEqual(
          10 ** (1 - p),
        );
      }
    });
  }
});

describe('hpContext and exact', () => {
  it('a context has the asked precision, rounds half to even, prints without exponents, and is cached', () => {
    const D = hpContext(5);
    expect(D.precision).toBe(5);
    expect(new D('1.00005').plus(0).toString()).toBe('1');
    expect(new D('1.00015').plus(0).toString()).toBe('1.0002');
    expect(new D('1e-30').times(1).toString()).toBe('0.000000000000000000000000000001');
    expect(new D('1e30').times(1).toString()).toBe('1000000000000000000000000000000');
    expect(hpContext(5)).toBe(D);
    expect(hpContext(6)).not.toBe(D);
  });

  it('exact(D, x) is the binary value (0.1 has 55 significant digits) and signs and integers survive', () => {
    const D = hpContext(80);
    expect(exact(D, 0.1).toString()).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimalString(-2.5)).toBe('-2.5');
    expect(exactDecimalString(2 ** 60)).toBe('1152921504606846976');
    expect(exactDecimalString(-0)).toBe('0');
    expect(exactDecimalString(3)).toBe('3');
    // MAX_VALUE = 2^1024 - 2^971 (IEEE 754)
    const W = hpContext(400);
    expect(new W(exactDecimalString(Number.MAX_VALUE)).eq(new W(2).pow(1024).minus(new W(2).pow(971)))).toBe(
      true,
    );
    expect(() => exactDecimalString(Number.NaN)).toThrow(RangeError);
  });
});
