import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { marginOf } from '../../../src/solver/measures.js';
import { resolveOptions, SolveOptionError, type SolveOptions } from '../../../src/solver/options.js';
import { wasmAvailable } from '../../../src/solver/wasm.js';

// resolveOptions in-process: the defaults against the SolveOptions documentation (BBNP25 protocol:
// t0 = 10, b = 0, 10000 Adam steps at lr 1e-2, PyTorch's Adam constants), every accepted boundary
// value and the first value past it, each refusal naming its option.

const BASE = { n: 3, d: 2 } as const;

function refusal(o: SolveOptions): Error {
  try {
    resolveOptions(o);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(o)}`);
}

describe('resolveOptions defaults', () => {
  it('fills the documented defaults', () => {
    const r = resolveOptions(BASE);
    expect(r).toMatchObject({
      n: 3,
      d: 2,
      loss: 'rb-sig',
      t0: 10,
      bias0: 0,
      trainT: true,
      trainBias: true,
      lockU: false,
      modalities: 2,
      graph: 'complete',
      normalization: 'per-anchor',
      steps: 10_000,
      lr: 0.01,
      adam: [0.9, 0.999, 1e-8],
      optimizer: 'adam',
      schedule: 'constant',
      seed: 0,
      starts: 1,
      lossTol: 0,
      gradTol: 0,
      polish: 0,
      polishGradTol: 1e-12,
      // about 100 trajectory samples: ceil(10000 / 100)
      every: 100,
      kernel: 'auto',
      threads: 1,
    });
    expect([1, 2]).toContain(r.kernelThreads);
  });

  it('passes given values through unchanged', () => {
    const o: SolveOptions = {
      n: 5,
      d: 4,
      loss: 'sig',
      t0: 3,
      b0: -2,
      trainT: false,
      trainBias: false,
      lockU: true,
      modalities: 3,
      graph: 'star',
      normalization: 'mean',
      steps: 7,
      lr: 0.5,
      adam: [0.5, 0.75, 0.25],
      optimizer: 'riemannian-adam',
      schedule: 'cosine',
      seed: -9,
      starts: 3,
      lossTol: 0.125,
      gradTol: 0.25,
      polish: 4,
      polishGradTol: 0.5,
      every: 2,
      kernel: 'js',
      threads: 2,
      kernelThreads: 1,
    };
    const r = resolveOptions(o);
    const { b0: _b0, ...rest } = o;
    expect(r).toEqual({ ...rest, bias0: -2 });
  });

  it('every = 0 samples about 100 times: max(1, ceil(steps / 100))', () => {
    for (const [steps, every] of [
      [0, 1],
      [1, 1],
      [99, 1],
      [100, 1],
      [101, 2],
      [250, 3],
      [10_000, 100],
    ] as const) {
      expect(resolveOptions({ ...BASE, steps }).every, `steps ${steps}`).toBe(every);
    }
  });

  it('threads default to min(starts, 2) and never exceed the starts', () => {
    expect(resolveOptions({ ...BASE, starts: 1 }).threads).toBe(1);
    expect(resolveOptions({ ...BASE, starts: 2 }).threads).toBe(2);
    expect(resolveOptions({ ...BASE, starts: 5 }).threads).toBe(2);
    expect(resolveOptions({ ...BASE, starts: 3, threads: 8 }).threads).toBe(3);
    expect(resolveOptions({ ...BASE, starts: 9, threads: 8 }).threads).toBe(8);
  });

  it('trainT and trainBias default to true for the sigmoid family and false for infonce', () => {
    for (const loss of ['sig', 'rb-sig'] as const) {
      const r = resolveOptions({ ...BASE, loss });
      expect([r.trainT, r.trainBias], loss).toEqual([true, true]);
    }
    const r = resolveOptions({ ...BASE, loss: 'infonce' });
    expect([r.trainT, r.trainBias, r.bias0]).toEqual([false, false, 0]);
    expect(resolveOptions({ ...BASE, loss: 'infonce', trainT: true }).trainT).toBe(true);
    expect(resolveOptions({ ...BASE, loss: 'infonce', trainBias: false }).trainBias).toBe(false);
  });

  it('bias0 is in the loss coordinate: b for sig (b = t b_rel), b_rel for rb-sig (b_rel = b / t)', () => {
    // t0 = 4 and the biases are binary fractions: every product and quotient below is exact
    expect(resolveOptions({ ...BASE, loss: 'sig', t0: 4, b0: 3 }).bias0).toBe(3);
    expect(resolveOptions({ ...BASE, loss: 'sig', t0: 4, bRel0: 0.75 }).bias0).toBe(3);
    expect(resolveOptions({ ...BASE, loss: 'sig', t0: 4 }).bias0).toBe(0);
    expect(resolveOptions({ ...BASE, loss: 'rb-sig', t0: 4, b0: 3 }).bias0).toBe(0.75);
    expect(resolveOptions({ ...BASE, loss: 'rb-sig', t0: 4, bRel0: -0.5 }).bias0).toBe(-0.5);
    expect(resolveOptions({ ...BASE, loss: 'rb-sig', t0: 4 }).bias0).toBe(0);
  });
});

describe('resolveOptions refusals', () => {
  // [option, bad value, accepted boundary value]
  const cases: [keyof SolveOptions, unknown, unknown][] = [
    ['n', 1, 2],
    ['n', 1.5, 2],
    ['n', Number.NaN, 3],
    ['n', '3', 3],
    ['n', 2 ** 24 + 1, undefined],
    ['d', 0, 1],
    ['d', 2 ** 24 + 1, undefined],
    ['loss', 'hinge', 'infonce'],
    ['t0', 0, Number.MIN_VALUE],
    ['t0', -1, 1],
    ['t0', Number.POSITIVE_INFINITY, 1e300],
    ['b0', Number.NaN, -1e300],
    ['bRel0', Number.NEGATIVE_INFINITY, -3],
    ['modalities', 1, 2],
    ['modalities', 1025, 1024],
    ['graph', 'ring', 'star'],
    ['normalization', 'max', 'sum'],
    ['steps', -1, 0],
    ['steps', 2 ** 40 + 1, 2 ** 40],
    ['lr', 0, 1e-300],
    ['optimizer', 'sgd', 'projected-adam'],
    ['schedule', 'linear', 'cosine'],
    ['seed', 2 ** 31, 2 ** 31 - 1],
    ['seed', -(2 ** 31) - 1, -(2 ** 31)],
    ['starts', 0, 1],
    ['starts', 4097, 4096],
    ['lossTol', -1e-300, 0],
    ['gradTol', -1e-300, 0],
    ['polish', -1, 0],
    ['polish', 0.5, 1],
    ['polish', 2 ** 40 + 1, 2 ** 40],
    ['polishGradTol', -1e-300, 0],
    ['every', -1, 0],
    ['every', 2 ** 40 + 1, 2 ** 40],
    ['kernel', 'gpu', 'js'],
    ['threads', 0, 1],
    ['threads', 65, 64],
    ['kernelThreads', 3, 2],
    ['kernelThreads', 0, 1],
  ];
  it.each(cases)('%s = %o is refused naming the option; %o is accepted', (option, bad, good) => {
    const e = refusal({ ...BASE, [option]: bad } as SolveOptions);
    expect(e).toBeInstanceOf(SolveOptionError);
    expect(e.message).toMatch(new RegExp(`^solve: ${option} `));
    expect((e as SolveOptionError).render((x) => `--${x}`)).toMatch(new RegExp(`^solve: --${option} `));
    if (good !== undefined) {
      // the sizes stay small so that only the option under test is at its boundary
      const o = { ...BASE, [option]: good, starts: option === 'starts' ? good : 1 } as SolveOptions;
      const r = resolveOptions(option === 'threads' ? { ...o, starts: 64 } : o);
      // b0 and bRel0 land in bias0 (rb-sig, t0 = 10: b_rel = b0 / 10); every = 0 means "about 100"
      const expected =
        option === 'b0' ? (good as number) / 10 : option === 'every' && good === 0 ? 100 : good;
      const key = option === 'b0' || option === 'bRel0' ? 'bias0' : option;
      expect(r[key as keyof typeof r]).toBe(expected);
    }
  });

  it('the sizes at the limit are accepted by the option check and refused by the allocation check', () => {
    const e = refusal({ n: 2 ** 24, d: 1, steps: 1 });
    expect(e).toBeInstanceOf(UsageError);
    expect(e).not.toBeInstanceOf(SolveOptionError);
    expect(e.message).toMatch(/N = 16777216 \(the N x N buffer\)/);
    // the N x N buffer fits, the per-start state of k = 1024 modalities does not
    const k = refusal({ n: 2048, d: 2048, modalities: 1024, steps: 1 });
    expect(k.message).toMatch(/N = 2048, d = 2048, k = 1024/);
  });

  it('the memory check counts 6 k N d + N^2 doubles per start (N, d rounded up to even) times the threads', () => {
    // 2^30 doubles (8 GiB) at most. The N x N buffer alone: N = 32768 fills it exactly
    const big = (n: number) => refusal({ n, d: 1, steps: 1 }).message;
    expect(big(32_769)).toMatch(/\(the N x N buffer\)/);
    expect(big(32_767)).toMatch(/N = 32767, d = 1, k = 2/);
    expect(big(32_768)).toMatch(/N = 32768, d = 1, k = 2/);
    // N = 2, k = 1024: 6 * 1024 * 2 * dp + 4 <= 2^30 iff dp <= 87381
    const at = (d: number, more: Partial<SolveOptions> = {}) => ({
      n: 2,
      d,
      modalities: 1024,
      steps: 1,
      ...more,
    });
    expect(resolveOptions(at(87_380)).d).toBe(87_380);
    expect(resolveOptions(at(87_379)).d).toBe(87_379);
    expect(refusal(at(87_381)).message).toMatch(/N = 2, d = 87381, k = 1024/);
    expect(refusal(at(87_382)).message).toMatch(/N = 2, d = 87382, k = 1024/);
    // N = 3 is padded to 4: 6 * 1024 * 4 * dp + 16 <= 2^30 iff dp <= 43690
    expect(resolveOptions(at(43_690, { n: 3 })).n).toBe(3);
    expect(refusal(at(43_692, { n: 3 })).message).toMatch(/N = 3, d = 43692, k = 1024/);
    // two threads hold two starts' state; one thread one
    expect(resolveOptions(at(87_380, { modalities: 512, starts: 2, threads: 2 })).threads).toBe(2);
    expect(refusal(at(87_380, { modalities: 513, starts: 2, threads: 2 })).message).toMatch(/k = 513/);
    expect(resolveOptions(at(87_380, { starts: 2, threads: 1 })).threads).toBe(1);
    expect(resolveOptions(at(87_380, { starts: 1, threads: 2 })).threads).toBe(1);
  });

  it.runIf(wasmAvailable())('kernel wasm is refused for sizes beyond wasm32 memory that fit in 8 GiB', () => {
    // N = d = 9000: about 4.5e9 bytes of wasm state (> 4 GiB), 1.05e9 doubles (< 2^30)
    expect(resolveOptions({ n: 9000, d: 9000, kernel: 'js', steps: 1 }).kernel).toBe('js');
    expect(resolveOptions({ n: 9000, d: 9000, steps: 1 }).kernel).toBe('auto');
    const e = refusal({ n: 9000, d: 9000, kernel: 'wasm', steps: 1 });
    expect(e).toBeInstanceOf(SolveOptionError);
    expect(e.message).toMatch(/^solve: kernel wasm is unavailable/);
    expect(resolveOptions({ n: 8000, d: 8000, kernel: 'wasm', steps: 1 }).kernel).toBe('wasm');
  });

  it('Adam betas must be in [0, 1) and eps > 0', () => {
    for (const adam of [
      [1, 0.999, 1e-8],
      [-0.1, 0.999, 1e-8],
      [0.9, 1, 1e-8],
      [0.9, -1e-300, 1e-8],
    ] as const) {
      const e = refusal({ ...BASE, adam });
      expect(e, String(adam)).toBeInstanceOf(UsageError);
      expect(e.message).toMatch(/^solve: adam betas must be in \[0, 1\)/);
    }
    expect(refusal({ ...BASE, adam: [Number.NaN, 0.9, 1] }).message).toMatch(/^solve: adam beta1 /);
    expect(refusal({ ...BASE, adam: [0.9, Number.NaN, 1] }).message).toMatch(/^solve: adam beta2 /);
    expect(refusal({ ...BASE, adam: [0.9, 0.9, 0] }).message).toMatch(/^solve: adam eps must be > 0/);
    expect(resolveOptions({ ...BASE, adam: [0, 0, 1e-300] }).adam).toEqual([0, 0, 1e-300]);
  });

  it('b0 and bRel0 together, and any bias for infonce, are refused naming both options', () => {
    const both = refusal({ ...BASE, b0: 1, bRel0: 0.5 }) as SolveOptionError;
    expect(both).toBeInstanceOf(SolveOptionError);
    expect(both.render((x) => `<${x}>`)).toBe(
      'solve: give at most one of <b0> and <bRel0>, got <b0> = 1, <bRel0> = 0.5',
    );
    expect(refusal({ ...BASE, loss: 'hinge' as never }).message).toBe(
      "solve: loss must be one of sig, rb-sig, infonce, got 'hinge'",
    );
    expect(refusal({ ...BASE, loss: 'infonce', b0: 2 }).message).toBe(
      'solve: infonce has no bias, got b0 = 2, bRel0 = undefined',
    );
    for (const bias of [{ b0: 0 }, { bRel0: 0 }]) {
      const e = refusal({ ...BASE, loss: 'infonce', ...bias }) as SolveOptionError;
      expect(e).toBeInstanceOf(SolveOptionError);
      expect(e.message).toMatch(/^solve: infonce has no bias, got b0 = /);
    }
    const trained = refusal({ ...BASE, loss: 'infonce', trainBias: true });
    expect(trained).toBeInstanceOf(UsageError);
    expect(trained.message).toBe('solve: infonce has no bias to train');
  });
});

describe('marginOf (BBNP25 m*, b* from the extremes)', () => {
  it('m* = (min G_ii - max G_ij) / 2, b* = (min G_ii + max G_ij) / 2', () => {
    // binary fractions: exact
    expect(marginOf(0.75, -0.25)).toEqual({ mStar: 0.5, bStar: 0.25 });
    expect(marginOf(-0.5, 0.5)).toEqual({ mStar: -0.5, bStar: 0 });
  });
  it('N = 1 (no negatives): every margin is achievable', () => {
    expect(marginOf(0.5, Number.NEGATIVE_INFINITY)).toEqual({ mStar: Infinity, bStar: -Infinity });
  });
  it('no negative seen decides alone, whatever the positive (an empty scan leaves minPos = +inf)', () => {
    // (inf - (-inf)) / 2 = inf but (inf + (-inf)) / 2 = NaN: the formula cannot stand in for the rule
    expect(marginOf(Infinity, Number.NEGATIVE_INFINITY)).toEqual({ mStar: Infinity, bStar: -Infinity });
  });
});
