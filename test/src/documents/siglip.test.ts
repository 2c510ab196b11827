import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { buildSiglip, readableMonteCarlo } from '../../../src/documents/siglip.js';
import { initialLossMonteCarlo } from '../../../src/siglip/init-loss.js';
import corners from '../../fixtures/siglip/threshold-corners.json' with { type: 'json' };

// The answers themselves are checked in test/src/siglip and end to end; here: how the parameters
// of each form reach the exact threshold decisions.
describe('buildSiglip', () => {
  it('t with b_rel: b = t b_rel as exact decimals (3 x 0.1 = 0.3, not 0.30000000000000004)', () => {
    const doc = buildSiglip({
      parameters: { kind: 'b-rel', t: '3', bRel: '0.1' },
      source: 'given t and b_rel',
      similarities: ['0.1', '0.2'],
    });
    expect(doc.source).toBe('given t and b_rel');
    expect(doc.b).toBe(0.3);
    // t s - b = 3 (0.1) - 0.3 = 0 exactly: on the boundary
    expect(doc.similarities.map((s) => s.side)).toEqual(['boundary', 'match']);
    expect(Object.keys(doc)[0]).toBe('source');
  });

  it('checkpoint doubles decide by their exact expansions: logit_bias -0.1 is below -1/10', () => {
    // t = exp(0) = 1; z = s + logit_bias = 0.1 - 0.1000000000000000055511... < 0
    const doc = buildSiglip({
      parameters: { kind: 'checkpoint', t: 1, b: 0.1, logitScale: 0, logitBias: -0.1 },
      source: 'checkpoint',
      similarities: ['0.1'],
    });
    expect(doc.similarities[0]!.side).toBe('no-match');
  });

  it('given decimals decide as written: logit_bias "-0.1" puts s = 0.1 on the boundary', () => {
    const doc = buildSiglip({
      parameters: {
        kind: 'given',
        t: 1,
        b: 0.1,
        exact: { kind: 'siglip', logitScale: '0', logitBias: '-0.1' },
      },
      source: 'given',
      similarities: ['0.1'],
    });
    expect(doc.similarities[0]!.side).toBe('boundary');
  });
});

/** Relative gap between an exponent-form string and a decimal value (digits past the double range). */
function relativeGap(printed: number | string, truth: Decimal): number {
  expect(typeof printed, `printed ${printed}`).toBe('string');
  const [m, e] = String(printed).split('e');
  return new Decimal(m!)
    .times(new Decimal(10).pow(Number(e)))
    .minus(truth)
    .div(truth)
    .abs()
    .toNumber();
}

describe('initial loss where float64 underflows: the digits its log carries, never 0', () => {
  const D = Decimal.clone({ precision: 40 });
  // softplus(z) = y - y^2/2 + ..., y = e^z; for z < -700 the first two terms give 40 digits
  const softplusTiny = (z: number) => {
    const y = D.exp(z);
    return y.minus(y.pow(2).div(2));
  };
  it('range minimum at t = 10^4, b = 10, B = 32768: B sp(b - t) + B(B - 1) sp(-t - b) (decimal.js)', () => {
    const B = 32768;
    const doc = buildSiglip({
      parameters: { kind: 'given', t: 1e4, b: 10, exact: { kind: 'canonical', t: '1e4', b: '10' } },
      source: 'test',
      batch: B,
    });
    const sum = softplusTiny(10 - 1e4)
      .times(B)
      .plus(softplusTiny(-1e4 - 10).times(B * (B - 1)));
    const il = doc.initialLoss!;
    expect(relativeGap(il.min.sum, sum)).toBeLessThan(5e-6);
    expect(relativeGap(il.min['per-anchor'], sum.div(B))).toBeLessThan(5e-6);
    expect(relativeGap(il.min.mean, sum.div(B * B))).toBeLessThan(5e-6);
    // the log10 carried beside it, to its stated bound
    expect(Math.abs(il.log10.min.sum - sum.log(10).toNumber())).toBeLessThan(1e-9);
  });
  it('negative term at d = 3 (s uniform on [-1, 1]), t = 10, b = 1000: (e^-990 - e^-1010)/20 to 430 digits', () => {
    const doc = buildSiglip({
      parameters: { kind: 'given', t: 10, b: 1000, exact: { kind: 'canonical', t: '10', b: '1000' } },
      source: 'test',
      batch: 1024,
      d: 3,
      monteCarloSamples: 0,
    });
    // E sp(10 s - 1000) = (1/2) int_-1^1 sp(10 s - 1000) ds = (Li2 terms) = (y1 - y1^2/4 - y0 + y0^2/4)/20
    const [y1, y0] = [D.exp(-990), D.exp(-1010)];
    const truth = y1.minus(y1.pow(2).div(4)).minus(y0).plus(y0.pow(2).div(4)).div(20);
    expect(relativeGap(doc.initialLoss!.terms!.negative, truth)).toBeLessThan(5e-6);
  });
  it('Monte Carlo with every draw underflowed (t = 25000, b = 0, 2 draws) is not 0 ± 0', () => {
    // a seed whose two draws both put t s_p and -t s_n past 745 (about 1 in 18 at d = 3)
    const seed = [...Array(200).keys()].find(
      (k) => initialLossMonteCarlo(4, 3, 25000, 0, 2, k).mean.sum === 0,
    );
    expect(seed).toBeDefined();
    const mc = readableMonteCarlo(initialLossMonteCarlo(4, 3, 25000, 0, 2, seed!), 25000, 0);
    expect(mc.mean.sum, `seed ${seed}`).toMatch(/^\d\.\d{5}e-\d+$/);
    expect(mc.standardError.sum).toMatch(/^\d\.\d{5}e-\d+$/);
    // the mean of two draws lies between them: each draw's log from the same seeded cosines
    expect(mc.log10Mean.sum).toBeLessThan(-300);
  });
  it('p(s) at t = 10^4, b = 10, s = -0.5: e^-5010 (decimal.js), not 0', () => {
    const doc = buildSiglip({
      parameters: { kind: 'given', t: 1e4, b: 10, exact: { kind: 'canonical', t: '1e4', b: '10' } },
      source: 'test',
      similarities: ['-0.5', '0.5'],
    });
    const z = -5010;
    expect(relativeGap(doc.similarities[0]!.p, D.exp(z).div(D.exp(z).plus(1)))).toBeLessThan(5e-6);
    expect(doc.similarities[1]!.p).toBe(1);
  });
  it('the batch whose 1/B prior b = 1000 matches: 1 + e^1000 (decimal.js), not Infinity', () => {
    const doc = buildSiglip({
      parameters: { kind: 'given', t: 10, b: 1000, exact: { kind: 'canonical', t: '10', b: '1000' } },
      source: 'test',
    });
    expect(relativeGap(doc.batchForGivenBias, D.exp(1000).plus(1))).toBeLessThan(5e-6);
  });
});

