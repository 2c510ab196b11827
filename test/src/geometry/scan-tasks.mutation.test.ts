import { describe, expect, it } from 'vitest';
import {
  BUCKETS,
  type BlockSource,
  CTRL_DONE,
  CTRL_LEN,
  type ExactDots,
  runTasks,
  SLOT_STRIDE,
  wasmSource,
  type ScanJob,
  TASK_STRIDE,
} from '../../../src/geometry/scan-core.js';
import { createLedger } from '../../../src/geometry/scan-ledger.js';
import { createGramArena } from '../../../src/numeric/float/wasm-gram.js';
import { Rng } from '../../../src/numeric/float/rng.js';
import { softplus } from '../../../src/numeric/float/softplus.js';
import { exact, hpContext } from '../../../src/numeric/hp/decimal.js';
import { kernelModule } from '../../../src/numeric/float/wasm-gram.js';

// runTasks on hand-built jobs of a few blocks (the plain loop, exact and approximate, and the wasm
// ledger's loop), run in slot 1 of two: every array the pass writes against a brute-force pass over
// the whole matrix written here (maxima, counts, window entries in scan order, histogram buckets,
// and which entries are recomputed exactly). Entries are multiples of 1/64 (float32-exact), so every
// sum is exact in any order and ties with a running maximum less 2 eps occur.

const built = kernelModule() !== null;

/** The trim fields of a job: the quantile wanted, the window, the histogram and the kept cap. */
type Trim = Pick<ScanJob, 'p' | 'wlo' | 'whi' | 'hlo' | 'hscale' | 'keptCap' | 'useHist'>;

interface Case {
  readonly n: number;
  readonly k: number;
  /** Exact entries (what ExactDots returns) and block entries (what the source returns), n x k. */
  readonly g: Float64Array;
  readonly a: Float64Array;
  readonly pos: readonly number[];
  readonly blockRows: number;
  readonly blockCols: number;
  readonly row0: number;
  readonly row1: number;
  readonly eps: number;
  readonly trim?: Trim;
  readonly ledger?: { readonly single: boolean; readonly listCap: number };
  /** The slot's column maxima before the pass (exact, block entries); -Infinity when absent. */
  readonly colInit?: readonly number[];
  readonly colApxInit?: readonly number[];
  readonly loss?: { readonly t: number; readonly b: number; readonly exact: boolean };
  /** The thread slot the pass runs in (of two; 1 unless given). */
  readonly slot?: 0 | 1;
}

const SLOTS = 2;
/** What the other slot's arrays and the rows outside the pass hold: the pass must leave them. */
const SENTINEL = 77;
const slotOf = (c: Case) => c.slot ?? 1;
/** [this slot's part, the other slot's part] of a per-slot array of `len` a slot. */
const parts = (x: Float64Array, len: number, slot: number) =>
  [x.subarray(slot * len, slot * len + len), x.subarray((1 - slot) * len, (2 - slot) * len)] as const;

function makeJob(c: Case): ScanJob {
  const { n, k, blockRows, row0, row1 } = c;
  const approx = c.eps > 0;
  const tasks = Math.ceil((row1 - row0) / blockRows);
  const tr = c.trim;
  const keptCap = tr?.keptCap ?? 0;
  const rowNeg = (fill: number) =>
    Float64Array.from({ length: n }, (_, i) => (i >= row0 && i < row1 ? fill : SENTINEL));
  const slot = slotOf(c);
  const perSlot = (len: number, init: (q: number) => number) =>
    Float64Array.from({ length: SLOTS * len }, (_, q) =>
      Math.floor(q / len) === slot ? init(q - slot * len) : SENTINEL,
    );
  const job: ScanJob = {
    n,
    row0,
    row1,
    k,
    blockRows,
    blockCols: c.blockCols,
    tasks,
    pos: Int32Array.from(c.pos),
    wantLoss: c.loss !== undefined,
    t: c.loss?.t ?? 1,
    bias: c.loss?.b ?? 0,
    exactLogits: c.loss?.exact ?? false,
    wantTrim: tr !== undefined,
    useHist: tr?.useHist ?? false,
    p: tr?.p ?? 1,
    wlo: tr?.wlo ?? Number.NEGATIVE_INFINITY,
    whi: tr?.whi ?? Number.POSITIVE_INFINITY,
    hlo: tr?.hlo ?? -1,
    hscale: tr?.hscale ?? 1,
    keptCap,
    eps: c.eps,
    ctrl: new Int32Array(CTRL_LEN),
    rowPos: new Float64Array(n),
    rowNegMax: rowNeg(Number.NEGATIVE_INFINITY),
    rowNegApprox: approx ? rowNeg(Number.NEGATIVE_INFINITY) : new Float64Array(0),
    taskSums: new Float64Array(TASK_STRIDE * tasks),
    colNegMax: perSlot(k, (j) => c.colInit?.[j] ?? Number.NEGATIVE_INFINITY),
    colNegApprox: approx
      ? perSlot(k, (j) => c.colApxInit?.[j] ?? Number.NEGATIVE_INFINITY)
      : new Float64Array(0),
    slotScalars: new Float64Array(SLOTS * SLOT_STRIDE).fill(SENTINEL),
    hist: new Float64Array(tr?.useHist ? SLOTS * BUCKETS : 0),
    kept: new Float64Array(SLOTS * keptCap).fill(SENTINEL),
    keptIdx: new Float64Array(SLOTS * keptCap).fill(SENTINEL),
  };
  job.slotScalars.set([Number.POSITIVE_INFINITY, 0, 0, job.wlo, job.whi, 0, 0], slot * SLOT_STRIDE);
  if (job.useHist) parts(job.hist, BUCKETS, slot)[1].fill(SENTINEL);
  return job;
}

