import { bbnpProtocol, measuresOf, oursCells, solveBbnp } from './common.js';
import type { Column, Experiment, Row } from './types.js';

const MODES = ['rb-sig', 'fixed-10-0'] as const;
type Mode = (typeof MODES)[number];

const PUBLISHED_LOSS: Record<Mode, number | string> = { 'rb-sig': '-> 0', 'fixed-10-0': 0.82 };

const COLUMNS: Column[] = [
  { key: 'mode', label: 'trained (t, b)', kind: 'param' },
  { key: 'loss', label: 'loss (mean)', kind: 'ours' },
  { key: 'pub_loss', label: 'loss', kind: 'published' },
  { key: 't', label: 't', kind: 'ours' },
  { key: 'bRel', label: 'b/t', kind: 'ours' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'mVU', label: 'm*(V=U)', kind: 'theory' },
  { key: 'zero', label: 'loss -> 0 possible', kind: 'theory' },
];

/** Largest off-diagonal inner product of the rows of U. */
function maxCos(u: Float64Array, n: number, d: number): number {
  let best = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += u[i * d + k]! * u[j * d + k]!;
      if (s > best) best = s;
    }
  }
  return best;
}

/**
 * Wendel's theorem: the probability that n uniform random points of S^{d-1} lie in some open
 * hemisphere, 2^{-(n-1)} sum_{k<d} C(n-1, k) (computed in log space).
 */
export function wendel(n: number, d: number): number {
  let logC = 0; // log C(n-1, 0)
  let sum = 0;
  for (let k = 0; k < d && k <= n - 1; k++) {
    if (k > 0) logC += Math.log(n - k) - Math.log(k);
    sum += Math.exp(logC - (n - 1) * Math.LN2);
  }
  return sum;
}

/**
 * BBNP25 s3 locked encoder: U random and frozen, V trained, with (t, b_rel) trainable (RB-Sig) or
 * fixed at (t, b) = (10, 0).
 * @remarks Observation 1 (THEORY.md s2): with U locked, V_i = U_i is a constellation whenever the
 * U_i are distinct, with m* = (1 - max_{i!=j} <U_i, U_j>)/2 at b* = (1 + max)/2, so RB-Sig can
 * drive the loss to 0. At b = 0 a zero-loss V_i would need the other N - 1 U_j in an open
 * hemisphere, which has probability wendel(N - 1, d) (~1e-17 here): the fixed run must stall.
 */
export const bbnp25Locked: Experiment = {
  id: 'bbnp25-locked',
  title: 'locked U: RB-Sig reaches zero loss, fixed (t, b) = (10, 0) stalls',
  reproduces: 'BBNP25 s4 locked-encoder experiment (frozen modality; THEORY.md s3)',
  notes: [
    'theory: m*(V=U) is the margin of V = U for the frozen U (Observation 1); at b = 0, zero loss needs N - 1 random U_j in a hemisphere: P = Wendel(99, 10)',
  ],
  defaultSeeds: { quick: 2, full: 3 },
  protocol: (quick) => bbnpProtocol(quick, { locked: 'U (random start, frozen)' }),
  groups: () => MODES.map((mode) => ({ params: { mode }, cost: 1 })),
  run(params, seed, quick) {
    const mode = params.mode as Mode;
    const r =
      mode === 'rb-sig'
        ? solveBbnp(seed, quick, { loss: 'rb-sig', bRel0: 0, lockU: true })
        : solveBbnp(seed, quick, { loss: 'sig', b0: 0, lockU: true, trainT: false, trainBias: false });
    return { ...measuresOf(r), mVU: (1 - maxCos(r.u.data, r.n, r.d)) / 2 };
  },
  assemble(results) {
    const p = wendel(99, 10);
    const rows: Row[] = results.map((g) => {
      const mode = g.params.mode as Mode;
      return {
        mode: mode === 'rb-sig' ? 'RB-Sig (log t, b_rel)' : 'fixed (10, 0)',
        ...oursCells(g.stats, ['loss', 't', 'bRel', 'margin']),
        pub_loss: PUBLISHED_LOSS[mode],
        mVU: g.stats.mVU?.mean ?? null,
        zero: mode === 'rb-sig' ? 'yes (V = U)' : `no (P = ${p.toExponential(1)})`,
      };
    });
    return {
      columns: COLUMNS,
      rows,
      summary: { 'Wendel P(99 random points of S^9 in a hemisphere)': p },
    };
  },
};
