import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isMainThread } from 'node:worker_threads';
import { nativeLoad } from '../native-gate.js';

/**
 * C (m x n) = A B^T for row-major A (m x kd, row stride lda) and B (n x kd, row stride ldb):
 * `gemmAbt(a, aOff, b, bOff, c, m, n, kd, lda, ldb)`; offsets are in elements, C has stride n.
 */
export type GemmAbt<T extends Float32Array | Float64Array> = (
  a: T,
  aOff: number,
  b: T,
  bOff: number,
  c: T,
  m: number,
  n: number,
  kd: number,
  lda: number,
  ldb: number,
) => void;

/**
 * C = alpha op(A) op(B) + beta C in double precision, row-major, op(X) = X^T when its flag is set:
 * `dgemm(transA, transB, m, n, kd, alpha, a, lda, b, ldb, beta, c, ldc)` with C m x n, op(A)
 * m x kd, op(B) kd x n; leading dimensions are row strides of the arrays as stored.
 */
export type Dgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  kd: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
  beta: number,
  c: Float64Array,
  ldc: number,
) => void;

/** A loaded CBLAS: single and double precision A B^T, the general dgemm, and what it is. */
export interface Blas {
  readonly sgemmAbt: GemmAbt<Float32Array>;
  readonly dgemmAbt: GemmAbt<Float64Array>;
  readonly dgemm: Dgemm;
  /** Library file and its build string, e.g. `libopenblas.so.0 (OpenBLAS 0.3.21 ... Haswell)`. */
  readonly description: string;
  /** Threads the library was asked to use at load. */
  readonly threads: number;
  /** Sets the library's thread count (process-wide; 1 while two JS threads each call it). */
  readonly setThreads: (n: number) => void;
  /** The library's thread count now (0 when it does not say). */
  readonly threadsNow: () => number;
}

/** The BLAS, or why none could be loaded (printed as the fallback reason). */
export type BlasStatus =
  | { readonly ok: true; readonly blas: Blas }
  | { readonly ok: false; readonly reason: string };

/** Environment variable that disables the native BLAS (`SIGCHECK_BLAS=off`) or names the library file. */
export const BLAS_ENV = 'SIGCHECK_BLAS';
/** Threads asked of OpenBLAS: the two cores of the project machines. */
export const BLAS_THREADS = 2;
/** Library names tried in order (Debian's libopenblas0-pthread / -openmp, other systems). */
const CANDIDATES = ['libopenblas.so.0', 'libopenblas.so', 'libopenblas.dylib', 'libopenblas.0.dylib'];

// CBLAS enums.
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

let cached: BlasStatus | undefined;

/** OpenBLAS's own override of its CPU detection; sigcheck sets it only when it is unset. */
export const CORETYPE_ENV = 'OPENBLAS_CORETYPE';
const AVX512 = ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];

/**
 * The OpenBLAS core type for a CPU with these /proc/cpuinfo flags: SkylakeX with AVX-512 (F, CD,
 * BW, DQ, VL), Haswell with AVX2 and FMA, else null (the library's own detection). An OpenBLAS
 * older than the CPU model (Debian 12's 0.3.21 on a newer Xeon) runs its generic Prescott kernels
 * instead: sgemm measured 3.7 times slower on an AVX-512 Xeon.
 */
export function coreTypeFor(flags: ReadonlySet<string>): 'SkylakeX' | 'Haswell' | null {
  if (AVX512.every((f) => flags.has(f))) return 'SkylakeX';
  if (flags.has('avx2') && flags.has('fma')) return 'Haswell';
  return null;
}

/** The flags of the first `flags` line of a /proc/cpuinfo text, or null when it has none. */
export function cpuFlagsOf(cpuinfo: string): ReadonlySet<string> | null {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  return line === null ? null : new Set(line[1]!.trim().split(/\s+/));
}

/** This CPU's flags, or null off Linux x86-64 or when /proc/cpuinfo cannot be read. */
function cpuFlags(): ReadonlySet<string> | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  try {
    return cpuFlagsOf(readFileSync('/proc/cpuinfo', 'latin1'));
  } catch {
    return null;
  }
}

/**
 * The core type sigcheck sets before loading the library, or null to leave the library alone: only
 * on the main thread (a worker's process.env is a copy the C library never sees, and the main
 * thread loads first) and only when {@link CORETYPE_ENV} is unset or empty (a user's value is kept).
 */