/** The blocks the pass asked for, and the exact entries it recomputed (in the order asked). */
interface Trace {
  readonly blocks: number[][];
  readonly dotted: number[][];
  readonly progress: number[][];
}

function run(c: Case): { job: ScanJob; trace: Trace } {
  const job = makeJob(c);
  const { k, a, g } = c;
  const trace: Trace = { blocks: [], dotted: [], progress: [] };
  let source: BlockSource;
  if (c.ledger !== undefined) {
    const ledger = createLedger(c.ledger.single, c.blockRows, c.blockCols, k, c.ledger.listCap)!;
    const blk = ledger.block;
    const fn = (i0: number, bi: number, j0: number, bj: number) => {
      trace.blocks.push([i0, bi, j0, bj]);
      blk.fill(Number.NaN);
      for (let r = 0; r < bi; r++) for (let q = 0; q < bj; q++) blk[r * bj + q] = a[(i0 + r) * k + j0 + q]!;
      return { buf: blk, off: 0, ld: bj };
    };
    source = Object.assign(fn, { ledger });
  } else {
    // an offset and a row stride wider than the block, the padding NaN: only the block is read
    source = (i0, bi, j0, bj) => {
      trace.blocks.push([i0, bi, j0, bj]);
      const off = 5;
      const ld = bj + 3;
      const buf = new Float64Array(off + bi * ld + 3).fill(Number.NaN);
      for (let r = 0; r < bi; r++)
        for (let q = 0; q < bj; q++) buf[off + r * ld + q] = a[(i0 + r) * k + j0 + q]!;
      return { buf, off, ld };
    };
  }
  const dots: ExactDots = (is, js, out, count) => {
    for (let e = 0; e < count; e++) {
      trace.dotted.push([is[e]!, js[e]!]);
      out[e] = g[is[e]! * k + js[e]!]!;
    }
  };
  runTasks(job, slotOf(c), source, dots, (done, tasks) => trace.progress.push([done, tasks]));
  return { job, trace };
}

/** The entries of the pass in scan order (tasks, then column blocks, then rows, then columns). */
function scanOrder(c: Case): { i: number; j: number; task: number }[] {
  const out: { i: number; j: number; task: number }[] = [];
  for (let task = 0, i0 = c.row0; i0 < c.row1; task++, i0 += c.blockRows) {
    const i1 = Math.min(i0 + c.blockRows, c.row1);
    for (let j0 = 0; j0 < c.k; j0 += c.blockCols) {
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < Math.min(j0 + c.blockCols, c.k); j++)
          if (j !== c.pos[i]) out.push({ i, j, task });
      }
    }
  }
  return out;
}

const DD = hpContext(60);

/**
 * Each task's loss (its sum plus compensation, taken exactly) against the sum of softplus(z) over
 * its negatives, in decimal: z = t g - b rounded once (exact logits) or as the double expression
 * (plain). The bound: 4 u of each term (a kernel's softplus is within 2 ulps) but a lone term of a
 * row's block segment, which is z itself here (z = 2^53); the plain sum of a segment's terms,
 * (terms - 1) u of its mass (Higham); the compensated sums over segments and blocks, 8 u^2 of the
 * task's mass. A sum that drops the compensation is off by about an ulp of the total.
 */
