import type { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { infoNceLoss } from '../../../src/loss/infonce.js';
import { sigmoidLossHp } from '../../../src/loss/hp/sigmoid.js';
import type { Matrix } from '../../../src/numeric/float/vectors.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { crossGram } from '../../../src/numeric/hp/gram.js';
import { type SolveOptions, type SolveResult, solveSync } from '../../../src/solver/index.js';
import { syncPairs } from '../../../src/solver/run.js';

// The solver's gradient in its fused path (kernel, pair averaging, chain rule to the trained
// scalars) against decimal.js, at the solver's own random starts and at corners (large t,
// negative b, N = 2, k = 3, a locked U). Scalars: central finite differences of the loss in
// (log t, bias) at 30 digits (h = 1e-12: truncation ~h^2 = 1e-24, cancellation 1e-30 / h = 1e-18).
// The solver's scalar gradient g is read off one Adam step with lr = 1 and eps = |g_ref|: the first
// step moves log t (or the bias) by delta = g / (|g| + eps) (m / (1 - beta1) = g, sqrt(v / (1 - beta2))
// = |g| up to rounding), so g = delta eps / (1 - |delta|), about 0.5 eps, to a few ulps. Vectors: the
// Riemannian gradient norm the solver reports at step 0 against the decimal.js gradient projected on
// the spheres. Float64 kernel error at N <= 6, |t G| <= 200: below 1e-12 relative; a changed chain
// rule or a dropped term moves these by O(1) relative. Tolerance 1e-9.
const TOL = 1e-9;
const DIGITS = 30;
const D = hpContext(DIGITS);
const H = new D('1e-12');

const JS = { kernel: 'js', threads: 1, kernelThreads: 1 } as const;

function scaleOf(normalization: string, n: number): Decimal {
  if (normalization === 'sum') return new D(1);
  if (normalization === 'per-anchor') return new D(1).div(n);
  return new D(1).div(n * n);
}

/** Symmetric InfoNCE (per-anchor definition) at logits t G, in decimal.js. */
function infonceHp(u: Matrix, v: Matrix, t: Decimal): Decimal {
  const n = u.rows;
  const g = crossGram(D, u, v);
  let loss = new D(0);
  for (let i = 0; i < n; i++) {
    let row = new D(0);
    let col = new D(0);
    for (let j = 0; j < n; j++) {
      row = row.plus(t.times(g[i * n + j]!).exp());
      col = col.plus(t.times(g[j * n + i]!).exp());
    }
    loss = loss
      .plus(row.ln())
      .plus(col.ln())
      .minus(t.times(g[i * n + i]!).times(2));
  }
  return loss.div(n);
}

/** The solver's objective in decimal.js at (log t, bias in the loss's coordinate). */
function objectiveHp(o: SolveOptions, configs: Matrix[], logT: Decimal, bias: Decimal): Decimal {
  const n = o.n;
  const loss = o.loss ?? 'rb-sig';
  const normalization = o.normalization ?? 'per-anchor';
  const pairs = syncPairs(o.modalities ?? 2, o.graph ?? 'complete');
  const t = logT.exp();
  let total = new D(0);
  for (const [p, q] of pairs) {
    const u = configs[p]!;
    const v = configs[q]!;
    if (loss === 'infonce') total = total.plus(infonceHp(u, v, t).times(scaleOf(normalization, n)).times(n));
    else {
      const b = loss === 'rb-sig' ? t.times(bias) : bias;
      total = total.plus(sigmoidLossHp(u, v, t, b, normalization, DIGITS).loss);
    }
  }
  return total.div(pairs.length);
}

function startOf(o: SolveOptions): SolveResult {
  return solveSync({ ...o, ...JS, steps: 0 });
}

/** d/dlog t and d/dbias of the objective at the start, by central differences in decimal.js. */
function scalarGradsHp(o: SolveOptions, s: SolveResult): { gT: number; gB: number } {
  const logT = exact(D, Math.log(s.t));
  const bias = exact(D, o.loss === 'sig' ? (o.b0 ?? 0) : (o.bRel0 ?? 0));
  const f = (lt: Decimal, b: Decimal) => objectiveHp(o, s.configs, lt, b);
  const gT = f(logT.plus(H), bias)
    .minus(f(logT.minus(H), bias))
    .div(H.times(2));
  const gB =
    o.loss === 'infonce'
      ? new D(0)
      : f(logT, bias.plus(H))
          .minus(f(logT, bias.minus(H)))
          .div(H.times(2));
  return { gT: gT.toNumber(), gB: gB.toNumber() };
}

/** The scalar gradient the solver used in its first step, read off the step (see above). */
function solverScalarGrad(o: SolveOptions, which: 'T' | 'B', ref: number): number {
  const eps = Math.abs(ref);
  const r = solveSync({
    ...o,
    ...JS,
    steps: 1,
    lr: 1,
    adam: [0.9, 0.999, eps],
    trainT: which === 'T',
    trainBias: which === 'B',
  });
  expect(r.steps).toBe(1);
  expect(r.stopReason).toBe('steps');
  const before = which === 'T' ? Math.log(o.t0 ?? 10) : o.loss === 'sig' ? (o.b0 ?? 0) : (o.bRel0 ?? 0);
  const after = which === 'T' ? Math.log(r.t) : o.loss === 'sig' ? r.b : r.bRel;
  const d = before - after;
  return (d * eps) / (1 - Math.abs(d));
}

const CASES: [string, SolveOptions][] = [
  ['sig, random start', { n: 5, d: 3, loss: 'sig', t0: 10, b0: 3, seed: 1 }],
  ['sig, negative b, sum', { n: 4, d: 3, loss: 'sig', t0: 2, b0: -3, normalization: 'sum', seed: 2 }],
  ['sig, N = 2, large t', { n: 2, d: 2, loss: 'sig', t0: 200, b0: 150, seed: 3 }],
  ['rb-sig, random start', { n: 5, d: 3, loss: 'rb-sig', t0: 10, bRel0: 0.4, seed: 4 }],
  [
    'rb-sig, negative b_rel, mean',
    { n: 6, d: 2, loss: 'rb-sig', t0: 3, bRel0: -0.8, normalization: 'mean', seed: 5 },
  ],
  ['rb-sig, N = 2, large t', { n: 2, d: 3, loss: 'rb-sig', t0: 150, bRel0: -0.2, seed: 6 }],
  ['sig, k = 3 complete', { n: 3, d: 2, loss: 'sig', t0: 4, b0: 1, modalities: 3, seed: 7 }],
  [
    'rb-sig, k = 4 star, locked U',
    { n: 3, d: 3, loss: 'rb-sig', t0: 5, bRel0: 0.3, modalities: 4, graph: 'star', lockU: true, seed: 8 },
  ],
  ['infonce', { n: 4, d: 3, loss: 'infonce', t0: 5, trainT: true, seed: 9 }],
  [
    'infonce, N = 2, large t, sum',
    { n: 2, d: 2, loss: 'infonce', t0: 100, trainT: true, normalization: 'sum', seed: 10 },
  ],
];

describe('fused solver gradient against decimal.js', () => {
  it.each(CASES)('%s: d/dlog t and d/dbias (one Adam step) equal central differences', (_name, o) => {
    const s = startOf(o);
    const ref = scalarGradsHp(o, s);
    const gT = solverScalarGrad(o, 'T', ref.gT);
    expect(Math.abs(gT - ref.gT) / Math.abs(ref.gT), `d/dlog t: ${gT} vs ${ref.gT}`).toBeLessThanOrEqual(TOL);
    if (o.loss !== 'infonce') {
      const gB = solverScalarGrad(o, 'B', ref.gB);
      expect(Math.abs(gB - ref.gB) / Math.abs(ref.gB), `d/dbias: ${gB} vs ${ref.gB}`).toBeLessThanOrEqual(
        TOL,
      );
    }
  });

  it.each(CASES)('%s: the Riemannian gradient norm at step 0 (vectors and trained scalars)', (_name, o) => {
    // the start does not depend on the optimizer or on what is trained: one decimal reference
    const s = startOf(o);
    const { gT, gB } = scalarGradsHp(o, s);
    const k = o.modalities ?? 2;
    const pairs = syncPairs(k, o.graph ?? 'complete');
    const { n, d } = o;
    const grads = Array.from({ length: k }, () => Array.from({ length: n * d }, () => new D(0)));
    for (const [p, q] of pairs) {
      const u = s.configs[p]!;
      const v = s.configs[q]!;
      let gu: Decimal[];
      let gv: Decimal[];
      if (o.loss === 'infonce') {
        // float64 reference implementation (plain loops), rounding ~1e-15 relative
        const r = infoNceLoss(u, v, {
          tau: 1 / s.t,
          normalization: o.normalization ?? 'per-anchor',
          grad: true,
        });
        gu = Array.from(r.gradU!, (x) => new D(x));
        gv = Array.from(r.gradV!, (x) => new D(x));
      } else {
        const r = sigmoidLossHp(u, v, s.t, s.b, o.normalization ?? 'per-anchor', DIGITS, true);
        gu = r.gradU!;
        gv = r.gradV!;
      }
      for (let e = 0; e < n * d; e++) {
        grads[p]![e] = grads[p]![e]!.plus(gu[e]!.div(pairs.length));
        grads[q]![e] = grads[q]![e]!.plus(gv[e]!.div(pairs.length));
      }
    }
    // squared tangent norm per modality
    const tangent = grads.map((g, l) => {
      const x = s.configs[l]!;
      let sum = new D(0);
      for (let i = 0; i < n; i++) {
        let dot = new D(0);
        for (let c = 0; c < d; c++) dot = dot.plus(exact(D, x.data[i * d + c]!).times(g[i * d + c]!));
        for (let c = 0; c < d; c++)
          sum = sum.plus(g[i * d + c]!.minus(dot.times(exact(D, x.data[i * d + c]!))).pow(2));
      }
      return sum;
    });
    const combos =
      o.loss === 'infonce'
        ? [
            [true, false],
            [false, false],
          ]
        : [
            [true, true],
            [false, true],
            [true, false],
          ];
    for (const optimizer of ['adam', 'riemannian-adam'] as const) {
      for (const [trainT, trainBias] of combos as [boolean, boolean][]) {
        const r = startOf({ ...o, optimizer, trainT, trainBias });
        let g2 = new D(0);
        if (trainT) g2 = g2.plus(new D(gT).pow(2));
        if (trainBias) g2 = g2.plus(new D(gB).pow(2));
        for (let l = 0; l < k; l++) if (!(l === 0 && o.lockU)) g2 = g2.plus(tangent[l]!);
        const ref = g2.sqrt().toNumber();
        const where = `${optimizer}, trainT ${trainT}, trainBias ${trainBias}: ${r.gradNorm} vs ${ref}`;
        expect(Math.abs(r.gradNorm - ref) / ref, where).toBeLessThanOrEqual(TOL);
      }
    }
  });
});
