import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  arenaDot,
  bindGram,
  createGramArena,
  kernelModule,
  kernelPath,
  MAX_PAGES,
  PAGE,
} from '../../../src/numeric/float/wasm-gram.js';

// src/numeric/float/wasm-gram.ts is mutated with src/geometry; its own tests (wasm-gram.test.ts)
// run 45 s of scans. These are small: entries are multiples of 1/8 in [-1, 1] and d <= 9, so every
// product and partial sum is exact and any summation order gives the exact dot, computed here by
// integers. Whether the kernel is built is read from the file system, not from the code under test.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = existsSync(`${root}build/kernel.wasm`);

/** n x d rows of multiples of 1/8 in [-1, 1]. */
function rows(n: number, d: number, seed: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let e = 0; e < n * d; e++) x[e] = (((e * 5 + seed * 11) % 17) - 8) / 8;
  return x;
}

/** The exact dot of row i of u and row j of v (integers of 1/64). */
function exactDot(u: Float64Array, v: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  for (let q = 0; q < d; q++) s += Math.round(u[i * d + q]! * 8) * Math.round(v[j * d + q]! * 8);
  return s / 64;
}

describe('wasm-gram: where the kernel is', () => {
  it('kernelPath finds build/kernel.wasm at the package root', () => {
    expect(kernelPath()).toBe(built ? `${root}build/kernel.wasm` : null);
  });

  it.skipIf(!built)('kernelModule compiles it once (the same module every call)', () => {
    const m = kernelModule();
    expect(m).not.toBeNull();
    expect(kernelModule()).toBe(m);
  });
});

describe.skipIf(!built)('wasm-gram: the arena and its block products', () => {
  // (n, k, d): odd and even counts and dimensions (the padded stride and the padded last row)
  const shapes = [
    [5, 3, 3],
    [4, 6, 4],
    [7, 2, 9],
    [3, 5, 1],
  ] as const;

  for (const [n, k, d] of shapes) {
    it(`n=${n} k=${k} d=${d}: the layout, every block of each slot, and the exact dots`, () => {
      const u = rows(n, d, n + d);
      const v = rows(k, d, 3 * k + 1);
      const [br, bc] = [2, 4];
      const arena = createGramArena(u, n, v, k, d, 2, br, bc)!;
      expect(arena).not.toBeNull();
      const ld = d + (d % 2);
      expect([arena.n, arena.k, arena.d, arena.ld, arena.blockRows, arena.blockCols]).toEqual([
        n,
        k,
        d,
        ld,
        br,
        bc,
      ]);
      expect(arena.pU % 16).toBe(0);
      expect(arena.pU).toBeGreaterThan(0);
      expect(arena.pV).toBe(arena.pU + (n + (n % 2)) * ld * 8);
      expect(arena.pC).toEqual([
        arena.pV + (k + (k % 2)) * ld * 8,
        arena.pV + (k + (k % 2)) * ld * 8 + br * bc * 8,
      ]);
      // the rows as copied, with zero padding
      const mem = new Float64Array(arena.memory.buffer);
      for (let i = 0; i < n + (n % 2); i++)
        for (let q = 0; q < ld; q++) {
          const want = i < n && q < d ? u[i * d + q]! : 0;
          expect(mem[arena.pU / 8 + i * ld + q], `U[${i}][${q}]`).toBe(want);
        }
      for (let j = 0; j < k + (k % 2); j++)
        for (let q = 0; q < ld; q++) {
          const want = j < k && q < d ? v[j * d + q]! : 0;
          expect(mem[arena.pV / 8 + j * ld + q], `V[${j}][${q}]`).toBe(want);
        }
      const dot = arenaDot(arena);
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) expect(dot(i, j)).toBe(exactDot(u, v, d, i, j));
      // both slots, every block; a block of slot 1 leaves slot 0's block alone
      const g0 = bindGram(arena, 0);
      const g1 = bindGram(arena, 1);
      for (let i0 = 0; i0 < n; i0 += br)
        for (let j0 = 0; j0 < k; j0 += bc) {
          const bi = Math.min(br, n - i0);
          const bj = Math.min(bc, k - j0);
          const stride = bj + (bj % 2);
          const o0 = g0(i0, bi, j0, bj);
          expect(o0).toBe(arena.pC[0]! / 8);
          const o1 = g1(i0 + bi < n ? i0 + bi : 0, 1, j0, bj);
          expect(o1).toBe(arena.pC[1]! / 8);
          for (let r = 0; r < bi; r++)
            for (let c = 0; c < bj; c++)
              expect(mem[o0 + r * stride + c], `G[${i0 + r}][${j0 + c}]`).toBe(
                exactDot(u, v, d, i0 + r, j0 + c),
              );
        }
    });
  }

  it('odd block sizes and a missing slot are refused', () => {
    const u = rows(2, 2, 1);
    expect(() => createGramArena(u, 2, u, 2, 2, 1, 3, 4)).toThrow(RangeError);
    expect(() => createGramArena(u, 2, u, 2, 2, 1, 4, 3)).toThrow(RangeError);
    const arena = createGramArena(u, 2, u, 2, 2, 1, 2, 2)!;
    expect(() => bindGram(arena, 1)).toThrow(RangeError);
    expect(() => bindGram(arena, 0)).not.toThrow();
  });

  it('a pair beyond wasm32 memory gets no arena (callers fall back to JS)', () => {
    // 2^25 rows of stride 16: 4 GiB for U alone; the size test comes before any allocation
    const n = 2 ** 25;
    const fake = new Float64Array(0);
    expect(createGramArena(fake, n, fake, 2, 16, 1, 2, 2)).toBeNull();
    // the memory asked for is whole pages with the static data's 4 pages of slack
    expect(PAGE).toBe(65536);
    expect(MAX_PAGES).toBe(65536);
    const small = createGramArena(rows(3, 3, 2), 3, rows(3, 3, 3), 3, 3, 1, 2, 2)!;
    const bytes = (4 * 4 + 4 * 4 + 2 * 2) * 8 + 4 * PAGE;
    expect(small.memory.buffer.byteLength).toBe(Math.ceil(bytes / PAGE) * PAGE);
  });

  it('the memory counts the padded rows and stride: 32 bytes past a page boundary take a page more', () => {
    // n = k = 3, d = 1: U and V are 4 rows (one zero row) of stride 2, 64 bytes each; 2045 slots of
    // 2 x 2 blocks are 65440 bytes: 65536 + 32 in all, so 2 pages plus the 4 pages of slack
    const u = rows(3, 1, 4);
    const arena = createGramArena(u, 3, u, 3, 1, 2045, 2, 2)!;
    expect(4 * 2 * 8 + 4 * 2 * 8 + 2045 * 4 * 8).toBe(PAGE + 32);
    expect(arena.memory.buffer.byteLength).toBe(6 * PAGE);
    expect(arena.pC[2044]! + 4 * 8).toBeLessThanOrEqual(arena.memory.buffer.byteLength);
  });
});