function expectLoss(c: Case, job: ScanJob): void {
  const { t, b, exact: exactLogits } = c.loss!;
  const u = 2 ** -53;
  const tasks = Math.ceil((c.row1 - c.row0) / c.blockRows);
  const want = Array.from({ length: tasks }, () => new DD(0));
  const tol = new Float64Array(tasks);
  const segments = new Map<string, { task: number; terms: number[] }>();
  for (const { i, j, task } of scanOrder(c)) {
    const g = c.a[i * c.k + j]!;
    const z = exactLogits ? exact(DD, t).times(exact(DD, g)).minus(exact(DD, b)).toNumber() : t * g - b;
    want[task] = want[task]!.plus(exact(DD, softplus(z)));
    const key = `${i} ${Math.floor(j / c.blockCols)}`;
    if (!segments.has(key)) segments.set(key, { task, terms: [] });
    segments.get(key)!.terms.push(softplus(z));
  }
  for (const { task, terms } of segments.values()) {
    const nz = terms.filter((x) => x !== 0);
    const mass = nz.reduce((x, y) => x + y, 0);
    tol[task]! += nz.length <= 1 ? 0 : (nz.length + 3) * u * mass;
    tol[task]! += 8 * u * u * mass;
  }
  for (let task = 0; task < tasks; task++) {
    const s = job.taskSums.subarray(task * TASK_STRIDE, task * TASK_STRIDE + TASK_STRIDE);
    const got = exact(DD, s[2]!).plus(exact(DD, s[3]!));
    const diff = got.minus(want[task]!).abs().toNumber();
    expect(diff, `task ${task}: ${got} vs ${want[task]}`).toBeLessThanOrEqual(tol[task]!);
  }
}

/** Checks every array of the job after a pass without narrowing (the kept window stays [wlo, whi)). */
function expectPass(c: Case, job: ScanJob, trace: Trace): void {
  const { k, a, g } = c;
  const entries = scanOrder(c);
  const approx = c.eps > 0;
  const eps2 = 2 * c.eps;
  const tasks = Math.ceil((c.row1 - c.row0) / c.blockRows);
  // blocks asked for, in order
  const blocks: number[][] = [];
  for (let i0 = c.row0; i0 < c.row1; i0 += c.blockRows)
    for (let j0 = 0; j0 < k; j0 += c.blockCols)
      blocks.push([i0, Math.min(c.blockRows, c.row1 - i0), j0, Math.min(c.blockCols, k - j0)]);
  expect(trace.blocks).toEqual(blocks);
  expect(Array.from(job.ctrl)).toEqual([tasks + 1, tasks, 0, 0]);
  expect(trace.progress).toEqual(Array.from({ length: tasks }, (_, q) => [q + 1, tasks]));

  // maxima, brute force
  const rowMax = new Map<number, number>();
  const rowApx = new Map<number, number>();
  const colMax = Array.from({ length: k }, (_, j) => c.colInit?.[j] ?? Number.NEGATIVE_INFINITY);
  const colApx = Array.from({ length: k }, (_, j) => c.colApxInit?.[j] ?? Number.NEGATIVE_INFINITY);
  for (const { i, j } of entries) {
    rowMax.set(i, Math.max(rowMax.get(i) ?? Number.NEGATIVE_INFINITY, g[i * k + j]!));
    rowApx.set(i, Math.max(rowApx.get(i) ?? Number.NEGATIVE_INFINITY, a[i * k + j]!));
    colMax[j] = Math.max(colMax[j]!, g[i * k + j]!);
    colApx[j] = Math.max(colApx[j]!, a[i * k + j]!);
  }
  for (let i = 0; i < c.n; i++) {
    const inPass = i >= c.row0 && i < c.row1;
    expect(job.rowNegMax[i], `row ${i}`).toBe(inPass ? rowMax.get(i) : SENTINEL);
    if (approx)
      expect(job.rowNegApprox[i], `row ${i} (block entries)`).toBe(inPass ? rowApx.get(i) : SENTINEL);
  }
  const slot = slotOf(c);
  const [colMine, colOther] = parts(job.colNegMax, k, slot);
  expect(Array.from(colOther)).toEqual(Array(k).fill(SENTINEL));
  expect(Array.from(colMine)).toEqual(colMax);
  if (approx) {
    const [apxMine, apxOther] = parts(job.colNegApprox, k, slot);
    expect(Array.from(apxOther)).toEqual(Array(k).fill(SENTINEL));
    expect(Array.from(apxMine)).toEqual(colApx);
  }
  // recomputed exactly: the entries within 2 eps of their row's or column's final maximum of block
  // entries (every one was nominated, since running maxima only grow), in scan order
  const dotted = approx
    ? entries
        .filter(({ i, j }) => a[i * k + j]! >= rowApx.get(i)! - eps2 || a[i * k + j]! >= colApx[j]! - eps2)
        .map(({ i, j }) => [i, j])
    : [];
  expect(trace.dotted).toEqual(dotted);

  // per-task sums of the block entries: the sum and its compensation add up to the exact sum (each
  // block's own plain sum is exact for these entries; the compensation takes the rounding of the
  // sum across blocks exactly)
  for (let task = 0; task < tasks; task++) {
    const want = entries
      .filter((e) => e.task === task)
      .reduce((x, { i, j }) => x.plus(exact(DD, a[i * k + j]!)), new DD(0));
    const [s0, s1] = job.taskSums.subarray(task * TASK_STRIDE, task * TASK_STRIDE + 2);
    expect(exact(DD, s0!).plus(exact(DD, s1!)).toString(), `task ${task}`).toBe(want.toString());
  }

  // the slot's scalars, window counts, histogram and kept entries
  const tr = c.trim;
  const min = Math.min(...entries.map(({ i, j }) => a[i * k + j]!));
  const wlo = tr?.wlo ?? Number.NEGATIVE_INFINITY;
  const whi = tr?.whi ?? Number.POSITIVE_INFINITY;
  const inWin = tr ? entries.filter(({ i, j }) => a[i * k + j]! >= wlo && a[i * k + j]! < whi) : [];
  const below = tr ? entries.filter(({ i, j }) => a[i * k + j]! < wlo).length : 0;
  const scalars = [min, inWin.length, below, wlo, whi, entries.length, inWin.length];
  const [scMine, scOther] = parts(job.slotScalars, SLOT_STRIDE, slot);
  expect(Array.from(scOther)).toEqual(Array(SLOT_STRIDE).fill(SENTINEL));
  expect(Array.from(scMine)).toEqual(scalars);
  const cap = tr?.keptCap ?? 0;
  const kept = inWin.slice(0, cap);
  const [keptMine, keptOther] = parts(job.kept, cap, slot);
  const [idxMine, idxOther] = parts(job.keptIdx, cap, slot);
  expect(Array.from(keptOther)).toEqual(Array(cap).fill(SENTINEL));
  expect(Array.from(idxOther)).toEqual(Array(cap).fill(SENTINEL));
  expect(Array.from(keptMine.subarray(0, kept.length))).toEqual(kept.map(({ i, j }) => a[i * k + j]));
  expect(Array.from(idxMine.subarray(0, kept.length))).toEqual(kept.map(({ i, j }) => i * k + j));
  expect(Array.from(keptMine.subarray(kept.length))).toEqual(Array(cap - kept.length).fill(SENTINEL));
  if (tr?.useHist)
    expectHist(
      job,
      inWin.map(({ i, j }) => a[i * k + j]!),
      tr,
      slot,
    );
  if (c.loss) expectLoss(c, job);
  else
    expect(Array.from(job.taskSums).filter((_, q) => q % TASK_STRIDE >= 2)).toEqual(Array(2 * tasks).fill(0));
}

