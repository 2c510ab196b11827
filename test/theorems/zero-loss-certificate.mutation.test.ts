import { describe, expect, it } from 'vitest';
import { certificateTolerance, measureCertificate } from '../../theorems/zero-loss-certificate.js';

// The antipodal pair U = V = (1), (-1): m* = 1, b* = 0. Sum normalisation, mpmath 1.3 at 30 digits.
const pair = { rows: 2, cols: 1, data: new Float64Array([1, -1]) };

describe('measureCertificate by hand', () => {
  it('t = 10, b = 0: L = 4 softplus(-10), eta = ln(1/(e^L - 1)), slack m* - eta/t + tol', () => {
    const r = measureCertificate(pair, pair, 10, 0, 'sum');
    expect(r.applies).toBe(true);
    expect(r.loss).toBeCloseTo(0.0001815955968674586, 17);
    expect(r.eta).toBeCloseTo(8.613637539243122, 12);
    expect(r.tolerance).toBe(certificateTolerance(2, 1, 10, 0));
    expect(r.slack).toBeCloseTo(0.13863624607568784 + r.tolerance, 13);
  });

  it('t = 10, b = 2: L = 2 softplus(-8) + 2 softplus(-12), slack m* - eta/t - |b/t - b*| + tol', () => {
    const r = measureCertificate(pair, pair, 10, 2, 'sum');
    expect(r.loss).toBeCloseTo(0.000683101132747003, 16);
    expect(r.eta).toBeCloseTo(7.288526067973902, 11);
    expect(r.slack).toBeCloseTo(0.07114739320260975 + r.tolerance, 12);
  });

  it('L >= ln 2 is outside the hypothesis: eta NaN, slack +Infinity', () => {
    // t = 0.1: L = 4 softplus(-0.1) > ln 2
    const r = measureCertificate(pair, pair, 0.1, 0, 'sum');
    expect(r.applies).toBe(false);
    expect(r.eta).toBeNaN();
    expect(r.slack).toBe(Number.POSITIVE_INFINITY);
  });
});