export function coreTypeToSet(
  current: string | undefined,
  mainThread: boolean,
  flags: ReadonlySet<string> | null,
): string | null {
  if (!mainThread || (current ?? '') !== '' || flags === null) return null;
  return coreTypeFor(flags);
}

/** Sets {@link CORETYPE_ENV} as {@link coreTypeToSet} says (the library's constructor reads it). */
export function chooseCoreType(): string | null {
  const core = coreTypeToSet(process.env[CORETYPE_ENV], isMainThread, cpuFlags());
  if (core !== null) process.env[CORETYPE_ENV] = core;
  return core;
}

interface KoffiLib {
  func(signature: string): (...args: unknown[]) => unknown;
}
interface Koffi {
  load(path: string): KoffiLib;
}

/**
 * Loads OpenBLAS through the `koffi` FFI (an optional dependency that ships prebuilt binaries),
 * once per thread, and (on the main thread) sets its thread count to {@link BLAS_THREADS}. Never throws: when koffi or
 * the library is missing, or `SIGCHECK_BLAS=off`, it says why and callers fall back to the wasm
 * kernel. `SIGCHECK_BLAS=/path/libopenblas.so` loads that file instead of searching.
 */
export function loadBlas(): BlasStatus {
  if (cached !== undefined) return cached;
  cached = nativeLoad(tryLoad) ?? { ok: false, reason: 'this helper thread is being stopped' };
  return cached;
}

function tryLoad(): BlasStatus {
  const env = process.env[BLAS_ENV];
  if (env === 'off' || env === '0') return { ok: false, reason: `disabled by ${BLAS_ENV}=${env}` };
  let koffi: Koffi;
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi;
  } catch {
    return { ok: false, reason: 'the optional package koffi is not installed' };
  }
  const names = env !== undefined && env !== '' ? [env] : CANDIDATES;
  const core = chooseCoreType();
  let lib: KoffiLib | null = null;
  let name = '';
  for (const n of names) {
    try {
      lib = koffi.load(n);
      name = n;
      break;
    } catch {
      // try the next name
    }
  }
  if (lib === null) {
    return {
      ok: false,
      reason: `no OpenBLAS library found (${names.join(', ')}; Debian: apt-get install libopenblas0-pthread)`,
    };
  }
  try {
    const sg = lib.func(
      'void cblas_sgemm(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int)',
    );
    const dg = lib.func(
      'void cblas_dgemm(int, int, int, int, int, int, double, const double*, int, const double*, int, double, double*, int)',
    );
    let config = 'OpenBLAS';
    let setThreads = (_n: number): void => {};
    let threadsNow = (): number => 0;
    try {
      const set = lib.func('void openblas_set_num_threads(int)');
      setThreads = (n) => {
        set(n);
      };
      const get = lib.func('int openblas_get_num_threads()');
      threadsNow = () => Number(get());
      // Only the main thread sets the count at load: a helper thread loading the library while
      // the main thread runs single-threaded sgemm would switch it back to two mid-pass, and sgemm
      // on two threads rounds some entries differently (the sums would then depend on timing).
      if (isMainThread) setThreads(BLAS_THREADS);
      config = String(lib.func('const char* openblas_get_config()')());
    } catch {
      // another CBLAS: it keeps its own threading
    }
    const sgemmAbt: GemmAbt<Float32Array> = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
      sg(ROW_MAJOR, NO_TRANS, TRANS, m, n, kd, 1, a.subarray(aOff), lda, b.subarray(bOff), ldb, 0, c, n);
    };
    const dgemmAbt: GemmAbt<Float64Array> = (a, aOff, b, bOff, c, m, n, kd, lda, ldb) => {
      dg(ROW_MAJOR, NO_TRANS, TRANS, m, n, kd, 1, a.subarray(aOff), lda, b.subarray(bOff), ldb, 0, c, n);
    };
    const dgemm: Dgemm = (transA, transB, m, n, kd, alpha, a, lda, b, ldb, beta, c, ldc) => {
      const ta = transA ? TRANS : NO_TRANS;
      const tb = transB ? TRANS : NO_TRANS;
      dg(ROW_MAJOR, ta, tb, m, n, kd, alpha, a, lda, b, ldb, beta, c, ldc);
    };
    return {
      ok: true,
      blas: {
        sgemmAbt,
        dgemmAbt,
        dgemm,
        description: `${name} (${config.trim()})${core === null ? '' : `, core ${core} from the CPU flags`}`,
        threads: BLAS_THREADS,
        setThreads,
        threadsNow,
      },
    };
  } catch (e) {
    return { ok: false, reason: `${name} has no usable cblas_sgemm/cblas_dgemm (${String(e)})` };
  }
}