/** The slot's histogram holds exactly the window entries' buckets, clamped to [0, BUCKETS); the other's is left. */
function expectHist(job: ScanJob, values: number[], tr: Trim, slot: number): void {
  const want = new Map<number, number>();
  for (const x of values) {
    const q = Math.min(BUCKETS - 1, Math.max(0, Math.floor((x - tr.hlo) * tr.hscale)));
    want.set(q, (want.get(q) ?? 0) + 1);
  }
  const [mine, other] = parts(job.hist, BUCKETS, slot);
  const got = new Map<number, number>();
  for (let q = 0; q < BUCKETS; q++) if (mine[q] !== 0) got.set(q, mine[q]!);
  expect(new Map([...got].sort((x, y) => x[0] - y[0]))).toEqual(
    new Map([...want].sort((x, y) => x[0] - y[0])),
  );
  expect(other.every((x) => x === SENTINEL)).toBe(true);
}

/** n x k multiples of 1/64 in [-1, 1] + shift, and block entries off by at most eps (a multiple of 1/64). */
function grid(n: number, k: number, seed: number, eps: number, shift = 0) {
  const rng = new Rng(seed);
  const g = Float64Array.from({ length: n * k }, () => rng.int(-32, 32) / 32 + shift);
  const steps = Math.round(eps * 64);
  const a = Float64Array.from(g, (x) => x + rng.int(-steps, steps) / 64);
  return { g, a };
}

// 7 rows, the pass over rows 1 .. 6 in tasks of 4 and 2 rows; 11 columns in blocks of 4, 4, 3.
// Positives on a block's first and last columns and just past a block's end.
const N = 7;
const K = 11;
const POS = [2, 0, 3, 4, 10, 7, 8];
const base = { n: N, k: K, pos: POS, blockRows: 4, blockCols: 4, row0: 1, row1: 7 };

