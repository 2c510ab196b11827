import { Worker } from 'node:worker_threads';
import {
  kernelModule,
  MAX_PAGES,
  PAGE,
  WA,
  type WasmMemory,
  type WasmModule,
} from '../numeric/float/wasm-gram.js';
import {
  type InfoNceScratch,
  infoNceScratch,
  infonceWeights,
  type PairKernel,
  type PairOut,
} from './kernel.js';

/** The exports of assembly/kernel.ts (pointers are byte offsets into the shared memory). */
interface KernelExports {
  heapBase(): number;
  transpose(src: number, dst: number, rows: number, cols: number, lds: number, ldd: number): void;
  transposeTiles(w: number, n: number, tb0: number, tb1: number): void;
  rowsForward(
    pU: number,
    pV: number,
    pW: number,
    pVt: number,
    pGU: number,
    stats: number,
    np: number,
    ld: number,
    n: number,
    t: number,
    b: number,
    c: number,
    mode: number,
    wantLoss: number,
    wantGU: number,
    r0: number,
    r1: number,
  ): void;
  rowsGU(pW: number, pVt: number, pGU: number, np: number, ld: number, r0: number, r1: number): void;
  rowsGV(pW: number, pUt: number, pGV: number, np: number, ld: number, r0: number, r1: number): void;
  expSimd(x: number): number;
}

const loadModule = kernelModule;

function instantiate(mod: WasmModule, memory: WasmMemory): KernelExports {
  return new WA.Instance(mod, { env: { memory } }).exports as KernelExports;
}

/** A bare instance's test hook (the SIMD exp), or null without the wasm build. */
export function wasmExports(): { expSimd(x: number): number } | null {
  const mod = loadModule();
  if (mod === null) return null;
  return instantiate(mod, new WA.Memory({ initial: 1, maximum: 1, shared: true }));
}

/** True when the WebAssembly kernel is built and loads on this Node. */
export function wasmAvailable(): boolean {
  return loadModule() !== null;
}

/** Doubles per row of statistics written by rowsForward (see assembly/kernel.ts). */
const STATS = 5;

function bytesFor(n: number, d: number): number {
  const np = n + (n & 1);
  const ld = d + (d & 1);
  return (6 * np * ld + np * np + STATS * np) * 8 + 2 * PAGE;
}

/** Whether an (n, d) pair fits the wasm32 memory of {@link createWasmKernel}. */
export function wasmFits(n: number, d: number): boolean {
  return bytesFor(n, d) <= (MAX_PAGES - 1) * PAGE;
}

/**
 * Work (N^2 d) from which a step is split over two threads: below it the wake-up latency
 * (tens of microseconds) costs more than the halved arithmetic. Not the pair scan's threshold
 * (geometry/pairs.ts, 2^31 multiply-adds): that scan starts a worker per pass (50-500 ms), while
 * this helper is started once per solve and only woken per step.
 */
export const PARALLEL_MIN_WORK = 2 ** 24;

// The helper thread: plain JS (no loader needed), the same module on the same shared memory.
// Protocol on an Int32Array: [0] command sequence, [1] function id, [2] done sequence, [3] error.
// Arguments in a Float64Array. It calls the same exported functions the main thread calls, on the
// other half of the rows, so results do not depend on the split.
const HELPER = `
const { workerData } = require('node:worker_threads');
const { module, memory, ctrl: cb, args: ab } = workerData;
const ex = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctrl = new Int32Array(cb);
const a = new Float64Array(ab);
const fns = [null, ex.rowsForward, ex.transposeTiles, ex.rowsGV];
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  const f = ctrl[1];
  if (f === 0) break;
  try {
    const k = a[0];
    const args = [];
    for (let i = 1; i <= k; i++) args.push(a[i]);
    fns[f](...args);
  } catch (e) {
    ctrl[3] = 1;
  }
  Atomics.store(ctrl, 2, seen);
  Atomics.notify(ctrl, 2);
}
`;

const FN_FORWARD = 1;
const FN_TRANSPOSE = 2;
const FN_GV = 3;
/** A helper that has not answered in this long is dead: fail loudly rather than hang. */
const HELPER_TIMEOUT_MS = 600_000;

