import { closeSync } from 'node:fs';
import { requireAllocatable, UsageError } from '../errors.js';
import { convert, type DType, itemSize, type LoadedArray } from './array.js';
import { adoptFloat32Twin } from '../numeric/blas.js';
import { writeFileAtomic } from './atomic.js';
import { cut, openRegularFile, readFully, requireMemory } from './limits.js';

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

const DESCR: Record<string, DType> = {
  f8: 'float64',
  f4: 'float32',
  f2: 'float16',
  i8: 'int64',
  i4: 'int32',
};

/** The parsed header of a .npy file. */
export interface NpyHeader {
  readonly version: 1 | 2 | 3;
  readonly dtype: DType;
  readonly littleEndian: boolean;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Byte offset of the data. */
  readonly dataOffset: number;
}

/**
 * Parses the header of a .npy file (format versions 1.0, 2.0 and 3.0).
 *
 * @remarks NumPy format spec (numpy.lib.format): 6-byte magic, major and minor version bytes, a
 * little-endian header length (uint16 for 1.0, uint32 for 2.0 and 3.0), then a Python dict literal
 * with keys 'descr', 'fortran_order' and 'shape' (latin-1; UTF-8 in 3.0).
 */
export function parseNpyHeader(buf: Buffer, source: string): NpyHeader {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) {
    throw new UsageError(`${source}: not a .npy file (bad magic)`);
  }
  const major = buf[6]!;
  const minor = buf[7]!;
  if (!(major >= 1 && major <= 3) || minor !== 0) {
    throw new UsageError(`${source}: unsupported .npy format version ${major}.${minor}`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lenBytes) throw new UsageError(`${source}: truncated .npy header`);
  const hlen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = 8 + lenBytes;
  if (buf.length < start + hlen) {
    throw new UsageError(
      `${source}: truncated .npy header (needs ${hlen} bytes, file has ${buf.length - start})`,
    );
  }
  const text = buf.subarray(start, start + hlen).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (
    !text.trimStart().startsWith('{') ||
    descr === undefined ||
    fortran === undefined ||
    shapeText === undefined
  ) {
    throw new UsageError(`${source}: bad .npy header ${JSON.stringify(cut(text.trim(), 80))}`);
  }
  const m = /^([<>|=])([a-z]\d+)$/.exec(descr);
  const dtype = m ? DESCR[m[2]!] : undefined;
  if (m === null || dtype === undefined) {
    throw new UsageError(
      `${source}: unsupported dtype '${cut(descr)}' (supported: float64, float32, float16, int64, int32)`,
    );
  }
  // '=' is native (little-endian on every platform Node supports); '|' only for 1-byte types.
  const littleEndian = m[1] !== '>';
  const parts = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const shape = parts.map((s) => {
    if (!/^\d+$/.test(s)) throw new UsageError(`${source}: bad shape (${cut(shapeText)}) in .npy header`);
    return Number(s);
  });
  return {
    version: major as 1 | 2 | 3,
    dtype,
    littleEndian,
    fortranOrder: fortran === 'True',
    shape,
    dataOffset: start + hlen,
  };
}

/**
 * Parses a whole .npy file held in `buf`; the values are converted into one Float64Array (C order).
 * Truncated or over-long data, bad magic, bad header, unsupported dtypes and NaN/Infinity are
 * refused with one line naming `source`.
 */
export function parseNpy(buf: Buffer, source: string): LoadedArray {
  const h = parseNpyHeader(buf, source);
  const count = h.shape.reduce((a, b) => a * b, 1);
  requireAllocatable(count, source, `an array of shape (${h.shape.join(', ')})`);
  const need = count * itemSize(h.dtype);
  const have = buf.length - h.dataOffset;
  if (have < need) {
    throw new UsageError(
      `${source}: truncated data: shape (${h.shape.join(', ')}) needs ${need} bytes, file has ${have}`,
    );
  }
  if (have > need) {
    throw new UsageError(
      `${source}: ${have - need} unexpected bytes after the data of shape (${h.shape.join(', ')})`,
    );
  }
  const data = convert(buf, h.dataOffset, h.dtype, h.littleEndian, h.shape, h.fortranOrder, source);
  return { source, shape: h.shape, dtype: h.dtype, data };
}

/** Longest .npy header read (NumPy writes a few hundred bytes). */
const MAX_NPY_HEADER = 2 ** 20;

