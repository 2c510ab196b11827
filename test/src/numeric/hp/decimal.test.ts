import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exact, exactDecimalString, hpContext } from '../../../../src/numeric/hp/decimal.js';
import { softplus } from '../../../../src/numeric/hp/softplus.js';

describe('exact double to decimal conversion', () => {
  it('0.1 converts to its exact binary value (IEEE 754, 55 digits)', () => {
    expect(exactDecimalString(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
  });

  it('the smallest subnormal converts to 2^-1074 exactly', () => {
    const D = hpContext(800);
    expect(new D(exactDecimalString(5e-324)).eq(new D(2).pow(-1074))).toBe(true);
  });

  it('the text is the exact value written out by decimal.js: positional, no trailing zeros, for every finite double', () => {
    // a double's exact decimal has at most 767 significant digits; 1100 hold it with room
    const D = hpContext(1100);
    const view = new DataView(new ArrayBuffer(8));
    const exactOf = (x: number) => {
      view.setFloat64(0, x);
      const bits = view.getBigUint64(0);
      const e = Number((bits >> 52n) & 0x7ffn);
      const frac = bits & 0xfffffffffffffn;
      const mant = e === 0 ? frac : frac | (1n << 52n);
      const v = new D(mant.toString()).times(new D(2).pow((e === 0 ? 1 : e) - 1075));
      return (bits >> 63n ? v.neg() : v).toFixed();
    };
    for (const x of [0.5, -0.75, 1, 3, 2 ** 52 + 1, 2 ** 53, 1e300, 5e-324, -2.5e-320, 0.1])
      expect(exactDecimalString(x)).toBe(exactOf(x));
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(exactDecimalString(x)).toBe(x === 0 ? '0' : exactOf(x));
      }),
    );
  });

  it('conversion round-trips: Number(exactDecimalString(x)) === x for every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(exactDecimalString(x))).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});

describe('decimal.js softplus', () => {
  it('agrees with the series ln(1+y) = y - y^2/2 + y^3/3 for y = e^z tiny (z = -60), to 45 digits', () => {
    const D = hpContext(50);
    const z = new D(-60);
    const y = z.exp();
    const series = y.minus(y.pow(2).div(2)).plus(y.pow(3).div(3)).minus(y.pow(4).div(4));
    const rel = softplus(D, z).minus(series).abs().div(series);
    expect(rel.lt(new D('1e-45'))).toBe(true);
  });

  it('softplus(z) - softplus(-z) = z (an identity), to 45 digits for z in [-800, 800]', () => {
    const D = hpContext(50);
    fc.assert(
      fc.property(fc.double({ min: -800, max: 800, noNaN: true }), (x) => {
        const z = exact(D, x);
        const diff = softplus(D, z).minus(softplus(D, z.neg())).minus(z).abs();
        expect(diff.lte(z.abs().plus(1).times('1e-45'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