describe('runTasks, the plain loop', () => {
  it('entries exactly 2 eps below a running maximum that is already the final one are recomputed', () => {
    // -1 everywhere but: row 1 has 0.5 then 0.5 - 2 eps (columns 1, 2; column 2's maximum is 0.875,
    // row 5); column 6 has 0.25 (row 2) then 0.25 - 2 eps (row 3, whose maximum 0.875 is in block 0)
    const g = new Float64Array(N * K).fill(-1);
    const eps = 1 / 64;
    g[1 * K + 1] = 0.5;
    g[1 * K + 2] = 0.5 - 2 * eps;
    g[5 * K + 2] = 0.875;
    g[2 * K + 6] = 0.25;
    g[3 * K + 6] = 0.25 - 2 * eps;
    g[3 * K + 0] = 0.875;
    const c: Case = { ...base, g, a: g, eps };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
    expect(trace.dotted).toContainEqual([1, 2]);
    expect(trace.dotted).toContainEqual([3, 6]);
  });

  it("approximate entries from a slot's earlier column maxima", () => {
    const { g, a } = grid(N, K, 13, 1 / 64);
    const colApxInit = Array.from({ length: K }, (_, j) => [0.75, -0.5, 2, 1][j % 4]!);
    const colInit = colApxInit.map((x, j) => x + (j % 3) / 64 - 1 / 64);
    const c: Case = { ...base, g, a, eps: 1 / 64, colApxInit, colInit, slot: 0 };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });

  it('a thread that finds every task taken publishes nothing', () => {
    const { g } = grid(N, K, 16, 0);
    const c: Case = { ...base, g, a: g, eps: 0 };
    const job = makeJob(c);
    job.ctrl[0] = job.tasks; // CTRL_NEXT: the other thread took them all
    job.ctrl[CTRL_DONE] = 1;
    const seen: number[][] = [];
    runTasks(
      job,
      1,
      () => {
        throw new Error('no block expected');
      },
      () => {},
      (done, tasks) => seen.push([done, tasks]),
    );
    expect(seen).toEqual([]);
    expect(Array.from(job.ctrl)).toEqual([job.tasks + 1, 1, 0, 0]);
  });

  it('publishing a task wakes waiters (Atomics.notify) only on shared memory', () => {
    const { g } = grid(N, K, 14, 0);
    const c: Case = { ...base, g, a: g, eps: 0 };
    const notify = Atomics.notify;
    const calls: unknown[][] = [];
    try {
      const spy = (ta: Int32Array, index: number, count?: number) => {
        calls.push([ta.buffer instanceof SharedArrayBuffer, index]);
        return notify(ta, index, count);
      };
      Atomics.notify = spy as typeof Atomics.notify;
      for (const shared of [false, true]) {
        calls.length = 0;
        const job = makeJob(c);
        const ctrl = shared ? new Int32Array(new SharedArrayBuffer(4 * CTRL_LEN)) : job.ctrl;
        const source: BlockSource = (i0, bi, j0, bj) => {
          const buf = new Float64Array(bi * bj);
          for (let r = 0; r < bi; r++)
            for (let q = 0; q < bj; q++) buf[r * bj + q] = g[(i0 + r) * K + j0 + q]!;
          return { buf, off: 0, ld: bj };
        };
        runTasks({ ...job, ctrl }, 1, source, () => {});
        expect(Array.from(ctrl)).toEqual([3, 2, 0, 0]);
        expect(calls).toEqual(
          shared
            ? [
                [true, CTRL_DONE],
                [true, CTRL_DONE],
              ]
            : [],
        );
      }
    } finally {
      Atomics.notify = notify;
    }
  });
  it('exact entries: maxima, sums, counts, scalars; nothing recomputed', () => {
    const { g } = grid(N, K, 1, 0);
    const c: Case = { ...base, g, a: g, eps: 0 };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });

  it('exact entries with a window, a histogram and a kept list', () => {
    const { g } = grid(N, K, 2, 0);
    const trim = { p: 0.5, wlo: -0.25, whi: 0.5, hlo: -1, hscale: 64, keptCap: 200, useHist: true };
    const c: Case = { ...base, g, a: g, eps: 0, trim };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });

  it('approximate entries: maxima exact, recomputed entries those within 2 eps of a final maximum', () => {
    // seed 5: every entry below 0 (an exact entry read where none was computed would be 0)
    for (const [seed, shift] of [
      [3, 0],
      [4, 0],
      [5, -2],
    ] as const) {
      const { g, a } = grid(N, K, seed, 1 / 64, shift);
      const trim = { p: 0.5, wlo: -0.5, whi: 0.25, hlo: -1, hscale: 32, keptCap: 200, useHist: true };
      const c: Case = { ...base, g, a, eps: 1 / 64, trim };
      const { job, trace } = run(c);
      expectPass(c, job, trace);
    }
  });
});

