import { describe, expect, it } from 'vitest';
import { sigmoid } from '../../../src/numeric/float/softplus.js';
import { gamma, UNIT_ROUNDOFF as U } from '../../../src/numeric/float/ulp.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { randomUnitRows } from '../../../src/numeric/float/vectors.js';
import { createJsKernel, type PairKernel, pairOut } from '../../../src/solver/kernel.js';
import { createWasmKernel, wasmAvailable, wasmFits } from '../../../src/solver/wasm.js';

// The wasm kernel's memory is sized from N' = N + (N mod 2), d' = d + (d mod 2): six N' x d' blocks,
// N' x N', 5 N' statistics. Shapes where one padded dimension is large (d' = 3002 at N = 3; N' = 3280
// at d = 3) need more than the memory's few pages of slack if the size is misjudged, so a wrong
// size shows as a failed copy or step. Every row of U and V is e_1 (G = all ones), so with z = t - b the
// sum-normalised dL/dt = -N sigmoid(-z) + N (N - 1) sigmoid(z) and dL/db = N sigmoid(-z) - N (N - 1)
// sigmoid(z) in closed form (the loss value is skipped: its log1p per entry is the slow part).

function ones(n: number, d: number): Float64Array {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) x[i * d] = 1;
  return x;
}

describe.runIf(wasmAvailable())('wasm kernel memory layout', () => {
  it.each([
    [3, 3001],
    [3279, 3],
  ])('N = %i, d = %i: dL/dt and dL/db of G = all ones', (n, d) => {
    const k = createWasmKernel(1)!;
    const out = pairOut();
    const u = ones(n, d);
    k.sigmoid(u, u, n, d, 1, 0.5, 1, null, null, out, false);
    const dt = -n * sigmoid(-0.5) + n * (n - 1) * sigmoid(0.5);
    const db = n * sigmoid(-0.5) - n * (n - 1) * sigmoid(0.5);
    expect(Math.abs(out.dt - dt) / dt).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(out.db - db) / -db).toBeLessThanOrEqual(1e-9);
    expect([out.minPos, out.maxNeg]).toEqual([1, 1]);
  });

  it('wasm32 holds N = 2^14 at small d but not N = 2^15 (N x N alone is 8 GiB) nor d = 2^26 at N = 2', () => {
    expect(wasmFits(2 ** 14, 8)).toBe(true);
    expect(wasmFits(2 ** 15, 1)).toBe(false);
    expect(wasmFits(2, 2 ** 26)).toBe(false);
  });

  it('a size beyond wasm32 is refused before any memory is taken', () => {
    const k = createWasmKernel(1)!;
    const x = new Float64Array(2 ** 15);
    expect(() => k.sigmoid(x, x, 2 ** 15, 1, 1, 0, 1, null, null, pairOut())).toThrow(
      'wasm kernel: N = 32768, d = 1 exceeds wasm32 memory',
    );
  });

  it('one-sided gradients (a locked side) equal the JS kernel, sigmoid and InfoNCE', () => {
    const n = 7;
    const d = 5;
    const rng = new Rng(5);
    const u = randomUnitRows(n, d, rng.fork('u')).data;
    const v = randomUnitRows(n, d, rng.fork('v')).data;
    const side = (k: PairKernel, kind: 'sig' | 'nce', which: 'u' | 'v'): Float64Array => {
      const g = new Float64Array(n * d);
      const [gu, gv] = which === 'u' ? [g, null] : [null, g];
      if (kind === 'sig') k.sigmoid(u, v, n, d, 4, 1, 0.5, gu, gv, pairOut());
      else k.infonce(u, v, n, d, 4, 0.5, gu, gv, pairOut());
      return g;
    };
    // kernel.test.ts's bound for the two kernels' gradients, c t N (t gamma(d) / 4 + 4 u + 2 gamma(N + 2))
    const tol = 0.5 * 4 * n * ((4 * gamma(d)) / 4 + 4 * U + 2 * gamma(n + 2));
    for (const kind of ['sig', 'nce'] as const) {
      for (const which of ['u', 'v'] as const) {
        const w = side(createWasmKernel(1)!, kind, which);
        const j = side(createJsKernel(), kind, which);
        expect(w.some((e) => e !== 0)).toBe(true);
        for (let e = 0; e < n * d; e++)
          expect(Math.abs(w[e]! - j[e]!), `${kind} ${which}`).toBeLessThanOrEqual(tol);
      }
    }
  });
});

describe('wasmFits at the edge of wasm32 memory', () => {
  // The kernel's memory holds the layout (six N' x d' blocks, N' x N', 5 N' statistics, in doubles)
  // plus two pages of slack, in at most 65535 pages of 64 KiB (one page below the wasm32 maximum,
  // for the rounding up of the page count). In doubles: 6 N' d' + N'^2 + 5 N' <= (65535 - 2) 2^16 / 8
  // = 536,846,336. Exactly at it: N' = 8192, d' = 9556 (6 * 8192 * 9556 + 8192^2 + 5 * 8192 =
  // 469,696,512 + 67,108,864 + 40,960). Just past it: N' = 2, d' = 44,737,194 (6 more doubles).
  it('the layout that fills the budget exactly fits, one double pair more does not', () => {
    const doubles = (np: number, dp: number) => BigInt(6 * np * dp + np * np + 5 * np);
    const budget = ((65535n - 2n) * 65536n) / 8n;
    expect(doubles(8192, 9556)).toBe(budget);
    expect(doubles(2, 44_737_194)).toBe(budget + 6n);
    // N and d are padded to even: 8191 x 9555 is the same layout as 8192 x 9556
    expect(wasmFits(8192, 9556)).toBe(true);
    expect(wasmFits(8191, 9555)).toBe(true);
    expect(wasmFits(8192, 9557)).toBe(false);
    expect(wasmFits(8193, 9556)).toBe(false);
    expect(wasmFits(2, 44_737_194)).toBe(false);
    expect(wasmFits(1, 44_737_193)).toBe(false);
    expect(wasmFits(2, 44_737_192)).toBe(true);
  });
});
