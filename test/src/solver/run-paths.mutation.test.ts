import { describe, expect, it } from 'vitest';
import { loadBlas } from '../../../src/numeric/blas.js';
import { solveSync } from '../../../src/solver/index.js';
import { resolveOptions } from '../../../src/solver/options.js';
import { pickKernel } from '../../../src/solver/run.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// Paths of run.ts that the gradient and Adam tests do not reach: the kernel choice, a fixed t, the
// polish with a locked modality, and the worst pair of k > 2 modalities.

const JS = { kernel: 'js', threads: 1, kernelThreads: 1 } as const;
const blasOk = loadBlas().ok;
const fallback = wasmAvailable() ? 'wasm' : 'js';

describe('pickKernel', () => {
  it("'auto' runs OpenBLAS from N^2 d = 2^32 on (when it loads), the wasm kernel below; an explicit choice is kept", () => {
    const name = (o: Parameters<typeof resolveOptions>[0]) => {
      const k = pickKernel(resolveOptions(o));
      k.dispose?.();
      return k.name;
    };
    expect(name({ n: 4096, d: 256, steps: 1 })).toBe(blasOk ? 'openblas' : fallback);
    expect(name({ n: 4096, d: 255, steps: 1 })).toBe(fallback);
    expect(name({ n: 4095, d: 256, steps: 1 })).toBe(fallback);
    expect(name({ n: 4096, d: 256, steps: 1, kernel: 'js' })).toBe('js');
    expect(name({ n: 4096, d: 256, steps: 1, kernel: 'wasm' })).toBe(fallback);
    if (blasOk) expect(name({ n: 8, d: 3, steps: 1, kernel: 'openblas' })).toBe('openblas');
  });
});

describe('run paths', () => {
  it('a fixed t stays t0 bit for bit at every step while b trains', () => {
    const r = solveSync({
      n: 4,
      d: 3,
      loss: 'sig',
      t0: 7,
      b0: 1,
      steps: 6,
      every: 1,
      trainT: false,
      seed: 2,
      ...JS,
    });
    expect(r.t).toBe(7);
    expect(r.trajectory.map((p) => p.t)).toEqual(Array(7).fill(7));
    expect(r.b).not.toBe(1);
  });

  it('the polish never moves a locked U', () => {
    const o = { n: 5, d: 3, loss: 'sig', t0: 5, b0: 1, lockU: true, seed: 3, ...JS } as const;
    const start = solveSync({ ...o, steps: 0 });
    const r = solveSync({ ...o, steps: 4, polish: 6 });
    expect(r.polishIterations).toBeGreaterThan(0);
    expect(Array.from(r.u.data)).toEqual(Array.from(start.u.data));
    expect(Array.from(r.v.data)).not.toEqual(Array.from(start.v.data));
  });

  it('k = 3: m* and b* are those of the pair with the smallest margin (recomputed by plain loops)', () => {
    const r = solveSync({ n: 4, d: 3, loss: 'sig', modalities: 3, steps: 0, seed: 4, ...JS });
    const { n, d } = r;
    let best = { m: Infinity, b: Number.NaN };
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const x = r.configs[p]!.data;
      const y = r.configs[q]!.data;
      let minPos = Infinity;
      let maxNeg = -Infinity;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += x[i * d + k]! * y[j * d + k]!;
          if (i === j) minPos = Math.min(minPos, s);
          else maxNeg = Math.max(maxNeg, s);
        }
      }
      const m = (minPos - maxNeg) / 2;
      if (m < best.m) best = { m, b: (minPos + maxNeg) / 2 };
    }
    // the kernel's dot products may round differently from these loops: 2 gamma_d
    const tol = 4 * d * 2 ** -53;
    expect(Math.abs(r.mStar - best.m)).toBeLessThanOrEqual(tol);
    expect(Math.abs(r.bStar - best.b)).toBeLessThanOrEqual(tol);
    expect(Math.abs(r.trajectory[0]!.mStar - best.m)).toBeLessThanOrEqual(tol);
  });
});
