import { sigmoid, softplus } from '../numeric/float/softplus.js';
import { Rng } from '../numeric/float/rng.js';
import { randomUnitRows } from '../numeric/float/vectors.js';
import { BBNP25, bbnpProtocol, bbnpSteps, oursCells, solveBbnp } from './common.js';
import type { Column, Experiment, Metrics, Row } from './types.js';

/** The fixed inverse temperature of the ablation. */
const T_FIXED = 100;
/** The constant the authors' code adds inside its logs (SigLIP/utils/siglip_loss.py). */
const CLAMP = 1e-8;
/** Loss of a pair stuck on the wrong side under the clamp: -ln(1e-8). */
const STUCK_LOSS = -Math.log(CLAMP);

/** How the log is taken: exact stable softplus, +1e-8 in float64, or the authors' float32 sigmoid + 1e-8. */
export type LogMode = 'exact' | 'clamp' | 'clamp-f32';

const MODES = ['solver', 'exact', 'clamp', 'clamp-f32'] as const;
type Mode = (typeof MODES)[number];
const LABEL: Record<Mode, string> = {
  solver: 'solver (exact softplus)',
  exact: 'private, exact softplus',
  clamp: 'private, -log(sigma + 1e-8), float64',
  'clamp-f32': 'private, -log(sigma + 1e-8), float32 sigma (authors)',
};

/** Options of {@link trainFixedT}. */
export interface FixedTOptions {
  readonly n: number;
  readonly d: number;
  readonly t: number;
  readonly bRel0: number;
  readonly steps: number;
  readonly lr: number;
  readonly seed: number;
  readonly mode: LogMode;
}

/** The outcome of {@link trainFixedT}. */
export interface FixedTResult {
  /** The mean-normalised exact loss (stable softplus) of the final configuration. */
  readonly lossExact: number;
  /** The mean-normalised loss as the chosen log computes it (what the authors' code prints). */
  readonly lossPrinted: number;
  /** Pairs on the wrong side of b_rel: G_ii <= b_rel or G_ij >= b_rel (i != j). */
  readonly wrong: number;
  readonly margin: number;
  readonly bRel: number;
}

/** dl/dz and l of one pair (positive: l = -log sigma(z); negative: l = -log(1 - sigma(z))) under `mode`. */
function pairTerm(z: number, positive: boolean, mode: LogMode): [number, number] {
  const zz = positive ? z : -z; // l = -log sigma(zz), dl/dz = sign * dl/dzz
  const sign = positive ? 1 : -1;
  if (mode === 'exact') return [softplus(-zz), -sign * sigmoid(-zz)];
  if (mode === 'clamp') {
    const p = sigmoid(zz);
    const q = sigmoid(-zz);
    return [-Math.log(p + CLAMP), (-sign * p * q) / (p + CLAMP)];
  }
  // float32 as PyTorch: y = sigmoid(z) rounded; the negative term forms 1 - y; backward y(1 - y)/x
  const f = Math.fround;
  const y = f(sigmoid(z));
  const one = f(1 - y);
  const x = positive ? f(y + CLAMP) : f(one + CLAMP);
  const g = f(f(y * one) / x);
  return [-Math.log(x), positive ? -g : g];
}

/**
 * RB-Sig at fixed t with trainable b_rel, Adam on raw U, V renormalised each step (BBNP25
 * protocol, mean normalisation), with the log taken exactly or with the authors' 1e-8 clamp.
 * @remarks Private to the fixed-t ablation: the solver has no clamp option (by design: it uses
 * exact gradients). With the clamp a wrong-side pair with |z| >> ln 1e8 has gradient about
 * e^{-|z|}/1e-8 instead of about 1, and contributes -ln 1e-8 = 18.42 to the summed loss.
 */
export function trainFixedT(o: FixedTOptions): FixedTResult {
  const { n, d, t, lr } = o;
  const rng = new Rng(o.seed);
  const u = randomUnitRows(n, d, rng.fork('U')).data;
  const v = randomUnitRows(n, d, rng.fork('V')).data;
  const g = new Float64Array(n * n);
  const gu = new Float64Array(n * d);
  const gv = new Float64Array(n * d);
  const mu = new Float64Array(n * d);
  const vu = new Float64Array(n * d);
  const mv = new Float64Array(n * d);
  const vv = new Float64Array(n * d);
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let bRel = o.bRel0;
  let mb = 0;
  let vb = 0;
  const scale = 1 / (n * n);
  const gram = (): void => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += u[i * d + k]! * v[j * d + k]!;
        g[i * n + j] = s;
      }
    }
  };
  const adam = (
    x: Float64Array,
    gr: Float64Array,
    m: Float64Array,
    w: Float64Array,
    c1: number,
    c2: number,
  ) => {
    for (let e = 0; e < x.length; e++) {
      m[e] = b1 * m[e]! + (1 - b1) * gr[e]!;
      w[e] = b2 * w[e]! + (1 - b2) * gr[e]! * gr[e]!;
      x[e]! -= (lr * (m[e]! / c1)) / (Math.sqrt(w[e]! / c2) + eps);
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k]! ** 2;
      const r = 1 / Math.sqrt(s);
      for (let k = 0; k < d; k++) x[i * d + k]! *= r;
    }
  };
  for (let step = 1; step <= o.steps; step++) {
    gram();
    let gb = 0;
    // g becomes dL/dG in place
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const dz = pairTerm(t * (g[i * n + j]! - bRel), i === j, o.mode)[1] * scale;
        gb -= t * dz;
        g[i * n + j] = t * dz;
      }
    }
    gu.fill(0);
    gv.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const w = g[i * n + j]!;
        if (w === 0) continue;
        for (let k = 0; k < d; k++) {
          gu[i * d + k]! += w * v[j * d + k]!;
          gv[j * d + k]! += w * u[i * d + k]!;
        }
      }
    }
    const c1 = 1 - b1 ** step;
    const c2 = 1 - b2 ** step;
    adam(u, gu, mu, vu, c1, c2);
    adam(v, gv, mv, vv, c1, c2);
    mb = b1 * mb + (1 - b1) * gb;
    vb = b2 * vb + (1 - b2) * gb * gb;
    bRel -= (lr * (mb / c1)) / (Math.sqrt(vb / c2) + eps);
  }
  gram();
  let lossExact = 0;
  let lossPrinted = 0;
  let wrong = 0;
  let minPos = Infinity;
  let maxNeg = -Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = g[i * n + j]!;
      const z = t * (x - bRel);
      lossExact += pairTerm(z, i === j, 'exact')[0];
      lossPrinted += pairTerm(z, i === j, o.mode)[0];
      if (i === j) {
        minPos = Math.min(minPos, x);
        if (x <= bRel) wrong++;
      } else {
        maxNeg = Math.max(maxNeg, x);
        if (x >= bRel) wrong++;
      }
    }
  }
  return {
    lossExact: lossExact * scale,
    lossPrinted: lossPrinted * scale,
    wrong,
    margin: (minPos - maxNeg) / 2,
    bRel,
  };
}