describe.skipIf(!built)('runTasks, the ledger loop', () => {
  it('exact entries (eps 0): the plain loop runs, whatever the source carries', () => {
    const { g } = grid(N, K, 11, 0);
    const c: Case = { ...base, g, a: g, eps: 0, ledger: { single: false, listCap: 8 } };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });

  it("a block that is not in the ledger's memory at offset 0 with stride bj: refused", () => {
    const { g } = grid(N, K, 15, 0);
    const c: Case = { ...base, g, a: g, eps: 1 / 64 };
    const ledger = createLedger(false, c.blockRows, c.blockCols, K)!;
    const elsewhere = new Float64Array(ledger.block.length + 8);
    for (const made of [
      (bj: number) => ({ buf: elsewhere, off: 0, ld: bj }),
      (bj: number) => ({ buf: ledger.block, off: 1, ld: bj }),
      (bj: number) => ({ buf: ledger.block, off: 0, ld: bj + 1 }),
    ]) {
      const source = Object.assign((_i0: number, _bi: number, _j0: number, bj: number) => made(bj), {
        ledger,
      });
      expect(() => runTasks(makeJob(c), 1, source, () => {})).toThrow('scan: block not in the ledger');
    }
  });

  it("the slot's column maxima from before the pass are the ledger's start, and come back", () => {
    // earlier maxima above, equal to, and below this pass's (block entries within eps of exact)
    const { g, a } = grid(N, K, 12, 1 / 64);
    const colApxInit = Array.from({ length: K }, (_, j) => [0.75, -0.5, 2, 1][j % 4]!);
    const colInit = colApxInit.map((x, j) => x + (j % 3) / 64 - 1 / 64);
    for (const slot of [0, 1] as const) {
      const c: Case = {
        ...base,
        g,
        a,
        eps: 1 / 64,
        colApxInit,
        colInit,
        slot,
        ledger: { single: false, listCap: 8 },
      };
      const { job, trace } = run(c);
      expectPass(c, job, trace);
    }
  });
  it('no window: the slot keeps an open kept window and counts nothing in it', () => {
    const { g, a } = grid(N, K, 9, 1 / 64);
    const c: Case = { ...base, g, a, eps: 1 / 64, ledger: { single: false, listCap: 8 } };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });

  for (const single of [false, true]) {
    it(`${single ? 'float32' : 'float64'} blocks, lists of two block rows: the plain loop's results`, () => {
      for (const [seed, shift] of [
        [6, 0],
        [7, 0],
        [8, -2],
      ] as const) {
        const { g, a } = grid(N, K, seed, 1 / 64, shift);
        const trim = { p: 0.5, wlo: -0.5, whi: 0.25, hlo: -1, hscale: 32, keptCap: 200, useHist: true };
        const c: Case = { ...base, g, a, eps: 1 / 64, trim, ledger: { single, listCap: 8 } };
        const { job, trace } = run(c);
        expectPass(c, job, trace);
      }
    });
  }
});

/**
 * The kept window and entries after a pass with narrowing, by sorting: after each column block
 * whose kept count lies in (keptCap - block size, keptCap], the window becomes the buckets of the
 * sorted negatives ranked r -+ floor(kept / 4) (r = floor(p (visited - 1))), at least minHalf
 * buckets each side of r's bucket, within the old window. Every negative here lies in [wlo, whi).
 */
function narrowedRef(c: Case, minHalf: number) {
  const tr = c.trim!;
  const { k, a } = c;
  const bucket = (x: number) => Math.floor((x - tr.hlo) * tr.hscale);
  let [klo, khi] = [tr.wlo, tr.whi];
  let kept: { x: number; idx: number }[] = [];
  let count = 0;
  const visited: number[] = [];
  const headroom = c.blockRows * c.blockCols;
  for (let j0 = 0; j0 < k; j0 += c.blockCols) {
    for (let i = c.row0; i < c.row1; i++) {
      for (let j = j0; j < Math.min(j0 + c.blockCols, k); j++) {
        if (j === c.pos[i]) continue;
        const x = a[i * k + j]!;
        if (!(x >= tr.wlo && x < tr.whi)) throw new Error('narrowedRef: every negative in the window');
        visited.push(x);
        if (x >= klo && x < khi) {
          if (count < tr.keptCap) kept.push({ x, idx: i * k + j });
          count++;
        }
      }
    }
    if (!(count <= tr.keptCap && count > tr.keptCap - headroom)) continue;
    const sorted = visited.slice().sort((x, y) => x - y);
    const r = Math.floor(tr.p * (sorted.length - 1));
    const quarter = Math.floor(count / 4);
    if (r + quarter >= sorted.length) throw new Error('narrowedRef: ranks inside the visited');
    const kq = bucket(sorted[r]!);
    const kLo = Math.min(bucket(sorted[Math.max(0, r - quarter)]!), kq - minHalf);
    const kHi = Math.max(bucket(sorted[r + quarter]!), kq + minHalf);
    const lo = Math.max(klo, tr.hlo + kLo / tr.hscale);
    const hi = Math.min(khi, tr.hlo + (kHi + 1) / tr.hscale);
    if (!(lo < hi) || (lo === klo && hi === khi)) continue;
    [klo, khi] = [lo, hi];
    kept = kept.filter(({ x }) => x >= lo && x < hi);
    count = kept.length;
  }
  return { klo, khi, count, kept };
}

// Two rows, 8 columns in blocks of 2 x 4 (7 negatives each: the positives are columns 0 and 5).
// Entries in bucket units (hlo 0): block 0 holds 300.5 .. 360.5, block 1 the rest, so the estimate
// moves from bucket 330 to 340 between the blocks. The positives (-5) would count below the window.
const NARROW_ROWS = [
  [-5, 300.5, 310.5, 320.5, 600.5, 263.5, 264, 396.5],
  [330.5, 340.5, 350.5, 360.5, 397, -5, 500.5, 380.5],
];

