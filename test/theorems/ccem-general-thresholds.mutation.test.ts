import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjacentDouble } from '../../src/numeric/float/ulp.js';
import { exactDecimalString } from '../../src/numeric/hp/decimal.js';
import {
  claim,
  domain,
  flippedBias,
  flippedConditions,
  type GeneralCase,
  generalConditions,
  MAX_N,
  MAX_T,
  measureGeneral,
} from '../../theorems/ccem-general-thresholds.js';

const D = Decimal.clone({ precision: 60 });
/** sigma(z) = 1/(1 + e^-z) in 60 digits. */
const sigma = (z: Decimal) => new D(1).div(new D(1).plus(z.neg().exp()));

/**
 * The independent route: the signs of f'(+-1)/t in their sigmoid form (docs/theory.md §1),
 * f'(1)/t = -sigma(b - t) + ((N-2)/2) sigma(-t/(N-1) - b), f'(-1)/t = -sigma(b + t) + ((N-2)/2) sigma(-t - b);
 * f is convex, so ETF iff f'(1) <= 0 and antipodal iff f'(-1) >= 0.
 */
function bySigmoids(n: number, tt: string, bb: string): { etf: boolean; antipodal: boolean } {
  const t = new D(tt);
  const b = new D(bb);
  const k = new D(n - 2).div(2);
  const at1 = sigma(b.minus(t))
    .neg()
    .plus(
      k.times(
        sigma(
          t
            .neg()
            .div(n - 1)
            .minus(b),
        ),
      ),
    );
  const atM1 = sigma(b.plus(t))
    .neg()
    .plus(k.times(sigma(t.neg().minus(b))));
  return { etf: at1.lte(0), antipodal: atM1.gte(0) };
}

const C = Decimal.clone({ precision: 40 });
const cond = (n: number, t: string, b: string) => generalConditions(n, new C(t), new C(b));

describe("ccem-general-thresholds: the two conditions against the signs of f'(+-1)", () => {
  it('agree with the sigmoid form on a grid of N, t and b (each regime and both signs of b)', () => {
    const seen = { etf: 0, antipodal: 0, interior: 0 };
    for (const n of [3, 4, 5, 8, 50, 1_000_000]) {
      for (const t of ['0.01', '0.3', '1', '2.5', '7', '40']) {
        for (const b of ['-30', '-3', '-0.7', '-0.05', '0.2', '0.9', '2', '5', '20']) {
          const want = bySigmoids(n, t, b);
          expect(cond(n, t, b), `N=${n} t=${t} b=${b}`).toEqual(want);
          seen[want.etf ? 'etf' : want.antipodal ? 'antipodal' : 'interior']++;
        }
      }
    }
    // every regime is sampled often enough for a wrong constant in either condition to show
    expect(Math.min(seen.etf, seen.antipodal, seen.interior)).toBeGreaterThan(40);
  });

  it('at N = 4 both edges are exact ties and count as inside: ETF at b = t/3, antipodal at t + b = 0', () => {
    // N = 4: (N-2)/2 = 1, so ETF iff e^{t/3 + b} >= e^{t - b} iff b >= t/3, antipodal iff t + b <= 0
    expect(cond(4, '3', '1')).toEqual({ etf: true, antipodal: false });
    expect(cond(4, '3', '0.99999999999999999999').etf).toBe(false);
    expect(cond(4, '1', '-1')).toEqual({ etf: false, antipodal: true });
    expect(cond(4, '1', '-0.99999999999999999999').antipodal).toBe(false);
    // N = 6: ln((N-2)/2) = ln 2, and the ETF edge 1 + e^{t/5 + b} = 2 (1 + e^{t - b}) at t = 5 solves
    // e^{1 + b} - 2 e^{5 - b} = 1: with z = e^b, e z^2 - z - 2 e^5 = 0
    const e = new D(1).exp();
    const z = new D(1).plus(new D(1).plus(e.times(8).times(new D(5).exp())).sqrt()).div(e.times(2));
    const edge = z.ln();
    expect(cond(6, '5', edge.plus('1e-30').toString()).etf).toBe(true);
    expect(cond(6, '5', edge.minus('1e-30').toString()).etf).toBe(false);
    const anti = new D(2).ln().minus('0.5');
    expect(cond(6, '0.5', anti.minus('1e-30').toString()).antipodal).toBe(true);
    expect(cond(6, '0.5', anti.plus('1e-30').toString()).antipodal).toBe(false);
  });

  it('the flipped-bias twin: antipodal iff t - b <= ln((N-2)/2), its ETF condition unchanged', () => {
    // N = 8: ln 3 = 1.0986...; t = 2, b = 1: t - b = 1 <= ln 3 (the true t + b = 3 is not)
    const k = flippedConditions(8, new C(2), new C(1));
    expect(k).toEqual({ etf: cond(8, '2', '1').etf, antipodal: true });
    const ln3 = new D(3).ln();
    expect(flippedConditions(8, new C(2), new C(ln3.neg().plus(2).plus('1e-30').toString())).antipodal).toBe(
      true,
    );
    expect(flippedConditions(8, new C(2), new C(ln3.neg().plus(2).minus('1e-30').toString())).antipodal).toBe(
      false,
    );
    expect(flippedConditions(20, new C(7), new C(2)).etf).toBe(bySigmoids(20, '7', '2').etf);
  });
});

