import { closeSync, readSync } from 'node:fs';
import { requireAllocatable, UsageError } from '../errors.js';
import type { Matrix } from '../numeric/float/vectors.js';
import { openRegularFile } from './limits.js';

/** Element types the readers understand, named as in safetensors / NumPy kinds. */
export type DType = 'float64' | 'float32' | 'float16' | 'bfloat16' | 'int64' | 'int32';

/** An n-dimensional array read from a file, converted to float64, C (row-major) order. */
export interface LoadedArray {
  /** Where it came from (path, with `#name` for a safetensors tensor or JSON key). */
  readonly source: string;
  readonly shape: readonly number[];
  /** The stored element type. */
  readonly dtype: DType;
  /** Values in row-major order, converted exactly to float64. */
  readonly data: Float64Array;
}

/** A 2-D array as a configuration (rows are vectors), with where it came from and its stored type. */
export interface LoadedMatrix extends Matrix {
  readonly source: string;
  readonly dtype: DType;
  /** Unit roundoff of the stored type (see {@link unitRoundoffOf}). */
  readonly unitRoundoff: number;
}

/** Bytes per element. */
export function itemSize(t: DType): number {
  return t === 'float64' || t === 'int64' ? 8 : t === 'float32' || t === 'int32' ? 4 : 2;
}

/**
 * Unit roundoff of a stored type: 2^-53 float64, 2^-24 float32, 2^-11 float16, 2^-8 bfloat16;
 * integers are exact (2^-53 is returned so tolerances built from it stay float64-sized).
 * @example unitRoundoffOf('float32') === 2 ** -24
 */
export function unitRoundoffOf(t: DType): number {
  switch (t) {
    case 'float32':
      return 2 ** -24;
    case 'float16':
      return 2 ** -11;
    case 'bfloat16':
      return 2 ** -8;
    default:
      return 2 ** -53;
  }
}

/**
 * Reads a whole file into one Buffer (chunked reads, so files beyond 2 GiB work), refusing sizes
 * the float64 conversion could not allocate.
 */
export function readWhole(path: string): Buffer {
  const { fd, size } = openRegularFile(path);
  try {
    // Every stored element takes at least 2 bytes and becomes one double.
    requireAllocatable(size / 2, path, 'reading this file');
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const got = readSync(fd, buf, off, Math.min(size - off, 1 << 30), off);
      if (got === 0) break;
      off += got;
    }
    if (off !== size) throw new UsageError(`${path}: file changed while reading (${off} of ${size} bytes)`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Number.POSITIVE_INFINITY : Number.NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Converts `count` elements of type `dtype` at `buf[offset..]` into one Float64Array, in C order
 * (transposing when `fortran`), rejecting NaN/Infinity and integers beyond 2^53 with a message
 * naming `source` and the element's row/column.
 */
export function convert(
  buf: Buffer,
  offset: number,
  dtype: DType,
  littleEndian: boolean,
  shape: readonly number[],
  fortran: boolean,
  source: string,
): Float64Array {
  const count = shape.reduce((a, b) => a * b, 1);
  requireAllocatable(count, source, `an array of shape (${shape.join(', ')})`);
  const out = new Float64Array(count);
  const size = itemSize(dtype);
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, count * size);
  const le = littleEndian;
  // Destination index of the e-th stored element.
  const rows = shape.length === 2 ? shape[0]! : count;
  const cols = shape.length === 2 ? shape[1]! : 1;
  const transpose = fortran && shape.length === 2 && rows > 1 && cols > 1;
  if (fortran && shape.length > 2) {
    throw new UsageError(`${source}: Fortran-order arrays with more than 2 dimensions are not supported`);
  }
  const fast = le && !transpose && (buf.byteOffset + offset) % size === 0;
  if (fast && dtype === 'float32') {
    out.set(new Float32Array(buf.buffer, buf.byteOffset + offset, count));
  } else if (fast && dtype === 'float64') {
    out.set(new Float64Array(buf.buffer, buf.byteOffset + offset, count));
  } else {
    for (let e = 0; e < count; e++) {
      const at = e * size;
      let x: number;
      switch (dtype) {
        case 'float64':
          x = dv.getFloat64(at, le);
          break;
        case 'float32':
          x = dv.getFloat32(at, le);
          break;
        case 'float16':
          x = halfToFloat(dv.getUint16(at, le));
          break;
        case 'bfloat16':
          u32[0] = dv.getUint16(at, le) << 16;
          x = f32[0]!;
          break;
        case 'int32':
          x = dv.getInt32(at, le);
          break;
        case 'int64': {
          const big = dv.getBigInt64(at, le);
          x = Number(big);
          // exact when the round trip is: every |i| <= 2^53, and beyond it the multiples of 2^(e-52)
          if (BigInt(x) !== big) {
            throw new UsageError(`${source}: integer ${big} at element ${e} does not fit a double exactly`);
          }
          break;
        }
      }
      out[transpose ? (e % rows) * cols + Math.floor(e / rows) : e] = x;
    }
  }
  for (let e = 0; e < count; e++) {
    if (!Number.isFinite(out[e]!)) {
      const where = shape.length === 2 ? `row ${Math.floor(e / cols)}, column ${e % cols}` : `element ${e}`;
      throw new UsageError(`${source}: ${String(out[e])} at ${where}`);
    }
  }
  return out;
}

/** Views a loaded array as a matrix (rows are vectors); it must be 2-D and non-empty. */
export function asMatrix(a: LoadedArray): LoadedMatrix {
  if (a.shape.length !== 2) {
    throw new UsageError(
      `${a.source}: expected a 2-D array (rows are vectors), got shape (${a.shape.join(', ')})`,
    );
  }
  const [rows, cols] = a.shape as [number, number];
  if (rows < 1 || cols < 1) throw new UsageError(`${a.source}: empty array of shape (${rows}, ${cols})`);
  return {
    rows,
    cols,
    data: a.data,
    source: a.source,
    dtype: a.dtype,
    unitRoundoff: unitRoundoffOf(a.dtype),
  };
}

/**
 * Views a loaded array as class labels: 1-D (or N x 1), integer values. Range is checked by the
 * caller, who knows the class count.
 */
export function asLabels(a: LoadedArray): Int32Array {
  const ok = a.shape.length === 1 || (a.shape.length === 2 && a.shape[1] === 1);
  if (!ok) throw new UsageError(`${a.source}: labels must be 1-D, got shape (${a.shape.join(', ')})`);
  const out = new Int32Array(a.data.length);
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i]!;
    if (!Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 31) {
      throw new UsageError(`${a.source}: label ${String(x)} at element ${i} is not a 32-bit integer`);
    }
    out[i] = x;
  }
  return out;
}