/** The same with entries on the bounds minHalf 68 gives after block 0, [262, 399), and one just below. */
const NARROW_ROWS_68 = NARROW_ROWS.map((row) =>
  row.map((v) => (v === 264 ? 262 : v === 397 ? 399 : v === 263.5 ? 261.5 : v)),
);

function narrowCase(hscale: number, eps: number, keptCap: number, ledger?: Case['ledger']): Case {
  const rows = eps > 0 ? NARROW_ROWS_68 : NARROW_ROWS;
  const g = Float64Array.from(rows.flat(), (v) => v / hscale);
  const trim = { p: 0.5, wlo: 0, whi: 1000 / hscale, hlo: 0, hscale, keptCap, useHist: true };
  const c = { n: 2, k: 8, g, a: g, pos: [0, 5], blockRows: 2, blockCols: 4, row0: 0, row1: 2, eps, trim };
  return ledger === undefined ? c : { ...c, ledger };
}

function expectNarrowed(
  c: Case,
  { job, trace }: { job: ScanJob; trace: Trace },
  minHalf: number,
): ReturnType<typeof narrowedRef> {
  const want = narrowedRef(c, minHalf);
  expect(trace.blocks).toEqual([
    [0, 2, 0, 4],
    [0, 2, 4, 4],
  ]);
  const slot = slotOf(c);
  const s = parts(job.slotScalars, SLOT_STRIDE, slot)[0];
  // minimum, window count, below it, kept window, visited, kept count
  const window = Array.from(c.a).filter((x) => x >= 0);
  expect(Array.from(s)).toEqual([Math.min(...window), 14, 0, want.klo, want.khi, 14, want.count]);
  const cap = c.trim!.keptCap;
  const n = Math.min(want.count, cap);
  const [keptMine, keptOther] = parts(job.kept, cap, slot);
  expect(Array.from(keptMine.subarray(0, n))).toEqual(want.kept.map(({ x }) => x));
  expect(Array.from(parts(job.keptIdx, cap, slot)[0].subarray(0, n))).toEqual(
    want.kept.map(({ idx }) => idx),
  );
  expect(Array.from(keptOther)).toEqual(Array(cap).fill(SENTINEL));
  expectHist(job, window, c.trim!, slot);
  return want;
}

describe('runTasks narrows a kept window that would overflow', () => {
  it('kept cap 10, exact entries: around bucket 330 after block 0, 340 after block 1 (worked by hand)', () => {
    // block 0: r = 3 of 7 (330.5), ranks 2 .. 4 in buckets 320 .. 340, minHalf 66: [264, 397);
    // block 1 keeps 264, 396.5, 380.5 (10 <= 10): r = 6 of 14 (340.5), ranks 4 .. 8 in buckets
    // 320 .. 360, minHalf 66: [274, 407) within [264, 397): [274, 397), 9 entries stay
    const c = narrowCase(1, 0, 10);
    const want = expectNarrowed(c, run(c), 66);
    expect([want.klo, want.khi, want.count]).toEqual([274, 397, 9]);
  });

  for (const keptCap of [6, 7, 8, 15, 40]) {
    it(`kept cap ${keptCap}, exact entries (minHalf 66)`, () => {
      const c = narrowCase(1, 0, keptCap);
      expectNarrowed(c, run(c), 66);
    });
  }

  // eps 0.375 at 2 buckets a unit: the band of the exact quantile is ceil(1.5) = 2 more buckets
  for (const keptCap of [7, 10, 15]) {
    it(`kept cap ${keptCap}, approximate entries (minHalf 68), plain loop`, () => {
      const c = narrowCase(2, 0.375, keptCap);
      expectNarrowed(c, run(c), 68);
    });
  }
  for (const single of [false, true]) {
    it.skipIf(!built)(`the ledger loop, ${single ? 'float32' : 'float64'} blocks (minHalf 68)`, () => {
      for (const keptCap of [7, 8, 10, 15]) {
        const c = narrowCase(2, 0.375, keptCap, { single, listCap: 8 });
        expectNarrowed(c, run(c), 68);
      }
    });
  }

  it('without the histogram the kept window never narrows; entries past the cap are counted', () => {
    const ledgers = built ? [undefined, { single: false, listCap: 8 }] : [undefined];
    for (const ledger of ledgers) {
      const at = narrowCase(1, 0.25, 7, ledger);
      const c: Case = { ...at, trim: { ...at.trim!, useHist: false } };
      const { job } = run(c);
      expect(Array.from(parts(job.slotScalars, SLOT_STRIDE, 1)[0])).toEqual([261.5, 14, 0, 0, 1000, 14, 14]);
      expect(Array.from(job.kept.subarray(7))).toEqual([300.5, 310.5, 320.5, 330.5, 340.5, 350.5, 360.5]);
    }
  });
});

