/**
 * Generates the embedding fixtures of test/fixtures/embeddings (issue 7): constellations and
 * near-constellations with m*, b*, retrieval and gap known in closed form, written as .npy
 * (float32 and float64) and safetensors (F32), plus manifest.json with the expected values.
 *
 * Run: node --import tsx scripts/make-fixtures.ts   (deterministic: seed 2025)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/io/atomic.js';
import { writeNpy } from '../src/io/npy.js';
import { writeSafetensors } from '../src/io/safetensors.js';
import { Rng } from '../src/numeric/float/rng.js';
import { fromRows, type Matrix } from '../src/numeric/float/vectors.js';

const OUT = fileURLToPath(new URL('../test/fixtures/embeddings/', import.meta.url));

interface Expected {
  readonly name: string;
  readonly description: string;
  readonly N: number;
  readonly d: number;
  readonly classes?: number;
  readonly mStar: number;
  readonly bStar: number;
  readonly constellation: boolean;
  readonly retrieval: { readonly uToV: number; readonly vToU: number };
  /** Whether the construction has an h with all U positive and every V negative. */
  readonly gapAllSeparated: boolean;
}

/** Simplex ETF rows in R^n: <w_i, w_j> = -1/(n-1). */
function simplex(n: number): number[][] {
  const s = Math.sqrt(1 - 1 / n);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, k) => ((k === i ? 1 : 0) - 1 / n) / s),
  );
}

/** CCEM(delta) (LCS24): c1 = (1 - delta^2)/(1 + delta^2), c2 = -(1/(N-1) + delta^2)/(1 + delta^2). */
function ccem(n: number, delta: number) {
  const s = Math.sqrt(1 + delta * delta);
  const w = simplex(n);
  return {
    u: w.map((r) => [...r.map((x) => x / s), delta / s]),
    v: w.map((r) => [...r.map((x) => x / s), -delta / s]),
    c1: (1 - delta * delta) / (1 + delta * delta),
    c2: -(1 / (n - 1) + delta * delta) / (1 + delta * delta),
  };
}

/**
 * An orthogonal map exact to a few ulps: two Householder reflections with random normals (a
 * Gram-Schmidt matrix would leave ~1e-14 non-orthogonality, visible in float64 fixtures).
 */
function randomReflections(d: number, rng: Rng): number[][] {
  return [0, 1].map(() => Array.from({ length: d }, () => rng.normal()));
}

/** Applies the reflections to every row, then rescales each row to unit norm in float64. */
function rotate(rows: number[][], refl: number[][]): Matrix {
  const out = rows.map((r) => {
    let x = [...r];
    for (const h of refl) {
      const hh = h.reduce((a, t) => a + t * t, 0);
      const hx = h.reduce((a, t, k) => a + t * x[k]!, 0);
      x = x.map((t, k) => t - ((2 * hx) / hh) * h[k]!);
    }
    const n = Math.sqrt(x.reduce((a, t) => a + t * t, 0));
    return x.map((t) => t / n);
  });
  return fromRows(out);
}

function write(name: string, u: Matrix, v: Matrix, labels?: number[]): void {
  for (const dt of ['float32', 'float64'] as const) {
    const tag = dt === 'float32' ? 'f32' : 'f64';
    writeNpy(join(OUT, `${name}.U.${tag}.npy`), [u.rows, u.cols], u.data, dt);
    writeNpy(join(OUT, `${name}.V.${tag}.npy`), [v.rows, v.cols], v.data, dt);
  }
  writeSafetensors(join(OUT, `${name}.f32.safetensors`), {
    U: { shape: [u.rows, u.cols], data: u.data, dtype: 'F32' },
    V: { shape: [v.rows, v.cols], data: v.data, dtype: 'F32' },
  });
  if (labels) writeNpy(join(OUT, `${name}.labels.npy`), [labels.length], labels, 'int64');
}