class Helper {
  private readonly worker: Worker;
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(16));
  private readonly args = new Float64Array(new SharedArrayBuffer(8 * 32));
  private seq = 0;

  constructor(mod: WasmModule, memory: WasmMemory) {
    this.worker = new Worker(HELPER, {
      eval: true,
      workerData: { module: mod, memory, ctrl: this.ctrl.buffer, args: this.args.buffer },
    });
    this.worker.unref();
  }

  /** Starts fn(...args) on the helper; pair with {@link Helper.join}. */
  post(fn: number, args: readonly number[]): void {
    this.args[0] = args.length;
    for (let i = 0; i < args.length; i++) this.args[i + 1] = args[i]!;
    this.ctrl[1] = fn;
    this.seq++;
    Atomics.store(this.ctrl, 0, this.seq);
    Atomics.notify(this.ctrl, 0);
  }

  join(): void {
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(this.ctrl, 2);
      if (done === this.seq) break;
      if (Date.now() - t0 > HELPER_TIMEOUT_MS) throw new Error('wasm kernel: helper thread did not answer');
      Atomics.wait(this.ctrl, 2, done, 1000);
    }
    if (this.ctrl[3] !== 0) throw new Error('wasm kernel: helper thread failed');
  }

  stop(): void {
    this.ctrl[1] = 0;
    this.seq++;
    Atomics.store(this.ctrl, 0, this.seq);
    Atomics.notify(this.ctrl, 0);
    void this.worker.terminate();
  }
}

/**
 * The WebAssembly SIMD kernel (f64x2, AssemblyScript), or null when build/kernel.wasm is missing.
 * Each kernel owns one shared memory: U, V, their transposes, the gradients, one N x N buffer and
 * per-row statistics, padded to even sizes with zeros, laid out once per (n, d). With `threads` 2
 * and N^2 d >= {@link PARALLEL_MIN_WORK}, a helper thread takes half the rows of every phase; the
 * per-row statistics are summed in row order, so the result is bit-identical to one thread.
 * Call `dispose` to stop the helper.
 */
