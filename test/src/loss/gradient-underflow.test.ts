import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLoss, frobeniusNorm, type Normalization } from '../../../src/documents/loss.js';
import { underflowGradient } from '../../../src/loss/gradient-underflow.js';
import { gradientThroughNormalization, sigmoidLoss } from '../../../src/loss/sigmoid.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';

interface Entry {
  readonly sign: -1 | 0 | 1;
  readonly log10?: string;
}
interface Grad {
  readonly t: Entry;
  readonly b: Entry;
  readonly U: Entry[][];
  readonly V: Entry[][];
}
interface Case {
  readonly config: string;
  readonly t: string;
  readonly b: string;
  readonly normalization: Normalization;
  readonly grad: Grad;
}
const fixture = JSON.parse(readFileSync('test/fixtures/edges/loss-grad-underflow.json', 'utf8')) as {
  configs: Record<string, { U: number[][]; V: number[][] }>;
  cases: Case[];
};

/**
 * A printed entry against the oracle's sign and log10: a number to 2^-40 relative (the float64
 * path), `m.mmmeK` to half a unit of its last digit, `10^x` to the logits' rounding carried into x
 * (2^-49 (|t| + |b| + |ln|x|| + 1) in ln).
 */
function check(where: string, got: number | string, want: Entry, scale: number): void {
  if (want.sign === 0) {
    expect(got, where).toBe(0);
    return;
  }
  const l = Number(want.log10);
  if (typeof got === 'number') {
    expect(Math.sign(got), where).toBe(want.sign);
    expect(Math.abs(Math.log10(Math.abs(got)) - l) * Math.LN10, `${where}: ${got}`).toBeLessThan(2 ** -40);
    return;
  }
  expect(got.startsWith('-') ? -1 : 1, `${where}: ${got}`).toBe(want.sign);
  const text = got.replace(/^-/, '');
  const power = /^10\^(.+)$/.exec(text);
  if (power) {
    const lnError = 2 ** -49 * (scale + Math.abs(l) * Math.LN10 + 1);
    expect(Math.abs(Number(power[1]) - l) * Math.LN10, `${where}: ${got}`).toBeLessThanOrEqual(lnError);
    return;
  }
  const m = /^(\d)\.?(\d*)e(-?\d+)$/.exec(text);
  expect(m, `${where}: ${got}`).not.toBeNull();
  const digits = 1 + m![2]!.length;
  const k = Number(m![3]);
  const trueMantissa = 10 ** (l - k);
  const unit = 10 ** (1 - digits);
  expect(
    Math.abs(Number(`${m![1]}.${m![2]}`) - trueMantissa),
    `${where}: ${got} vs 10^${l}`,
  ).toBeLessThanOrEqual(0.5 * unit + 1e-11);
}

describe('loss --grad where entries underflow float64 (mpmath fixture)', () => {
  it.each(fixture.cases)('$config, t = $t, b = $b, $normalization', (c) => {
    const cfg = fixture.configs[c.config]!;
    const t = Number(c.t);
    const b = Number(c.b);
    const doc = buildLoss({
      u: fromRows(cfg.U),
      v: fromRows(cfg.V),
      t,
      b,
      normalization: c.normalization,
      grad: true,
    });
    const scale = Math.abs(t) + Math.abs(b);
    const g = doc.grad!;
    check('t', g.t, c.grad.t, scale);
    check('b', g.b, c.grad.b, scale);
    for (const [i, row] of c.grad.U.entries())
      for (const [k, e] of row.entries()) check(`U[${i}][${k}]`, g.U[i]![k]!, e, scale);
    for (const [j, row] of c.grad.V.entries())
      for (const [k, e] of row.entries()) check(`V[${j}][${k}]`, g.V[j]![k]!, e, scale);
  });

  it('N = 2, d = 1, t = 1e300, b = 0: dL/dt is -2 e^-1e300 per anchor, not 0', () => {
    const id = fromRows([[1], [-1]]);
    const doc = buildLoss({ u: id, v: id, t: 1e300, b: 0, normalization: 'per-anchor', grad: true });
    // sum s G = -4 sigma(-1e300), halved: -2 e^-1e300, log10 = -1e300 / ln 10 + log10 2
    expect(doc.grad!.t).toBe(`-10^${(-1e300 / Math.LN10).toExponential()}`);
    expect(doc.grad!.b).toBe(0);
  });

  it('the Frobenius norm neither overflows (entries near 5e299) nor prints 0 for underflowed entries', () => {
    expect(frobeniusNorm([[3e300], [4e300]])).toBe(5e300);
    expect(frobeniusNorm([['-3.00000e-330'], ['4.00000e-330']])).toBe('5.00000e-330');
  });

  it('in range, the log-form entries agree with the float64 gradient, through --normalize too', () => {
    // a different route (term grouping and ratios to the largest term) for the same sums
    const stored = [
      [3, 4, 0],
      [0, 2, 1],
      [-1, 0.5, 0.25],
    ];
    const norms = Float64Array.from(stored.map((r) => Math.hypot(...r)));
    const u = fromRows(stored.map((r, i) => r.map((x) => x / norms[i]!)));
    const v = fromRows([
      [0.6, 0.8, 0],
      [0, 0, 1],
      [-0.6, 0, -0.8],
    ]);
    const vNorms = Float64Array.of(1, 1, 1);
    for (const [t, b] of [
      [10, 3],
      [0.5, -1],
    ] as const) {
      const r = sigmoidLoss(u, v, { t, b, normalization: 'per-anchor', grad: true });
      const gU = gradientThroughNormalization(u, norms, r.gradU!);
      const gV = gradientThroughNormalization(v, vNorms, r.gradV!);
      const logs = underflowGradient({ u, v, t, b, scale: 1 / 3, rowNorms: { u: norms, v: vNorms } });
      const value = (e: { sign: number; ln: number }) => e.sign * Math.exp(e.ln);
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) {
          expect(value(logs.u(i, k))).toBeCloseTo(gU[i * 3 + k]!, 13);
          expect(value(logs.v(i, k))).toBeCloseTo(gV[i * 3 + k]!, 13);
        }
      }
      expect(Math.abs(value(logs.t()) / r.dt! - 1)).toBeLessThan(1e-13);
      expect(Math.abs(value(logs.b()) / r.db! - 1)).toBeLessThan(1e-13);
    }
  });
});
