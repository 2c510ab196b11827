import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xi, xiAndCov, xiCov } from '../../../src/geometry/xi.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { readMatrix } from '../../../src/io/read.js';
import { fromRows } from '../../../src/numeric/float/vectors.js';

// scripts/oracles/xi_corners.py: xi of the exact doubles at 60 digits
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/edges/xi-corners.json', import.meta.url), 'utf8'),
) as { cases: { name: string; file?: string; U: number[][] | null; V: number[][] | null; xi: string }[] };

describe('xi where the differences are nearly parallel (mpmath fixture)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const [u, v] =
        c.file !== undefined
          ? [
              readMatrix(`test/fixtures/embeddings/${c.file}.U.f32.npy`),
              readMatrix(`test/fixtures/embeddings/${c.file}.V.f32.npy`),
            ]
          : [fromRows(c.U!), fromRows(c.V!)];
      const want = Number(c.xi);
      const got = xi(u, v);
      expect(got).toBeGreaterThanOrEqual(0);
      // each term ||P_i||^2 / (||D_i|| + <D_i, e>) carries ~4 eps ||D_i|| / ||P_i|| relative error,
      // below 1e-6 for these perpendicular parts (>= 1e-10); order-1 xi: a few ulps of mean||D_i||
      const tol = want < 1e-6 ? 1e-6 * want : 1e-14;
      expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol);
    });
  }
});

describe('xiAndCov: both measures from one pass over the differences', () => {
  it('the bits of xi and xiCov, one-to-one and with labels (the fixture cases and random clouds)', () => {
    const rng = new Rng(12);
    const cloud = (n: number, d: number) =>
      fromRows(Array.from({ length: n }, () => Array.from({ length: d }, () => rng.normal())));
    for (let c = 0; c < 20; c++) {
      const u = cloud(3 + c, 2 + (c % 5));
      const v = cloud(3 + c, 2 + (c % 5));
      expect(xiAndCov(u, v), `case ${c}`).toEqual({ xi: xi(u, v), xiCov: xiCov(u, v) });
      const k = cloud(2, u.cols);
      const labels = Array.from({ length: u.rows }, (_, i) => i % 2);
      expect(xiAndCov(u, k, labels), `case ${c}, labels`).toEqual({
        xi: xi(u, k, labels),
        xiCov: xiCov(u, k, labels),
      });
    }
    for (const f of fixture.cases.filter((q) => q.U !== null)) {
      const u = fromRows(f.U!);
      const v = fromRows(f.V!);
      expect(xiAndCov(u, v), f.name).toEqual({ xi: xi(u, v), xiCov: xiCov(u, v) });
    }
  });
});