describe('ccem-general-thresholds: decided at 40 digits, where 20 would not do', () => {
  it('an antipodal edge 1e-25 away (N = 6, ln 2): ln((N-2)/2) is taken to more than 20 digits', () => {
    // ln 2 to 20 digits is 0.69314718055994530942, 2.8e-21 above ln 2
    const ln2 = new D(2).ln();
    const t = new C('0.5');
    const at = (x: Decimal) => new C(x.toString());
    // antipodal iff b <= ln 2 - t
    expect(generalConditions(6, t, at(ln2.minus('0.5').minus('1e-25'))).antipodal).toBe(true);
    expect(generalConditions(6, t, at(ln2.minus('0.5').plus('1e-25'))).antipodal).toBe(false);
    // the twin's edge is t - b = ln 2: antipodal iff b >= t - ln 2
    expect(flippedConditions(6, t, at(new D('0.5').minus(ln2).plus('1e-25'))).antipodal).toBe(true);
    expect(flippedConditions(6, t, at(new D('0.5').minus(ln2).minus('1e-25'))).antipodal).toBe(false);
  });

  it('an exact N = 4 tie between doubles of 41 digits stays a tie: b = 1 + 2^-40, t = 3b is ETF', () => {
    // f'(1) = 0 exactly at b = t/3 (N = 4), so c1* = 1; rounding t and b to 40 digits would break the tie
    const b = 1 + 2 ** -40;
    const t = 3 + 3 * 2 ** -40;
    expect(exactDecimalString(b).replace('.', '')).toHaveLength(41);
    const r = measureGeneral({ n: 4, t, b }, generalConditions);
    expect(r.detail).toMatchObject({ conditions: { etf: true, antipodal: false }, optimum: 'etf' });
    expect(r.slack).toBe(1);
    // one ulp below the tie: interior
    const below = measureGeneral({ n: 4, t, b: adjacentDouble(b, -1n) }, generalConditions);
    expect(below.detail).toMatchObject({ conditions: { etf: false, antipodal: false }, optimum: 'interior' });
    expect(below.slack).toBe(1);
  });

  it('the measure takes the doubles at 40 digits: N = 4, t = 3e-6, b the largest double below t/3', () => {
    // b < t/3 exactly, so f'(1) > 0 (interior, c1* just below 1); 1 + e^{t/3 + b} and 1 + e^{t - b}
    // differ by ~4e-22 of 2, which 20 digits cannot see
    const t = 3e-6;
    let b = t / 3;
    const third = new D(exactDecimalString(t)).div(3);
    while (!new D(exactDecimalString(b)).lt(third)) b = adjacentDouble(b, -1n);
    const r = measureGeneral({ n: 4, t, b }, generalConditions);
    expect(r.detail.conditions).toEqual({ etf: false, antipodal: false });
    expect(r.detail.optimum).toBe('interior');
    expect(r.slack).toBe(1);
  });
});

