import { describe, expect, it } from 'vitest';
import {
  buildKeyCase,
  check,
  type KeyCase,
  keyDomain,
  keyGap,
  keyInequalityTolerance,
  keySharpCases,
  MAX_N,
  measureKey,
  wrongCoefficientOf,
} from '../../theorems/ccem-key-inequality.js';

const exact = (n: number) => (n - 2) / 2;

describe('ccem-key-inequality: the declared domain and the pinned cases', () => {
  it('the boundaries pick CCEM in d = N and random cases with d < N', () => {
    const [ccemDN, below] = keyDomain.boundaries!;
    const ccem: KeyCase = { kind: 'ccem', n: 4, d: 4, delta: 0, seed: 1 };
    expect(ccemDN!.on(ccem)).toBe(true);
    expect(ccemDN!.on({ ...ccem, d: 5 })).toBe(false);
    expect(ccemDN!.on({ kind: 'random', n: 4, d: 4, seed: 1 })).toBe(false);
    expect(below!.on({ kind: 'random', n: 4, d: 3, seed: 1 })).toBe(true);
    expect(below!.on({ kind: 'random', n: 4, d: 4, seed: 1 })).toBe(false);
    expect(below!.on({ kind: 'ccem', n: 4, d: 3, delta: 0, seed: 1 })).toBe(false);
  });
  it('each kind of case reports its own parameters (extra = d - N for the constructions)', () => {
    const v = keyDomain.values;
    expect(v({ kind: 'random', n: 5, d: 3, seed: 1 })).toEqual({
      n: 5,
      d: 3,
      delta: undefined,
      eps: undefined,
      extra: undefined,
    });
    expect(v({ kind: 'ccem', n: 5, d: 7, delta: 2, seed: 1 })).toEqual({
      n: 5,
      d: 7,
      delta: 2,
      eps: undefined,
      extra: 2,
    });
    expect(v({ kind: 'perturbed-ccem', n: 5, d: 6, delta: 2, eps: 0.1, seed: 1 })).toEqual({
      n: 5,
      d: 6,
      delta: 2,
      eps: 0.1,
      extra: 1,
    });
  });
  it('the property check runs its two pinned ETFs before the random cases', () => {
    let total = 0;
    check(
      { seed: 7, globalSeed: 42, runs: 3, onCase: (_done, of) => (total = of) },
      'ccem-key-inequality',
      exact,
    );
    expect(total).toBe(5);
  });
});

// CCEM(delta): G_ii = c1 = (1 - delta^2)/(1 + delta^2) (docs/theory.md §1)
const c1 = (delta: number) => (1 - delta * delta) / (1 + delta * delta);

describe('ccem-key-inequality: the measure, the tight cases and the perturbation, each pinned', () => {
  it('measureKey: tol - |gap| on CCEM (equality expected), gap + tol elsewhere, with its figures', () => {
    const ccem: KeyCase = { kind: 'ccem', n: 5, d: 6, delta: 0.4, seed: 3 };
    const m = measureKey(ccem, exact);
    const tol = keyInequalityTolerance(5, 6);
    expect(m.detail.tolerance).toBe(tol);
    expect(m.detail.equalityExpected).toBe(true);
    expect(Math.abs(m.detail.gap)).toBeLessThanOrEqual(tol);
    expect(m.slack).toBe(tol - Math.abs(m.detail.gap));
    // a random case in d = 1, where every row is +1 or -1
    const rnd: KeyCase = { kind: 'random', n: 3, d: 1, seed: 1 };
    const { u, v } = buildKeyCase(rnd);
    const gap = keyGap(u, v, exact);
    const r = measureKey(rnd, exact);
    expect(r.detail).toEqual({ gap, tolerance: keyInequalityTolerance(3, 1), equalityExpected: false });
    expect(r.slack).toBe(gap + keyInequalityTolerance(3, 1));
    // in d = 1 every unit vector is +-1: the gap is an integer combination, exactly representable
    expect(Number.isInteger(2 * gap)).toBe(true);
  });

  it('the tight cases: N = 3..20 x delta in {0, 1, 7}, equality to their tolerance; (N-1)/2 misses by N c1 / 2', () => {
    const cases = keySharpCases(5, exact);
    expect(cases).toHaveLength(3 * (MAX_N - 2));
    for (const c of cases) {
      const { n, delta } = c.input as { n: number; delta: number };
      expect(c.input).toMatchObject({ kind: 'ccem', n, d: n, delta });
      expect(c.applies).toBe(true);
      expect(c.tolerance).toBe(keyInequalityTolerance(n, n));
      expect(Math.abs(c.gap)).toBeLessThanOrEqual(c.tolerance);
      expect(c.row).toEqual({ n, d: n, delta, gap: c.gap, tolerance: c.tolerance });
    }
    // (N-1)/2 - (N-2)/2 = 1/2: the gap moves by -(1/2) N c1(delta)
    expect(wrongCoefficientOf(4)).toBe(1.5);
    for (const c of keySharpCases(5, wrongCoefficientOf)) {
      const { n, delta } = c.input as { n: number; delta: number };
      expect(Math.abs(c.gap + 0.5 * n * c1(delta)), `N=${n} delta=${delta}`).toBeLessThan(1e-11);
    }
  });

  it('the check shows the whole case and its figures for the worst one', async () => {
    const out = await check({ seed: 11, globalSeed: 11, runs: 6 }, 'ccem-key-inequality', exact);
    const at = out.evidence!.at as KeyCase;
    expect(['random', 'ccem', 'perturbed-ccem']).toContain(at.kind);
    expect(out.evidence!.details).toMatchObject(measureKey(at, exact).detail);
  });

  it('a perturbation eps moves each row by at most 2 eps |z| (6 sigma: 12 eps sqrt(d)), U and V both', () => {
    // N = 10, d = 14: 280 normal draws, so a 1/z in place of z would give some row a jump of ~eps/0.02
    const base = { n: 10, d: 14, delta: 0.5, seed: 8 };
    const exactCase = buildKeyCase({ kind: 'ccem', ...base });
    const eps = 1e-3;
    const moved = buildKeyCase({ kind: 'perturbed-ccem', ...base, eps });
    const bound = 2 * eps * 6 * Math.sqrt(14);
    for (const k of ['u', 'v'] as const) {
      let largest = 0;
      for (let i = 0; i < 10; i++) {
        let q = 0;
        for (let j = 0; j < 14; j++) q += (moved[k].data[i * 14 + j]! - exactCase[k].data[i * 14 + j]!) ** 2;
        largest = Math.max(largest, Math.sqrt(q));
      }
      expect(largest, k).toBeLessThanOrEqual(bound);
      expect(largest, k).toBeGreaterThan(eps);
    }
  });
});
