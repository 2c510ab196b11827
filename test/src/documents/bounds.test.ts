import { describe, expect, it } from 'vitest';
import { boundsHead, buildBounds } from '../../../src/documents/bounds.js';

// The bounds themselves are checked in test/src/bounds; here: the order of the rows, the columns
// of each mode, and values with a closed form.
describe('buildBounds', () => {
  it('forward: b_rel outermost, then m, then d; rho(0.1, 0) = 7/11', () => {
    const done: number[] = [];
    const doc = buildBounds(
      { mode: 'forward', ds: [8, 16], ms: [0.1, 0.2], Ns: [], bRels: [0, 'best'], hp: false },
      (n) => done.push(n),
    );
    expect(doc.rows.map((r) => [r.bRel, r.m, r.d])).toEqual([
      [0, 0.1, 8],
      [0, 0.1, 16],
      [0, 0.2, 8],
      [0, 0.2, 16],
      [0.9, 0.1, 8],
      [0.9, 0.1, 16],
      [0.8, 0.2, 8],
      [0.8, 0.2, 16],
    ]);
    expect(done).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Math.abs((doc.rows[0]!.rho as number) - 7 / 11)).toBeLessThanOrEqual(2e-16);
    expect(doc.head).toEqual(boundsHead('forward', false));
    for (const h of doc.head) expect(doc.rows[0]!, h).toHaveProperty(h);
  });

  it('forward with hp adds the decimal.js columns, which agree with the doubles', () => {
    const doc = buildBounds({ mode: 'forward', ds: [8], ms: [0.25], Ns: [], bRels: [0], hp: true });
    const row = doc.rows[0]!;
    for (const h of doc.head) expect(row, h).toHaveProperty(h);
    expect(doc.head.slice(-5)).toEqual([
      'log10NLowerHp',
      'log10NLowerPaperHp',
      'log10NUpperHp',
      'agreeDigits',
      'hpNote',
    ]);
    expect(Math.abs(Number(row.log10NUpperHp) - (row.log10NUpper as number))).toBeLessThanOrEqual(1e-12);
    expect(row.agreeDigits as number).toBeGreaterThan(12);
    expect(row.hpNote).toBeNull();
  });

  it('a decimal upper bound past the guard-digit cap is null with a note saying so (d = 10^6, m = 0.05)', () => {
    const doc = buildBounds({ mode: 'forward', ds: [1_000_000], ms: [0.05], Ns: [], bRels: [0], hp: true });
    const row = doc.rows[0]!;
    expect(row.log10NUpperHp).toBeNull();
    expect(row.log10NUpper as number).toBeGreaterThan(3e5);
    expect(String(row.hpNote)).toMatch(/no decimal upper bound: .*more than 1200 guard digits/);
  });

  it('margin mode: the Thm 3.4 bound at N = 16, b_rel = 0.1 caps m at 0.4 (4m/(3m - 1.1) = 16)', () => {
    const doc = buildBounds({ mode: 'margin', ds: [1000], ms: [], Ns: [16], bRels: [0.1], hp: false });
    expect(doc.head).toEqual(['N', 'd', 'bRel', 'mGuaranteed', 'mMax', 'reason']);
    expect(Math.abs((doc.rows[0]!.mMax as number) - 0.4)).toBeLessThanOrEqual(1e-12);
  });

  it('dimension mode: one row per (b_rel, m, N), N fastest', () => {
    const doc = buildBounds({
      mode: 'dimension',
      ds: [],
      ms: [0.1, 0.2],
      Ns: [10, 100],
      bRels: [0],
      hp: true,
    });
    expect(doc.head).toEqual(boundsHead('dimension', false));
    expect(doc.rows.map((r) => [r.m, r.N])).toEqual([
      [0.1, 10],
      [0.1, 100],
      [0.2, 10],
      [0.2, 100],
    ]);
  });
});