const COLUMNS: Column[] = [
  { key: 'mode', label: 'log', kind: 'param' },
  { key: 'lossExact', label: 'loss (exact, mean)', kind: 'ours' },
  { key: 'lossPrinted', label: 'loss as printed', kind: 'ours' },
  { key: 'wrong', label: 'wrong-side pairs', kind: 'ours' },
  { key: 'plateau', label: 'wrong x ln(1e8)/N^2', kind: 'theory' },
  { key: 'margin', label: 'm*', kind: 'ours' },
  { key: 'bRel', label: 'b_rel', kind: 'ours' },
  { key: 'pub', label: 'outcome', kind: 'published' },
];

/**
 * The fixed-t ablation: t = 100 fixed, b_rel trained, exact gradients against the authors' 1e-8
 * clamp inside the log, to show that the published stall is the clamp (THEORY.md s3 pitfall).
 */
export const bbnp25FixedT: Experiment = {
  id: 'bbnp25-fixed-t',
  title: 'fixed t = 100: exact gradients vs the 1e-8 clamp inside the log',
  reproduces:
    'BBNP25 ablation "fixed large temperature" (authors\' AblationStudy.ipynb; THEORY.md s3 pitfall)',
  notes: [
    'published: at fixed large t the loss stalls on plateaus of k * ln(1e8)/N^2 = k * 1.84e-3 (k stuck pairs)',
    'theory: a wrong-side pair with |z| > ln 1e8 = 18.4 gets gradient ~e^-|z|/1e-8 under the clamp (vs ~1 exact), so it stays stuck and adds ln(1e8)/N^2',
    'the solver has no clamp option; the clamped runs use a private trainer here (same protocol; "exact" is the same trainer without the clamp)',
  ],
  defaultSeeds: { quick: 2, full: 3 },
  protocol: (quick) =>
    bbnpProtocol(quick, { t: `${T_FIXED} (fixed)`, trained: 'b_rel (from 0)', steps: bbnpSteps(quick, 300) }),
  groups: () => MODES.map((mode) => ({ params: { mode }, cost: mode === 'solver' ? 1 : 2 })),
  run(params, seed, quick) {
    const mode = params.mode as Mode;
    const steps = bbnpSteps(quick, 300);
    if (mode === 'solver') {
      const r = solveBbnp(seed, quick, { loss: 'rb-sig', t0: T_FIXED, bRel0: 0, trainT: false, steps });
      let wrong = 0;
      const { n, d } = r;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < d; k++) s += r.u.data[i * d + k]! * r.v.data[j * d + k]!;
          if (i === j ? s <= r.bRel : s >= r.bRel) wrong++;
        }
      }
      return { lossExact: r.lossValue, lossPrinted: r.lossValue, wrong, margin: r.mStar, bRel: r.bRel };
    }
    const r = trainFixedT({
      n: BBNP25.n,
      d: BBNP25.d,
      t: T_FIXED,
      bRel0: 0,
      steps,
      lr: BBNP25.lr,
      seed,
      mode,
    });
    return { ...r } satisfies Metrics;
  },
  assemble(results) {
    const n2 = BBNP25.n * BBNP25.n;
    const rows: Row[] = results.map((g) => {
      const mode = g.params.mode as Mode;
      return {
        mode: LABEL[mode],
        ...oursCells(g.stats, ['lossExact', 'lossPrinted', 'wrong', 'margin', 'bRel']),
        plateau: mode.startsWith('clamp') ? ((g.stats.wrong?.mean ?? Number.NaN) * STUCK_LOSS) / n2 : null,
        pub: mode === 'clamp-f32' ? 'stalls' : null,
      };
    });
    const wrongOf = (m: Mode) => results.find((g) => g.params.mode === m)?.stats.wrong?.mean ?? Number.NaN;
    return {
      columns: COLUMNS,
      rows,
      summary: {
        'wrong-side pairs, exact (solver)': wrongOf('solver'),
        'wrong-side pairs, clamp float32 (authors)': wrongOf('clamp-f32'),
      },
    };
  },
};
