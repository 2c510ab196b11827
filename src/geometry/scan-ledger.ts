/**
 * The pair scan's per-entry bookkeeping in WebAssembly: one call of the kernel's scanBlock per
 * block (sums, minimum, loss, nominations, window entries), the block made by sgemm/dgemm straight
 * into this thread's wasm memory. JS then handles only the nominated and window entries.
 */
import { type Blas, type BlasBlocks, blasBlocks } from '../numeric/blas.js';
import { instantiateKernel, kernelModule, PAGE, WA } from '../numeric/float/wasm-gram.js';
import type { BlockSource } from './scan-core.js';

/** Entries of each output list (nominations, window entries) per call; at least 2 block columns. */
const LIST_CAP = 2 ** 17;

interface ScanExports {
  heapBase(): number;
  scanBlockF32: ScanBlockFn;
  scanBlockF64: ScanBlockFn;
}

type ScanBlockFn = (
  blk: number,
  bi: number,
  bj: number,
  r0: number,
  posc: number,
  rowApx: number,
  colApx: number,
  cand: number,
  win: number,
  cap: number,
  t: number,
  b: number,
  eps2: number,
  wlo: number,
  whi: number,
  wantLoss: number,
  wantTrim: number,
  stats: number,
) => number;

/** What one call of {@link Ledger.scan} found (the lists are views of the ledger's memory). */
export interface LedgerCall {
  /** The next row to scan (bi when the block is done). */
  readonly next: number;
  readonly sum: number;
  /** The loss of the rows scanned, each row's terms summed, rows added with a compensation. */
  readonly loss: number;
  readonly lossComp: number;
  readonly min: number;
  readonly below: number;
  /** Nominations `(r bj + c) << 2 | flags` (1 row, 2 column) and window entries `r bj + c`. */
  readonly cand: Int32Array;
  readonly candCount: number;
  readonly win: Int32Array;
  readonly winCount: number;
}

/** One thread's wasm memory: the block, the running maxima and the output lists. */
export interface Ledger {
  /** The block (row-major, row stride = block columns): sgemm/dgemm write here. */
  readonly block: Float32Array | Float64Array;
  /** Positive column of each block row (or -1), filled by the caller before {@link scan}. */
  readonly posc: Int32Array;
  /** Running maxima of the block entries of the task's rows, and of all k columns. */
  readonly rowApx: Float64Array;
  readonly colApx: Float64Array;
  /** Scans rows [r0, bi) of the block at columns [j0, j0 + bj) until the lists could overflow. */
  scan(
    bi: number,
    bj: number,
    j0: number,
    r0: number,
    o: {
      readonly t: number;
      readonly b: number;
      readonly eps2: number;
      readonly wlo: number;
      readonly whi: number;
      readonly wantLoss: boolean;
      readonly wantTrim: boolean;
    },
  ): LedgerCall;
}

/**
 * A ledger for blocks of up to `rows` x `cols` entries (float32 when `single`) over k columns, or
 * null when build/kernel.wasm is missing or has no scanBlock. `listCap` (at least 2 cols) lowers
 * the lists' length only to exercise the calls that resume a block in tests.
 */
export function createLedger(
  single: boolean,
  rows: number,
  cols: number,
  k: number,
  listCap = LIST_CAP,
): Ledger | null {
  const mod = kernelModule();
  if (mod === null) return null;
  const size = single ? 4 : 8;
  const align = (x: number): number => Math.ceil(x / 16) * 16;
  const cap = Math.max(listCap, 2 * cols);
  const bytes =
    align(rows * cols * size) + align(4 * rows) + align(8 * rows) + align(8 * k) + 2 * align(4 * cap) + 64;
  let memory: { readonly buffer: ArrayBuffer | SharedArrayBuffer };
  let ex: ScanExports;
  try {
    // the kernel's static data sits below heapBase (a few pages at most)
    const pages = Math.ceil(bytes / PAGE) + 4;
    memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
    ex = instantiateKernel<ScanExports>(mod, memory);
    if (typeof ex.scanBlockF32 !== 'function') return null;
  } catch {
    return null;
  }
  let p = align(ex.heapBase());
  const take = (n: number): number => {
    const at = p;
    p += align(n);
    return at;
  };
  const pBlk = take(rows * cols * size);
  const pPos = take(4 * rows);
  const pRow = take(8 * rows);
  const pCol = take(8 * k);
  const pCand = take(4 * cap);
  const pWin = take(4 * cap);
  const pStats = take(64);
  const buf = memory.buffer;
  const block = single ? new Float32Array(buf, pBlk, rows * cols) : new Float64Array(buf, pBlk, rows * cols);
  const stats = new Float64Array(buf, pStats, 6);
  const counts = new Int32Array(buf, pStats + 32, 2);
  const cand = new Int32Array(buf, pCand, cap);
  const win = new Int32Array(buf, pWin, cap);
  const rowApx = new Float64Array(buf, pRow, rows);
  const fn = single ? ex.scanBlockF32 : ex.scanBlockF64;
  return {
    block,
    posc: new Int32Array(buf, pPos, rows),
    rowApx,
    colApx: new Float64Array(buf, pCol, k),
    scan: (bi, bj, j0, r0, o) => {
      const next = fn(
        pBlk,
        bi,
        bj,
        r0,
        pPos,
        pRow,
        pCol + 8 * j0,
        pCand,
        pWin,
        cap,
        o.t,
        o.b,
        o.eps2,
        o.wlo,
        o.whi,
        o.wantLoss ? 1 : 0,
        o.wantTrim ? 1 : 0,
        pStats,
      );
      return {
        next,
        sum: stats[0]!,
        loss: stats[1]!,
        lossComp: stats[5]!,
        min: stats[2]!,
        below: stats[3]!,
        cand,
        candCount: counts[0]!,
        win,
        winCount: counts[1]!,
      };
    },
  };
}

/**
 * OpenBLAS blocks made straight into a ledger's memory (the bookkeeping then runs in wasm), or the
 * plain OpenBLAS source when no ledger can be made.
 */
export function ledgerBlasSource(blas: Blas, blocks: BlasBlocks, k: number): BlockSource {
  const single = blocks.u instanceof Float32Array;
  const ledger = createLedger(single, blocks.rows, blocks.cols, k);
  const { source } = blasBlocks(blas, blocks, ledger?.block);
  return ledger === null ? source : Object.assign(source, { ledger });
}