describe('runTasks in slot 0, a window wider than the histogram, a kept list that overflows', () => {
  // the histogram covers [-0.5, 0.5): window entries below it go to bucket 0, those from 0.5 up
  // (0.5 itself is bucket 2^20) to the last bucket; 12 kept of the 20-odd window entries
  const trim = { p: 0.5, wlo: -1, whi: 1, hlo: -0.5, hscale: BUCKETS, keptCap: 12, useHist: true };
  /** Negatives on the histogram's top edge and on the window's: 0.5, -1 (in), 1 (out). */
  const edges = (x: Float64Array) => {
    x[1 * K + 1] = 0.5;
    x[2 * K + 1] = -1;
    x[3 * K + 0] = 1;
    return x;
  };
  it('the plain loop', () => {
    const g = edges(grid(N, K, 10, 0).g);
    const c: Case = { ...base, g, a: g, eps: 0, trim, slot: 0 };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });
  it.skipIf(!built)('the ledger loop', () => {
    const { g, a } = grid(N, K, 21, 1 / 64);
    edges(g);
    edges(a);
    const c: Case = { ...base, g, a, eps: 1 / 64, trim, slot: 0, ledger: { single: false, listCap: 8 } };
    const { job, trace } = run(c);
    expectPass(c, job, trace);
  });
});

describe('runTasks, the loss', () => {
  // Row 3: 2^54 at column 5 (softplus 2^54), -1000 elsewhere (softplus 0); row 4: 1 at columns 0 and
  // 8; every other negative 0 (ln 2 each). In task 0 the ln 2 of rows 1 and 2 come before 2^54 in
  // its block, and blocks of sum -3999 and 2^54 - 2000 meet (2^54 - 5999 is not a double): plain
  // sums lose the small terms (the ulp at 2^54 is 4), the compensations keep them.
  const g = Float64Array.from({ length: N * K }, (_, q) =>
    q === 3 * K + 5 ? 2 ** 54 : q >= 3 * K && q < 4 * K ? -1000 : q === 4 * K || q === 4 * K + 8 ? 1 : 0,
  );
  const ledgers = built
    ? [undefined, { single: false, listCap: 8 }, { single: true, listCap: 8 }]
    : [undefined];
  for (const ledger of ledgers) {
    it(`terms of 2^54, 1 and ln 2: each task's sums keep them (${ledger ? 'ledger' : 'plain'} loop${ledger?.single ? ', float32' : ''})`, () => {
      expect(softplus(-1000)).toBe(0);
      const c: Case = {
        ...base,
        g,
        a: g,
        eps: ledger ? 1 / 64 : 0,
        loss: { t: 1, b: 0, exact: false },
        ...(ledger && { ledger }),
      };
      const { job, trace } = run(c);
      expectPass(c, job, trace);
    });
  }

  it('t = 1e20, b = 9.6e19, entries 0.96: exact logits give -3552.7 (loss 0), plain ones 0 (ln 2)', () => {
    // the plain product t g rounds to 9.6e19 exactly: t g - b is 0 where the exact logit is -3552.7
    expect(1e20 * 0.96 - 9.6e19).toBe(0);
    const g96 = Float64Array.from({ length: N * K }, (_, q) => (q % 3 === 0 ? 0.96 : -1));
    for (const exactLogits of [true, false]) {
      const c: Case = { ...base, g: g96, a: g96, eps: 0, loss: { t: 1e20, b: 9.6e19, exact: exactLogits } };
      const { job } = run(c);
      expectLoss(c, job);
      const total =
        job.taskSums[2]! + job.taskSums[3]! + job.taskSums[TASK_STRIDE + 2]! + job.taskSums[TASK_STRIDE + 3]!;
      if (exactLogits) expect(total).toBe(0);
      else expect(total).toBeGreaterThan(10 * Math.LN2);
    }
  });
});

describe.skipIf(!built)('wasmSource', () => {
  it("blocks of odd width: entries at the arena's even row stride, in either slot", () => {
    // whole-number U (3 x 2) and V (5 x 2): every dot product is exact in any order
    const u = Float64Array.of(1, 2, 3, -1, 0, 4);
    const v = Float64Array.of(2, 1, -3, 5, 1, 1, 0, -2, 7, 3);
    const arena = createGramArena(u, 3, v, 5, 2, 2, 4, 6)!;
    for (const slot of [0, 1]) {
      const got = wasmSource(arena, slot)(1, 2, 1, 3);
      expect(got.ld).toBe(4);
      for (let r = 0; r < 2; r++)
        for (let q = 0; q < 3; q++) {
          const [i, j] = [1 + r, 1 + q];
          const want = u[2 * i]! * v[2 * j]! + u[2 * i + 1]! * v[2 * j + 1]!;
          expect(got.buf[got.off + r * got.ld + q], `slot ${slot}, G[${i}][${j}]`).toBe(want);
        }
    }
  });
});