export function createWasmKernel(threads: 1 | 2 = 1): PairKernel | null {
  const mod = loadModule();
  if (mod === null) return null;
  let ex: KernelExports | null = null;
  let helper: Helper | null = null;
  let maxBytes = 0;
  let ln = -1;
  let lastD = -1;
  let ld = 0;
  let np = 0;
  let pU = 0;
  let pV = 0;
  let pUt = 0;
  let pVt = 0;
  let pGU = 0;
  let pGV = 0;
  let pW = 0;
  let pStats = 0;
  let split = 0;
  let tileSplit = 0;
  let nTiles = 0;
  let mem: Float64Array<ArrayBufferLike> = new Float64Array(0);
  let scratch: InfoNceScratch | undefined;

  function layout(n: number, d: number): KernelExports {
    if (ex !== null && n === ln && d === lastD) return ex;
    if (!wasmFits(n, d)) throw new RangeError(`wasm kernel: N = ${n}, d = ${d} exceeds wasm32 memory`);
    np = n + (n & 1);
    ld = d + (d & 1);
    ln = n;
    lastD = d;
    const need = bytesFor(n, d);
    if (ex === null || need > maxBytes) {
      // a fresh memory sized to this layout (shared memories cannot shrink; grow by replacing)
      helper?.stop();
      helper = null;
      const pages = Math.ceil(need / PAGE) + 1;
      const memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
      ex = instantiate(mod!, memory);
      maxBytes = pages * PAGE;
      mem = new Float64Array(memory.buffer);
      if (threads === 2 && np * np * ld >= PARALLEL_MIN_WORK) helper = new Helper(mod!, memory);
    }
    const base = (ex.heapBase() + 15) & ~15;
    const blk = np * ld * 8;
    pU = base;
    pV = pU + blk;
    pUt = pV + blk;
    pVt = pUt + blk;
    pGU = pVt + blk;
    pGV = pGU + blk;
    pStats = pGV + blk;
    pW = pStats + ((STATS * np * 8 + 15) & ~15);
    mem.fill(0, base / 8, (pW + np * np * 8) / 8);
    // rows split at an even index near the middle; tile rows of the triangle split by area
    split = Math.min(np, 2 * Math.round(np / 4));
    nTiles = Math.ceil(np / 32);
    let area = 0;
    const total = (nTiles * (nTiles + 1)) / 2;
    tileSplit = nTiles;
    for (let tb = 0; tb < nTiles; tb++) {
      area += nTiles - tb;
      if (area >= total / 2) {
        tileSplit = tb + 1;
        break;
      }
    }
    return ex;
  }

  function copyIn(src: Float64Array, p: number, n: number, d: number): void {
    const o = p / 8;
    if (d === ld) mem.set(src.subarray(0, n * d), o);
    else for (let i = 0; i < n; i++) mem.set(src.subarray(i * d, i * d + d), o + i * ld);
  }

  function addOut(p: number, dst: Float64Array, n: number, d: number): void {
    const o = p / 8;
    for (let i = 0; i < n; i++) {
      const s = o + i * ld;
      const r = i * d;
      for (let k = 0; k < d; k++) dst[r + k]! += mem[s + k]!;
    }
  }

  /** gV = W^T U: transpose W in place (tile rows split), then the rows of W^T (row split). */
  function backV(e: KernelExports, gv: Float64Array, n: number, d: number): void {
    e.transpose(pU, pUt, np, ld, ld, np);
    if (helper !== null) {
      helper.post(FN_TRANSPOSE, [pW, np, tileSplit, nTiles]);
      e.transposeTiles(pW, np, 0, tileSplit);
      helper.join();
      helper.post(FN_GV, [pW, pUt, pGV, np, ld, split, np]);
      e.rowsGV(pW, pUt, pGV, np, ld, 0, split);
      helper.join();
    } else {
      e.transposeTiles(pW, np, 0, nTiles);
      e.rowsGV(pW, pUt, pGV, np, ld, 0, np);
    }
    addOut(pGV, gv, n, d);
  }

  return {
    name: 'wasm',
    sigmoid(u, v, n, d, t, b, c, gu, gv, out: PairOut, wantLoss = true) {
      const e = layout(n, d);
      copyIn(u, pU, n, d);
      copyIn(v, pV, n, d);
      if (gu !== null) e.transpose(pV, pVt, np, ld, ld, np);
      const wl = wantLoss ? 1 : 0;
      const wg = gu !== null ? 1 : 0;
      if (helper !== null) {
        helper.post(FN_FORWARD, [pU, pV, pW, pVt, pGU, pStats, np, ld, n, t, b, c, 1, wl, wg, split, np]);
        e.rowsForward(pU, pV, pW, pVt, pGU, pStats, np, ld, n, t, b, c, 1, wl, wg, 0, split);
        helper.join();
      } else {
        e.rowsForward(pU, pV, pW, pVt, pGU, pStats, np, ld, n, t, b, c, 1, wl, wg, 0, np);
      }
      // row statistics summed in row order: independent of the thread split
      let loss = 0;
      let dt = 0;
      let sum = 0;
      let minPos = Infinity;
      let maxNeg = -Infinity;
      const o = pStats / 8;
      for (let i = 0; i < n; i++) {
        const r = o + i * STATS;
        loss += mem[r]!;
        dt += mem[r + 1]!;
        sum += mem[r + 2]!;
        if (mem[r + 3]! < minPos) minPos = mem[r + 3]!;
        if (mem[r + 4]! > maxNeg) maxNeg = mem[r + 4]!;
      }
      out.loss = loss * c;
      out.dt = dt * c;
      out.db = -sum * c;
      out.minPos = minPos;
      out.maxNeg = maxNeg;
      if (gu !== null) addOut(pGU, gu, n, d);
      if (gv !== null) backV(e, gv, n, d);
    },
    infonce(u, v, n, d, t, c, gu, gv, out: PairOut) {
      const e = layout(n, d);
      copyIn(u, pU, n, d);
      copyIn(v, pV, n, d);
      e.rowsForward(pU, pV, pW, pVt, pGU, pStats, np, ld, n, t, 0, c, 0, 0, 0, 0, np);
      scratch = infoNceScratch(n, scratch);
      infonceWeights(mem.subarray(pW / 8), n, np, t, c, scratch, out);
      if (gu !== null) {
        e.transpose(pV, pVt, np, ld, ld, np);
        e.rowsGU(pW, pVt, pGU, np, ld, 0, np);
        addOut(pGU, gu, n, d);
      }
      if (gv !== null) backV(e, gv, n, d);
    },
    dispose() {
      helper?.stop();
      helper = null;
    },
  };
}