describe('ccem-general-thresholds: the measure, the check and the domain', () => {
  it('measureGeneral: 1 when the regime matches, -1 on a miss or when both edges are claimed', () => {
    // N = 8, t = b = 3: ETF (3 >= (7/8) ln 5 = 1.408); c1* = 1
    const c: GeneralCase = { n: 8, t: 3, b: 3 };
    const ok = measureGeneral(c, generalConditions);
    expect(ok).toEqual({
      slack: 1,
      detail: { conditions: { etf: true, antipodal: false }, predicted: 'etf', optimum: 'etf', c1: '1' },
    });
    const both = measureGeneral(c, () => ({ etf: true, antipodal: true }));
    expect(both.slack).toBe(-1);
    expect(both.detail.predicted).toBe('etf');
    // t = b = 0.3 <= (1/2) ln 3: antipodal, c1* = -1
    const anti = measureGeneral({ n: 8, t: 0.3, b: 0.3 }, () => ({ etf: false, antipodal: false }));
    expect(anti).toMatchObject({
      slack: -1,
      detail: { predicted: 'interior', optimum: 'antipodal', c1: '-1' },
    });
    expect(measureGeneral({ n: 8, t: 0.3, b: 0.3 }, generalConditions).detail.predicted).toBe('antipodal');
  });

  it('the check runs its three pinned cases first and shows (N, t, b) only', async () => {
    let total = 0;
    const out = await claim.check({ seed: 5, globalSeed: 5, runs: 4, onCase: (_d, of) => (total = of) });
    expect(total).toBe(7);
    // the three pinned cases, then the four random runs
    expect(out).toMatchObject({ status: 'holds', cases: 7 });
    expect(Object.keys(out.evidence!.at as object).sort()).toEqual(['b', 'n', 't']);
    const twin = await flippedBias.check({ seed: 5, globalSeed: 5, runs: 40 });
    expect(twin).toMatchObject({ status: 'refuted' });
    expect(Object.keys(twin.counterexample!.input as object).sort()).toEqual(['b', 'n', 't']);
  });

  it('the domain draws the diagonal and the antipodal boundary, and names them', () => {
    const cases = fc.sample(domain.arbitrary, { seed: 11, numRuns: 400 });
    const onEdge = cases.filter((c) => c.onBoundary === true);
    const diagonal = cases.filter((c) => c.t === c.b);
    expect(onEdge.length).toBeGreaterThan(20);
    expect(diagonal.length).toBeGreaterThan(40);
    for (const c of onEdge) {
      // min 5, but the corner N = 4 of the shared range is kept (ln 1 = 0 is still an edge)
      expect(c.n).toBeGreaterThanOrEqual(4);
      // t + b = ln((N-2)/2) to the rounding of the float ln (1 ulp) and one subtraction (half an ulp)
      const sum = new D(c.t).plus(c.b);
      const edge = new D(c.n - 2).div(2).ln();
      const bound = 2 ** -52 * (Math.abs(edge.toNumber()) + Math.abs(c.b));
      expect(sum.minus(edge).abs().toNumber(), JSON.stringify(c)).toBeLessThanOrEqual(bound);
    }
    const [diag, edge, corner] = domain.boundaries!;
    expect(diag!.on({ n: 5, t: 2, b: 2 })).toBe(true);
    expect(diag!.on({ n: 5, t: 2, b: -2 })).toBe(false);
    expect(edge!.on({ n: 5, t: 2, b: 2, onBoundary: true })).toBe(true);
    expect(edge!.on({ n: 5, t: 2, b: 2 })).toBe(false);
    expect(corner!.on({ n: MAX_N, t: MAX_T, b: 1 })).toBe(true);
    expect(corner!.on({ n: MAX_N, t: 1, b: 1 })).toBe(false);
    expect(corner!.on({ n: 5, t: MAX_T, b: 1 })).toBe(false);
    expect(domain.values({ n: 5, t: 2, b: -1, onBoundary: true })).toEqual({ n: 5, t: 2, b: -1 });
  });
});