const twins = new WeakMap<Float64Array, Float32Array | null>();
/** Arrays their owner declared final ({@link markFinal}). */
const final = new WeakSet<Float64Array>();
/** Final arrays whose kept copy was checked after they became final. */
const checked = new WeakSet<Float64Array>();

/**
 * The float32 copy of `x` when every value of `x` is a float32 value (then the copy is exact and
 * sgemm sees the same numbers), else null; on a SharedArrayBuffer so a helper thread can read it.
 * Kept per array, so the scan and the separator share one copy; a kept copy is checked against
 * `x` before reuse (a compare is cheaper than a new copy, and `x` may have been changed), except
 * once checked after {@link markFinal}.
 */
export function float32Twin(x: Float64Array): Float32Array | null {
  const known = twins.get(x);
  if (known !== undefined && (known === null || checked.has(x) || sameValues(known, x))) {
    if (final.has(x)) checked.add(x);
    return known;
  }
  // Round natively, then check every value came back unchanged (faster than fround per element).
  const out = new Float32Array(new SharedArrayBuffer(4 * x.length));
  out.set(x);
  const exact = sameValues(out, x);
  const twin = exact ? out : null;
  twins.set(x, twin);
  if (final.has(x)) checked.add(x);
  return twin;
}

/**
 * Declares that `x` will not change again (analyze, once its rows are read or normalised): its
 * float32 copy is then checked once more and trusted after, where every use re-checked it.
 */
export function markFinal(x: Float64Array): void {
  final.add(x);
  checked.delete(x);
}

/**
 * Offers `x32` (on a SharedArrayBuffer), e.g. the stored data of the float32 file that `x` was
 * widened from, as the float32 copy of `x`: {@link float32Twin} then uses it, after its usual check
 * that the values are the same, instead of making a copy. Returns whether it was kept.
 */
export function adoptFloat32Twin(x: Float64Array, x32: Float32Array): boolean {
  if (!(x32.buffer instanceof SharedArrayBuffer) || x32.length !== x.length) return false;
  twins.set(x, x32);
  return true;
}

function sameValues(a: Float32Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let q = 0; q < a.length; q++) if (a[q] !== b[q]) return false;
  return true;
}

/** What a helper thread needs to make OpenBLAS blocks of U V^T itself (arrays on SharedArrayBuffers). */
export interface BlasBlocks {
  readonly u: Float32Array | Float64Array;
  readonly v: Float32Array | Float64Array;
  readonly d: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Blocks G[i0 : i0+bi, j0 : j0+bj] of U V^T by sgemm (float32 arrays) or dgemm, into a buffer of
 * this thread (`out` when given, of the matching type and at least rows x cols long), and the
 * exact entry (float64 dot of the same values) for the candidates.
 */
export function blasBlocks(
  blas: Blas,
  x: BlasBlocks,
  out?: Float32Array | Float64Array,
): {
  source: (
    i0: number,
    bi: number,
    j0: number,
    bj: number,
  ) => { buf: Float32Array | Float64Array; off: number; ld: number };
  dot: (i: number, j: number) => number;
} {
  const { u, v, d } = x;
  const dot = (i: number, j: number): number => {
    const oi = i * d;
    const oj = j * d;
    let s = 0;
    for (let q = 0; q < d; q++) s += u[oi + q]! * v[oj + q]!;
    return s;
  };
  if (u instanceof Float32Array && v instanceof Float32Array) {
    const buf = out instanceof Float32Array ? out : new Float32Array(x.rows * x.cols);
    return {
      source: (i0, bi, j0, bj) => {
        blas.sgemmAbt(u, i0 * d, v, j0 * d, buf, bi, bj, d, d, d);
        return { buf, off: 0, ld: bj };
      },
      dot,
    };
  }
  const buf = out instanceof Float64Array ? out : new Float64Array(x.rows * x.cols);
  const u64 = u as Float64Array;
  const v64 = v as Float64Array;
  return {
    source: (i0, bi, j0, bj) => {
      blas.dgemmAbt(u64, i0 * d, v64, j0 * d, buf, bi, bj, d, d, d);
      return { buf, off: 0, ld: bj };
    },
    dot,
  };
}
