import type { SolveOptions } from '../../src/solver/index.js';

/** The projected-adam reference cases (small, so the oracle's plain loops are exact enough to read). */
export const ADAM_CASES: readonly { readonly name: string; readonly options: SolveOptions }[] = [
  {
    name: 'rb-sig, t and b_rel trained',
    options: {
      n: 5,
      d: 3,
      loss: 'rb-sig',
      t0: 10,
      bRel0: 0.2,
      normalization: 'mean',
      seed: 7,
      optimizer: 'projected-adam',
    },
  },
  {
    name: 'sig, U locked, absolute b trained',
    options: {
      n: 6,
      d: 4,
      loss: 'sig',
      t0: 10,
      b0: -2,
      lockU: true,
      normalization: 'mean',
      seed: 11,
      optimizer: 'projected-adam',
    },
  },
  {
    name: 'rb-sig, b_rel fixed, per-anchor',
    options: {
      n: 4,
      d: 2,
      loss: 'rb-sig',
      t0: 3,
      bRel0: -0.3,
      trainBias: false,
      normalization: 'per-anchor',
      seed: 3,
      optimizer: 'projected-adam',
    },
  },
];