describe('match threshold b_rel = b / t past the doubles (mpmath fixture)', () => {
  // scripts/oracles/siglip_threshold_corners.py: b / t at 60 digits, printed to 17
  for (const c of corners.cases) {
    const label =
      c.kind === 'canonical'
        ? `t ${c.t}, b ${c.b}`
        : `logit_scale ${c.logitScale}, logit_bias ${c.logitBias}`;
    it(`${label}: b_rel ${c.bRel}, never Infinity or a lost 0`, () => {
      const exact =
        c.kind === 'canonical'
          ? ({ kind: 'canonical', t: c.t!, b: c.b! } as const)
          : ({ kind: 'siglip', logitScale: c.logitScale!, logitBias: c.logitBias! } as const);
      const t = c.kind === 'canonical' ? Number(c.t) : Math.exp(Number(c.logitScale));
      const b = c.kind === 'canonical' ? Number(c.b) : -Number(c.logitBias);
      const doc = buildSiglip({ parameters: { kind: 'given', t, b, exact }, source: 'given', batch: 8 });
      const want = new Decimal(c.bRel);
      for (const got of [doc.bRel, doc.matchThreshold, doc.bbnp25!.bRel]) {
        // 17 significant digits on each side: within 1e-16 relative
        expect(new Decimal(got).minus(want).abs().lte(want.abs().times('1e-16')), `${got}`).toBe(true);
      }
      expect(JSON.stringify(doc)).not.toMatch(/Infinity|NaN/);
      expect(doc.bbnp25!.reason).not.toMatch(/Infinity|= 0 /);
    });
  }
});

describe('initial-loss range at the largest logits', () => {
  it('max = B sp(t + b) + B(B - 1) sp(t - b) past 1.8e308 reads in exponent form; past t + |b| = 1.8e308 refused', () => {
    // t = 8e307, b = -8e307, B = 3: 3 sp(0) + 6 sp(1.6e308) = 9.6e308 + 3 ln 2 (closed form)
    const doc = buildSiglip({
      parameters: {
        kind: 'given',
        t: 8e307,
        b: -8e307,
        exact: { kind: 'canonical', t: '8e307', b: '-8e307' },
      },
      source: 'given',
      batch: 3,
    });
    expect(doc.initialLoss!.max.sum).toBe('9.60000e308');
    expect(doc.initialLoss!.max['per-anchor']).toBe('3.20000e308');
    expect(() =>
      buildSiglip({
        parameters: {
          kind: 'given',
          t: 1.7e308,
          b: -1.7e308,
          exact: { kind: 'canonical', t: '1.7e308', b: '-1.7e308' },
        },
        source: 'given',
        batch: 3,
      }),
    ).toThrow(/^siglip: the largest logit t \+ \|b\| overflows float64/);
  });
});

describe('p(s) and log10 p on the typed similarity (mpmath fixture)', () => {
  // scripts/oracles/siglip_threshold_corners.py: z = t s - b on the decimals, at 60 digits
  for (const c of corners.similarities) {
    it(`t ${c.t}, b ${c.b}, s ${c.s}: log10 p ${c.log10P}`, () => {
      const doc = buildSiglip({
        parameters: {
          kind: 'given',
          t: Number(c.t),
          b: Number(c.b),
          exact: { kind: 'canonical', t: c.t, b: c.b },
        },
        source: 'given',
        similarities: [c.s],
      });
      const got = doc.similarities[0]!;
      const want = Number(c.log10P);
      // z is the decimal logit rounded once: log10 p within a few ulps (t Number(s) - b was 11 % off)
      expect(Math.abs(got.log10P - want), `${got.log10P}`).toBeLessThanOrEqual(8 * 2 ** -52 * Math.abs(want));
      if (typeof got.p === 'number')
        expect(Math.abs(got.p - Number(c.p))).toBeLessThanOrEqual(4 * 2 ** -52 * Number(c.p));
    });
  }
});
