import { describe, expect, it } from 'vitest';
import { construction1Predicted } from '../../constructions/construction-1.js';
import {
  CODES,
  claim,
  type Construction1Case,
  constructionTolerance,
  construction1Domain,
  measureConstruction1,
  signErrorPredicted,
  thm33Target,
} from '../../theorems/construction-1.js';

const base = {
  family: 'simplex',
  p: 3,
  dim: 2,
  form: 'identity',
  delta: 1,
  phiShare: 0,
  noise: 0,
  seed: 4,
} as const;
const paper: Construction1Case = { kind: 'paper', base, delta: 0.5, phiShare: 1 };
const thm33: Construction1Case = { kind: 'thm33', code: 0, mShare: 0.5, bShare: 1, seed: 1 };
const oneCoord: Construction1Case = { kind: 'one-coordinate', code: 2, delta: 0.5, seed: 2 };
const indexOf = (family: string, p: number) => CODES.findIndex(([f, q]) => f === family && q === p);

describe('the declared domain: values and boundaries', () => {
  it('each kind reports its own parameters', () => {
    expect(construction1Domain.values(paper)).toEqual({ delta: 0.5, phiShare: 1 });
    expect(construction1Domain.values(thm33)).toEqual({ code: 0, mShare: 0.5, bShare: 1 });
    expect(construction1Domain.values(oneCoord)).toEqual({ code: 2, delta: 0.5 });
  });

  it('delta^2 + phi^2 = 1: a paper case with phiShare 1 and delta < 1 only', () => {
    const on = construction1Domain.boundaries![0]!.on;
    expect(on(paper)).toBe(true);
    expect(on({ ...paper, delta: 1 })).toBe(false);
    expect(on({ ...paper, phiShare: 0.5 })).toBe(false);
    expect(on(oneCoord)).toBe(false);
    expect(on(thm33)).toBe(false);
  });

  it('the Thm 3.3 target on m + b = 1 (bShare 1) and on rho(m, b) = alpha (bShare 0)', () => {
    const [, line, rho] = construction1Domain.boundaries!;
    expect(line!.on(thm33)).toBe(true);
    expect(line!.on({ ...thm33, bShare: 0.5 })).toBe(false);
    expect(line!.on(paper)).toBe(false);
    expect(rho!.on({ ...thm33, bShare: 0 })).toBe(true);
    expect(rho!.on(thm33)).toBe(false);
    expect(rho!.on({ ...oneCoord, delta: 0 })).toBe(false);
  });

  it('delta = 1 (no shift): a paper or one-coordinate case at delta 1, never a Thm 3.3 case', () => {
    const on = construction1Domain.boundaries![3]!.on;
    expect(on({ ...oneCoord, delta: 1 })).toBe(true);
    expect(on({ ...paper, delta: 1 })).toBe(true);
    expect(on(oneCoord)).toBe(false);
    expect(on(paper)).toBe(false);
    expect(on(thm33)).toBe(false);
  });
});

describe('measureConstruction1: the evidence and the prediction of each kind', () => {
  it('paper: the measured base simplex(3) is (3/4, 1/4); the built pair (delta^2 m, delta^2 b + phi^2 - w^2)', () => {
    // delta 0.5, phiShare 1: phi^2 = 3/4, w = 0 -> (3/16, 1/16 + 3/4)
    const r = measureConstruction1(paper, construction1Predicted);
    const d = r.detail as unknown as {
      base: { mStar: number; bStar: number };
      predicted: { m: number; b: number };
    };
    expect(d.base.mStar).toBeCloseTo(0.75, 15);
    expect(d.base.bStar).toBeCloseTo(0.25, 15);
    expect(d.predicted.m).toBeCloseTo(3 / 16, 15);
    expect(d.predicted.b).toBeCloseTo(13 / 16, 15);
    expect(r.slack).toBeGreaterThanOrEqual(0);
  });

  it('thm33: the code, its alpha and the target are reported; simplex(4) on m + b = 1', () => {
    const r = measureConstruction1(thm33, construction1Predicted);
    const d = r.detail as unknown as { code: string; alpha: number; target: { m: number; b: number } };
    expect(d.alpha).toBeCloseTo(-1 / 3, 15);
    expect(d.code).toMatch(/simplex/);
    // m = 0.5 (1 + 1/3)/2 = 1/3, b = 1 - m
    expect(d.target.m).toBeCloseTo(1 / 3, 15);
    expect(d.target.b).toBeCloseTo(2 / 3, 15);
    expect(d.target).toEqual(thm33Target(d.alpha, 0.5, 1));
    expect(r.slack).toBeGreaterThanOrEqual(0);
  });

  it('one-coordinate with the formula passed as another function: the paper map at phi = 0 applies', () => {
    // cross-polytope of R^3 (rho_c = 0), delta 0.5: (delta^2/2, (3 delta^2 - 2)/2) = (1/8, -5/8)
    expect(indexOf('cross-polytope', 3)).toBe(2);
    const same = (m: number, b: number, delta: number, phi: number) =>
      construction1Predicted(m, b, delta, phi);
    const r = measureConstruction1(oneCoord, same);
    const d = r.detail as unknown as { rhoC: number; predicted: { m: number; b: number } };
    expect(d.rhoC).toBe(0);
    expect(d.predicted.m).toBeCloseTo(0.125, 15);
    expect(d.predicted.b).toBeCloseTo(-0.625, 15);
    expect(r.slack).toBeGreaterThanOrEqual(0);
    // Hamming code of length 7 (rho_c = 1/7), delta 0.8
    const h = measureConstruction1(
      { kind: 'one-coordinate', code: indexOf('hamming', 3), delta: 0.8, seed: 3 },
      same,
    );
    const hd = h.detail as unknown as { predicted: { m: number; b: number } };
    expect(hd.predicted.m).toBeCloseTo((0.64 * (6 / 7)) / 2, 15);
    expect(hd.predicted.b).toBeCloseTo((0.64 * (3 + 1 / 7) - 2) / 2, 15);
    expect(h.slack).toBeGreaterThanOrEqual(0);
  });

  it('one-coordinate under the twin map: b off by 2 w^2 = 2 (1 - delta^2), so the slack is tol - 1.5', () => {
    const r = measureConstruction1(oneCoord, signErrorPredicted);
    const tol = constructionTolerance(4);
    expect(r.slack).toBeCloseTo(tol - 1.5, 14);
  });

  it("the twin's map: (delta^2 m, delta^2 b + phi^2 + (1 - delta^2 - phi^2)) at integers over 100", () => {
    // m 0.2, b 0.1, delta 0.6, phi 0.3: (0.072, 0.036 + 0.09 + 0.55)
    const p = signErrorPredicted(0.2, 0.1, 0.6, 0.3);
    expect(p.m).toBeCloseTo(0.072, 15);
    expect(p.b).toBeCloseTo(0.676, 15);
    const q = signErrorPredicted(0.5, -0.25, 1, 0);
    expect(q).toEqual({ m: 0.5, b: -0.25 });
  });
});

describe('the claim check', () => {
  it('runs the pinned Thm 3.3 example first (no random runs: only the example)', async () => {
    const o = await claim.check({ seed: 5, globalSeed: 42, runs: 0 });
    expect(o.status).toBe('holds');
    expect(o.cases).toBe(1);
    expect(o.evidence?.at).toEqual({ kind: 'thm33', code: 0, mShare: 0.5, bShare: 0.5, seed: 1 });
  });
});