function main(): void {
  mkdirSync(OUT, { recursive: true });
  const rng = new Rng(2025);
  const expected: Expected[] = [];

  // 1. CCEM constellation, N = 16 in d = 17, rotated by a random orthogonal map.
  {
    const n = 16;
    const c = ccem(n, 0.5);
    const q = randomReflections(n + 1, rng);
    write('ccem16', rotate(c.u, q), rotate(c.v, q));
    expected.push({
      name: 'ccem16',
      description: 'CCEM(delta = 0.5), N = 16, d = 17, rotated: m* = (c1 - c2)/2, b* = (c1 + c2)/2',
      N: n,
      d: n + 1,
      mStar: (c.c1 - c.c2) / 2,
      bStar: (c.c1 + c.c2) / 2,
      constellation: true,
      retrieval: { uToV: 1, vToU: 1 },
      gapAllSeparated: true,
    });
  }

  // 2. One-coordinate Construction 1 over the cross-polytope code (rho_c = 0) in R^7: N = 14,
  //    d = 8 >= N - 6, so Thm 3.6 applies (N >= d + 2). m* = delta^2/2, b* = (3 delta^2 - 2)/2.
  {
    const k = 7;
    const delta2 = 0.8;
    const dl = Math.sqrt(delta2);
    const w = Math.sqrt(1 - delta2);
    const code: number[][] = [];
    for (let a = 0; a < k; a++)
      for (const s of [1, -1]) code.push(Array.from({ length: k }, (_, j) => (j === a ? s : 0)));
    const q = randomReflections(k + 1, rng);
    const u = rotate(
      code.map((x) => [...x.map((t) => dl * t), w]),
      q,
    );
    const v = rotate(
      code.map((x) => [...x.map((t) => dl * t), -w]),
      q,
    );
    write('cross7', u, v);
    expected.push({
      name: 'cross7',
      description:
        'U_i = (delta x_i, w), V_i = (delta x_i, -w), x = cross-polytope in R^7, delta^2 = 0.8, rotated',
      N: 2 * k,
      d: k + 1,
      mStar: delta2 / 2,
      bStar: (3 * delta2 - 2) / 2,
      constellation: true,
      retrieval: { uToV: 1, vToU: 1 },
      gapAllSeparated: true,
    });
  }

  // 3. Near-constellation: CCEM16 with V_0 replaced by V_1. Then min pos = G_00 = c2 and
  //    max neg = G_10 = c1, so m* = (c2 - c1)/2 < 0, b* = (c1 + c2)/2; U_0 and U_1 tie (fail),
  //    V_0 fails (its column's best U is U_1, another pair): U->V 14/16, V->U 15/16.
  {
    const n = 16;
    const c = ccem(n, 0.5);
    const vRows = c.v.map((r, i) => (i === 0 ? [...c.v[1]!] : r));
    const q = randomReflections(n + 1, rng);
    write('near16', rotate(c.u, q), rotate(vRows, q));
    expected.push({
      name: 'near16',
      description: 'CCEM(0.5), N = 16, with V_0 := V_1 (one broken pair), rotated',
      N: n,
      d: n + 1,
      mStar: (c.c2 - c.c1) / 2,
      bStar: (c.c1 + c.c2) / 2,
      constellation: false,
      retrieval: { uToV: 14 / 16, vToU: 15 / 16 },
      gapAllSeparated: true,
    });
  }

  // 4. Labels (ImageNet-style): 6 class texts V_j = CCEM V rows, 4 images per class, each image
  //    the class's CCEM U row: positives c1, negatives c2.
  {
    const k = 6;
    const c = ccem(k, 1);
    const labels = Array.from({ length: 4 * k }, (_, i) => i % k);
    const q = randomReflections(k + 1, rng);
    write(
      'labels6',
      rotate(
        labels.map((l) => c.u[l]!),
        q,
      ),
      rotate(c.v, q),
      labels,
    );
    expected.push({
      name: 'labels6',
      description: 'CCEM(delta = 1) with 6 classes, 4 identical images per class (labels i mod 6), rotated',
      N: 4 * k,
      d: k + 1,
      classes: k,
      mStar: (c.c1 - c.c2) / 2,
      bStar: (c.c1 + c.c2) / 2,
      constellation: true,
      retrieval: { uToV: 1, vToU: 1 },
      gapAllSeparated: true,
    });
  }

  writeFileAtomic(join(OUT, 'manifest.json'), `${JSON.stringify(expected, null, 2)}\n`);
  console.log(`wrote ${expected.length} fixtures to ${OUT}`);
}

main();
