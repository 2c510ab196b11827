import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node's typings here lack the WebAssembly values: declare the little this file uses.
/** A WebAssembly.Memory (shared when built with `shared: true`). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
/** A compiled WebAssembly.Module (structured-cloneable to worker threads). */
export type WasmModule = object;
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { readonly exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
/** The global WebAssembly namespace, typed for this project's use. */
export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Bytes per WebAssembly page. */
export const PAGE = 65536;
/** wasm32 addresses 4 GiB; beyond that callers fall back to JS kernels. */
export const MAX_PAGES = 65536;

/**
 * Where `npm run build` puts the AssemblyScript kernel: `build/kernel.wasm` at the package root,
 * found by walking up from this file (src/numeric/float under tsx, dist/src/numeric/float compiled).
 */
export function kernelPath(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 6; up++) {
    const p = join(dir, 'build', 'kernel.wasm');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  return null;
}

let cachedModule: WasmModule | null | undefined;

/** The compiled kernel module (cached), or null when build/kernel.wasm is absent or fails to load. */
export function kernelModule(): WasmModule | null {
  if (cachedModule !== undefined) return cachedModule;
  const p = kernelPath();
  let m: WasmModule | null = null;
  try {
    if (p !== null) m = new WA.Module(readFileSync(p));
  } catch {
    m = null;
  }
  cachedModule = m;
  return m;
}

/** The block-product exports of assembly/kernel.ts (pointers are byte offsets). */
export interface AbtExports {
  heapBase(): number;
  /** C (m x n) = A (m x kd) B (n x kd)^T; m, n, kd, strides even; rows 16-byte aligned. */
  abt(
    a: number,
    b: number,
    c: number,
    m: number,
    n: number,
    kd: number,
    lda: number,
    ldb: number,
    ldc: number,
  ): void;
}

/** An instance of the kernel on `memory` (one per thread; instances share the memory). */
export function instantiateKernel<T extends object = AbtExports>(mod: WasmModule, memory: WasmMemory): T {
  return new WA.Instance(mod, { env: { memory } }).exports as T;
}

/**
 * U and V (f64, rows padded to an even stride `ld`, row counts padded to even with zero rows)
 * resident in one shared wasm memory, plus one output block of `blockRows x blockCols` doubles per
 * thread slot. Every thread instantiates the module on the same memory and writes only its slot.
 */
export interface GramArena {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  /** Rows of U, rows of V, dimension. */
  readonly n: number;
  readonly k: number;
  readonly d: number;
  /** Even row stride of U and V (doubles). */
  readonly ld: number;
  /** Byte offsets of U and V. */
  readonly pU: number;
  readonly pV: number;
  /** Byte offset of each slot's output block. */
  readonly pC: readonly number[];
  readonly blockRows: number;
  readonly blockCols: number;
}

/** Bytes a {@link GramArena} needs beyond the module's static data. */
function arenaBytes(n: number, k: number, d: number, slots: number, br: number, bc: number): number {
  const ld = d + (d & 1);
  return ((n + (n & 1)) * ld + (k + (k & 1)) * ld + slots * br * bc) * 8 + 4 * PAGE;
}

/**
 * Lays out U (n x d) and V (k x d) in a fresh shared wasm memory, or returns null when the kernel
 * is not built or the pair exceeds wasm32 memory. `blockRows`, `blockCols` must be even.
 */
export function createGramArena(
  u: Float64Array,
  n: number,
  v: Float64Array,
  k: number,
  d: number,
  slots: number,
  blockRows: number,
  blockCols: number,
): GramArena | null {
  const mod = kernelModule();
  if (mod === null) return null;
  if (blockRows % 2 !== 0 || blockCols % 2 !== 0) {
    throw new RangeError(`createGramArena: block sizes must be even, got ${blockRows} x ${blockCols}`);
  }
  const need = arenaBytes(n, k, d, slots, blockRows, blockCols);
  if (need > (MAX_PAGES - 1) * PAGE) return null;
  const pages = Math.ceil(need / PAGE);
  let memory: WasmMemory;
  try {
    memory = new WA.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return null; // address space refused: the JS kernel still works
  }
  const ex = instantiateKernel(mod, memory);
  const ld = d + (d & 1);
  const base = (ex.heapBase() + 15) & ~15;
  const pU = base;
  const pV = pU + (n + (n & 1)) * ld * 8;
  const pC: number[] = [];
  let p = pV + (k + (k & 1)) * ld * 8;
  for (let s = 0; s < slots; s++) {
    pC.push(p);
    p += blockRows * blockCols * 8;
  }
  const f64 = new Float64Array(memory.buffer);
  copyRows(f64, pU / 8, u, n, d, ld);
  copyRows(f64, pV / 8, v, k, d, ld);
  return { module: mod, memory, n, k, d, ld, pU, pV, pC, blockRows, blockCols };
}

function copyRows(
  dst: Float64Array,
  o: number,
  src: Float64Array,
  rows: number,
  d: number,
  ld: number,
): void {
  if (d === ld) dst.set(src.subarray(0, rows * d), o);
  else for (let i = 0; i < rows; i++) dst.set(src.subarray(i * d, i * d + d), o + i * ld);
  // the padding (odd column, odd last row) is the fresh memory's zeros
}

/**
 * A block product bound to one thread's instance and slot: `gram(i0, bi, j0, bj)` writes
 * G[i0 : i0+bi, j0 : j0+bj] of G = U V^T into the slot's buffer, row stride `bj + (bj & 1)`, and
 * returns the buffer's offset in doubles. Odd sizes read the arena's zero padding rows.
 *
 * @remarks Each entry is a float64 dot product summed in a different order from the JS kernel
 * (two SIMD lanes, chunks of 256 coordinates), so the two agree within Higham's gamma_d bound:
 * |computed - exact| <= gamma_d sum_k |u_k v_k| (<= gamma_d for unit vectors).
 */
export function bindGram(
  arena: GramArena,
  slot: number,
  ex: AbtExports = instantiateKernel(arena.module, arena.memory),
): (i0: number, bi: number, j0: number, bj: number) => number {
  const { ld, pU, pV } = arena;
  const pC = arena.pC[slot]!;
  if (pC === undefined) throw new RangeError(`bindGram: no slot ${slot}`);
  return (i0, bi, j0, bj) => {
    const m = bi + (bi & 1);
    const nc = bj + (bj & 1);
    ex.abt(pU + i0 * ld * 8, pV + j0 * ld * 8, pC, m, nc, ld, ld, ld, nc);
    return pC / 8;
  };
}

/**
 * The exact entry G_ij read from the arena's copy of U and V: the naive left-to-right float64 dot
 * product, bit-identical to the one over the caller's arrays (same values, same order).
 */
export function arenaDot(arena: GramArena): (i: number, j: number) => number {
  const f64 = new Float64Array(arena.memory.buffer);
  const { ld, d } = arena;
  const ou = arena.pU / 8;
  const ov = arena.pV / 8;
  return (i, j) => {
    const a = ou + i * ld;
    const b = ov + j * ld;
    let s = 0;
    for (let q = 0; q < d; q++) s += f64[a + q]! * f64[b + q]!;
    return s;
  };
}
