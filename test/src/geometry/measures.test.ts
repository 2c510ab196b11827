import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConstellation } from '../../../src/geometry/margins.js';
import { retrieval } from '../../../src/geometry/retrieval.js';
import { separator } from '../../../src/geometry/separator.js';
import { xi, xiCov } from '../../../src/geometry/xi.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { UNIT_ROUNDOFF } from '../../../src/numeric/float/ulp.js';
import {
  fromRows,
  randomOrthogonal,
  randomUnitRows,
  rotateRows,
} from '../../../src/numeric/float/vectors.js';
import { simplexRows } from './reference.js';

const MAX_N = 40;
const MAX_D = 12;

describe('isConstellation', () => {
  it('agrees with the definition min pos >= b + m and max neg <= b - m (dyadic inputs: exact)', () => {
    const dy = fc.integer({ min: -1024, max: 1024 }).map((k) => k / 1024);
    fc.assert(
      fc.property(dy, dy, dy, dy, (mStar, bStar, m, b) => {
        const minPos = bStar + mStar;
        const maxNeg = bStar - mStar;
        const byDefinition = minPos >= b + m && maxNeg <= b - m;
        return isConstellation(mStar, bStar, m, b) === byDefinition;
      }),
    );
  });
});

describe('xi and xiCov', () => {
  it('hand values: D = (1,0), (-1,0) gives xi = 1 and xiCov = 1', () => {
    const u = fromRows([
      [1, 0],
      [-1, 0],
    ]);
    const v = fromRows([
      [0, 0],
      [0, 0],
    ]);
    expect(xi(u, v)).toBe(1);
    expect(xiCov(u, v)).toBe(1);
  });

  it('law: xi >= 0 and xiCov >= 0 up to rounding; both vanish for a constant difference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: MAX_N }),
        fc.integer({ min: 1, max: MAX_D }),
        fc.integer(),
        (n, d, seed) => {
          const rng = new Rng(seed);
          const u = randomUnitRows(n, d, rng);
          const v = randomUnitRows(n, d, rng);
          // Norms are <= 2; each sum of n terms is off by at most gamma_n-ish: 8 (n + d) u.
          const tol = 8 * (n + d) * UNIT_ROUNDOFF;
          expect(xi(u, v)).toBeGreaterThanOrEqual(-tol);
          expect(xiCov(u, v)).toBeGreaterThanOrEqual(-tol);
          const shifted = { rows: n, cols: d, data: u.data.map((x, idx) => x - (idx % d === 0 ? 0.5 : 0)) };
          expect(Math.abs(xi(u, shifted))).toBeLessThanOrEqual(tol);
          expect(Math.abs(xiCov(u, shifted))).toBeLessThanOrEqual(tol);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('retrieval', () => {
  it('ties count as failures (duplicate V rows)', () => {
    const u = fromRows([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    const r = retrieval(u, u);
    // U_0 and U_1 tie on V_0 and V_1; U_2 is unique.
    expect(r.uCorrect).toBe(1);
    expect(r.vCorrect).toBe(1);
  });

  it('with labels, V_j is correct iff its top U has label j, strictly', () => {
    const u = fromRows([
      [1, 0],
      [0.8, 0.6],
      [0, 1],
    ]);
    const v = fromRows([
      [1, 0],
      [0, 1],
    ]);
    const r = retrieval(u, v, [0, 1, 1]);
    // U_1 = (.8, .6) is nearer V_0 (.8 > .6) though labelled 1: U->V 2/3. V_0's top is U_0 (label 0),
    // V_1's top is U_2 (label 1): V->U 2/2.
    expect(r.uCorrect).toBe(2);
    expect(r.vCorrect).toBe(2);
  });
});

describe('separator', () => {
  it('Construction-1 type configuration: h = e_last, every V separated, margin sqrt(1 - delta^2)', () => {
    const rng = new Rng(5);
    const n = 30;
    const d = 6;
    const delta = 0.6;
    const x = randomUnitRows(n, d - 1, rng);
    const w = Math.sqrt(1 - delta * delta);
    const rows = (s: number) =>
      Array.from({ length: n }, (_, i) => [
        ...Array.from(x.data.subarray(i * (d - 1), (i + 1) * (d - 1)), (t) => delta * t),
        s * w,
      ]);
    const q = randomOrthogonal(d, rng);
    const u = rotateRows(fromRows(rows(1)), q);
    const v = rotateRows(fromRows(rows(-1)), q);
    const s = separator(u, v);
    expect(s.found).toBe(true);
    expect(s.fractionSeparated).toBe(1);
    // Every point has <e_last', p> = w, so the max margin is >= w; Gilbert stops within 1e-2.
    expect(s.margin).toBeGreaterThanOrEqual(w * (1 - 1e-2) - 1e-12);
  });

  it('simplex U = V with N = d + 1 (sum U_i = 0): no h makes every U positive', () => {
    const w = simplexRows(5);
    const s = separator(fromRows(w), fromRows(w));
    expect(s.found).toBe(false);
  });

  it('law (Thm 3.6): N >= d + 2, G_ii > 0 > G_ij gives all U positive and >= N - d V negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 30 }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.integer(),
        (d, extra, noise, seed) => {
          const n = d + 2 + extra;
          const rng = new Rng(seed);
          // A code x_i in R^(d-1) with max inner product rho, lifted with delta^2 between 1/2 and
          // 1/(1 + rho) so that G_ii = 2 delta^2 - 1 > 0 > delta^2 (1 + rho) - 1 >= G_ij; then each
          // vector is perturbed by Gaussian noise and renormalised (the sign pattern is re-checked).
          const x = randomUnitRows(n, d - 1, rng);
          let rho = -1;
          for (let i = 0; i < n; i++)
            for (let j = 0; j < i; j++) {
              let s = 0;
              for (let k = 0; k < d - 1; k++) s += x.data[i * (d - 1) + k]! * x.data[j * (d - 1) + k]!;
              rho = Math.max(rho, s);
            }
          fc.pre(rho < 1 - 1e-6);
          const delta = Math.sqrt((0.5 + 1 / (1 + rho)) / 2);
          const w = Math.sqrt(1 - delta * delta);
          const mk = (sign: number) => {
            const rows = Array.from({ length: n }, (_, i) => {
              const r = [
                ...Array.from(x.data.subarray(i * (d - 1), (i + 1) * (d - 1)), (t) => delta * t),
                sign * w,
              ];
              const e = r.map((t) => t + noise * rng.normal());
              const nr = Math.hypot(...e);
              return e.map((t) => t / nr);
            });
            return fromRows(rows);
          };
          const q = randomOrthogonal(d, rng);
          const u = rotateRows(mk(1), q);
          const v = rotateRows(mk(-1), q);
          let ok = true;
          for (let i = 0; i < n && ok; i++)
            for (let j = 0; j < n && ok; j++) {
              let g = 0;
              for (let k = 0; k < d; k++) g += u.data[i * d + k]! * v.data[j * d + k]!;
              if (i === j ? !(g > 0) : !(g < 0)) ok = false;
            }
          fc.pre(ok);
          const s = separator(u, v);
          return s.found && s.separatedCount >= n - d;
        },
      ),
      { numRuns: 40 },
    );
  });
});