/**
 * Reads a .npy file (see {@link parseNpy}): the header first, then the data, after checking that
 * the data and its float64 copy fit in memory.
 */
export function readNpy(path: string): LoadedArray {
  const { fd, size } = openRegularFile(path);
  try {
    const h = readNpyHeaderFrom(fd, size, path);
    requireMemory(npyFootprint(h), path, `an array of shape (${h.shape.join(', ')}) ${h.dtype}`);
    // On shared memory: a float32 file's data is then the exact float32 copy that OpenBLAS's sgemm
    // and helper threads read (no second copy of the values).
    const buf = Buffer.from(new SharedArrayBuffer(size));
    if (readFully(fd, buf, 0, size, 0) !== size) throw new UsageError(`${path}: file changed while reading`);
    const a = parseNpy(buf, path);
    if (a.dtype === 'float32' && h.littleEndian && !h.fortranOrder && h.dataOffset % 4 === 0)
      adoptFloat32Twin(a.data, new Float32Array(buf.buffer, h.dataOffset, a.data.length));
    return a;
  } finally {
    closeSync(fd);
  }
}

function readNpyHeaderFrom(fd: number, size: number, path: string): NpyHeader {
  const prefix = Buffer.alloc(Math.min(size, 12));
  readFully(fd, prefix, 0, prefix.length, 0);
  const major = prefix[6];
  const hlen = prefix.length < 12 ? 0 : major === 1 ? prefix.readUInt16LE(8) : prefix.readUInt32LE(8);
  const head = Buffer.alloc(Math.min(size, 12 + Math.min(hlen, MAX_NPY_HEADER)));
  readFully(fd, head, 0, head.length, 0);
  return parseNpyHeader(head, path);
}

/** Bytes reading a .npy with this header takes: the stored data and its float64 copy. */
function npyFootprint(h: NpyHeader): number {
  const count = h.shape.reduce((a, b) => a * b, 1);
  return count * (itemSize(h.dtype) + 8);
}

/** Bytes {@link readNpy} will need for `path`, and the array's shape, from its header alone. */
export function npyFileFootprint(path: string): { bytes: number; shape: readonly number[] } {
  const { fd, size } = openRegularFile(path);
  try {
    const h = readNpyHeaderFrom(fd, size, path);
    return { bytes: npyFootprint(h), shape: h.shape };
  } finally {
    closeSync(fd);
  }
}

/** Element types {@link encodeNpy} writes. */
export type NpyWriteType = 'float64' | 'float32' | 'int64' | 'int32';

/**
 * Encodes a C-order little-endian .npy (format 1.0; header padded so the data starts at a multiple
 * of 64 bytes, as NumPy does).
 * @example encodeNpy([2, 2], Float64Array.of(1, 2, 3, 4), 'float32').length === 128 + 16
 */
export function encodeNpy(
  shape: readonly number[],
  data: ArrayLike<number>,
  dtype: NpyWriteType = 'float64',
): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new UsageError(`encodeNpy: shape (${shape.join(', ')}) holds ${count} values, got ${data.length}`);
  }
  const code = { float64: '<f8', float32: '<f4', int64: '<i8', int32: '<i4' }[dtype];
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${code}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header = `${header}${' '.repeat(pad % 64)}\n`;
  const size = itemSize(dtype);
  const out = Buffer.alloc(10 + header.length + count * size);
  MAGIC.copy(out, 0);
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(header.length, 8);
  out.write(header, 10, 'latin1');
  const off = 10 + header.length;
  for (let i = 0; i < count; i++) {
    const x = data[i]!;
    switch (dtype) {
      case 'float64':
        out.writeDoubleLE(x, off + i * 8);
        break;
      case 'float32':
        out.writeFloatLE(x, off + i * 4);
        break;
      case 'int64':
        out.writeBigInt64LE(BigInt(x), off + i * 8);
        break;
      case 'int32':
        out.writeInt32LE(x, off + i * 4);
        break;
    }
  }
  return out;
}

/** Writes a .npy file atomically (see {@link encodeNpy}). */
export function writeNpy(
  path: string,
  shape: readonly number[],
  data: ArrayLike<number>,
  dtype: NpyWriteType = 'float64',
): void {
  writeFileAtomic(path, encodeNpy(shape, data, dtype));
}
