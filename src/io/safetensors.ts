import { closeSync } from 'node:fs';
import { requireAllocatable, UsageError } from '../errors.js';
import { convert, type DType, itemSize, type LoadedArray } from './array.js';
import { writeFileAtomic } from './atomic.js';
import { describeValue, openRegularFile, quote, readFully, requireMemory } from './limits.js';

const DTYPES: Record<string, DType> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
};

/** One tensor entry of a safetensors header. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Byte range within the data section (after the header). */
  readonly begin: number;
  readonly end: number;
}

/**
 * Parses and validates a safetensors header: 8-byte little-endian header size, a JSON object of
 * `name -> { dtype, shape, data_offsets: [begin, end] }` (plus optional `__metadata__`).
 *
 * @remarks Format: huggingface/safetensors README. Checked: header size within the file, JSON
 * object, supported dtype (F64, F32, F16, BF16, I64, I32), integer shape, end - begin equal to
 * the element count times the item size, offsets inside the data section and not overlapping.
 */
export function parseSafetensorsHeader(
  buf: Buffer,
  source: string,
  fileSize = buf.length,
): { entries: SafetensorsEntry[]; dataStart: number } {
  if (fileSize < 8 || buf.length < 8) {
    throw new UsageError(`${source}: truncated safetensors file (${fileSize} bytes)`);
  }
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(fileSize - 8)) {
    throw new UsageError(
      `${source}: bad safetensors header size ${n} (file has ${fileSize - 8} bytes after it)`,
    );
  }
  const hlen = Number(n);
  if (buf.length < 8 + hlen) throw new UsageError(`${source}: truncated safetensors header`);
  let json: unknown;
  try {
    json = JSON.parse(buf.subarray(8, 8 + hlen).toString('utf8'));
  } catch {
    throw new UsageError(`${source}: safetensors header is not valid JSON`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`${source}: safetensors header is not a JSON object`);
  }
  const dataStart = 8 + hlen;
  const dataLen = fileSize - dataStart;
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof e?.dtype === 'string' ? DTYPES[e.dtype] : undefined;
    if (dtype === undefined) {
      throw new UsageError(
        `${source}: tensor '${quote(name)}' has unsupported dtype ${describeValue(e?.dtype)}`,
      );
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new UsageError(`${source}: tensor '${quote(name)}' has a bad shape (${describeValue(shape)})`);
    }
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new UsageError(`${source}: tensor '${quote(name)}' has bad data_offsets (${describeValue(off)})`);
    }
    const [begin, end] = off as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    requireAllocatable(count, source, `tensor '${name}'`);
    if (end < begin || end - begin !== count * itemSize(dtype)) {
      throw new UsageError(
        `${source}: tensor '${name}' data_offsets [${begin}, ${end}] do not match shape (${shape.join(', ')}) of ${e.dtype}`,
      );
    }
    if (end > dataLen) {
      throw new UsageError(
        `${source}: truncated data: tensor '${name}' ends at byte ${end}, data section has ${dataLen}`,
      );
    }
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.begin < sorted[i - 1]!.end) {
      throw new UsageError(`${source}: tensors '${sorted[i - 1]!.name}' and '${sorted[i]!.name}' overlap`);
    }
  }
  return { entries, dataStart };
}

/**
 * Reads tensor `name` from a safetensors file held in `buf`. Without a name, the file must hold
 * exactly one tensor, or one named like `fallbackName`.
 */
export function parseSafetensors(
  buf: Buffer,
  source: string,
  name?: string,
  fallbackName?: string,
): LoadedArray {
  const { entries, dataStart } = parseSafetensorsHeader(buf, source);
  const entry = pickTensor(entries, source, name, fallbackName);
  const label = `${source}#${entry.name}`;
  const data = convert(buf, dataStart + entry.begin, entry.dtype, true, entry.shape, false, label);
  return { source: label, shape: entry.shape, dtype: entry.dtype, data };
}

function pickTensor(
  entries: readonly SafetensorsEntry[],
  source: string,
  name?: string,
  fallbackName?: string,
): SafetensorsEntry {
  const names = entries.map((e) => e.name);
  let entry: SafetensorsEntry | undefined;
  if (name !== undefined) entry = entries.find((e) => e.name === name);
  else if (entries.length === 1) entry = entries[0];
  else if (fallbackName !== undefined) entry = entries.find((e) => e.name === fallbackName);
  if (entry === undefined) {
    const want = name ?? fallbackName;
    throw new UsageError(
      `${source}: ${want === undefined ? 'several tensors, pick one with path#name' : `no tensor '${quote(want)}'`} (has: ${quote(names.join(', ')) || 'none'})`,
    );
  }
  return entry;
}

/** Largest safetensors header read (the format's own reference reader stops at 100 MB). */
const MAX_SAFETENSORS_HEADER = 100_000_000;

/**
 * Reads a tensor from a safetensors file (see {@link parseSafetensors}): the header first, then
 * only that tensor's bytes, after checking that they and their float64 copy fit in memory.
 */
export function readSafetensors(path: string, name?: string, fallbackName?: string): LoadedArray {
  return withTensor(path, name, fallbackName, (fd, entry, dataStart) => {
    const bytes = entry.end - entry.begin;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    requireMemory(
      bytes + count * 8,
      path,
      `tensor '${quote(entry.name)}' of shape (${entry.shape.join(', ')})`,
    );
    const data = Buffer.allocUnsafe(bytes);
    if (readFully(fd, data, 0, bytes, dataStart + entry.begin) !== bytes) {
      throw new UsageError(`${path}: file changed while reading`);
    }
    const label = `${path}#${entry.name}`;
    return {
      source: label,
      shape: entry.shape,
      dtype: entry.dtype,
      data: convert(data, 0, entry.dtype, true, entry.shape, false, label),
    };
  });
}

/** Bytes {@link readSafetensors} will need for the tensor, and its shape, from the header alone. */
export function safetensorsFootprint(
  path: string,
  name?: string,
  fallbackName?: string,
): { bytes: number; shape: readonly number[] } {
  return withTensor(path, name, fallbackName, (_fd, entry) => ({
    bytes: entry.end - entry.begin + entry.shape.reduce((a, b) => a * b, 1) * 8,
    shape: entry.shape,
  }));
}

function withTensor<T>(
  path: string,
  name: string | undefined,
  fallbackName: string | undefined,
  use: (fd: number, entry: SafetensorsEntry, dataStart: number) => T,
): T {
  const { fd, size } = openRegularFile(path);
  try {
    const head = Buffer.alloc(8);
    readFully(fd, head, 0, Math.min(8, size), 0);
    const n = size >= 8 ? head.readBigUInt64LE(0) : 0n;
    if (n > BigInt(Math.min(MAX_SAFETENSORS_HEADER, Math.max(0, size - 8)))) {
      throw new UsageError(`${path}: bad safetensors header size ${n} (file has ${size} bytes)`);
    }
    const header = Buffer.alloc(8 + Number(n));
    readFully(fd, header, 0, header.length, 0);
    const { entries, dataStart } = parseSafetensorsHeader(header, path, size);
    return use(fd, pickTensor(entries, path, name, fallbackName), dataStart);
  } finally {
    closeSync(fd);
  }
}

/** One tensor to write with {@link encodeSafetensors}. */
export interface TensorToWrite {
  readonly shape: readonly number[];
  readonly data: ArrayLike<number>;
  readonly dtype: 'F64' | 'F32';
}

/**
 * Encodes tensors as a safetensors file (little-endian, header padded with spaces to 8 bytes).
 * @example encodeSafetensors({ U: { shape: [1, 2], data: [1, 0], dtype: 'F32' } }).length % 8 === 0 // 8-byte length, padded header, 8 data bytes
 */
export function encodeSafetensors(tensors: Record<string, TensorToWrite>): Buffer {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.dtype === 'F64' ? 8 : 4;
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length * size] };
    offset += t.data.length * size;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const out = Buffer.alloc(8 + text.length + offset);
  out.writeBigUInt64LE(BigInt(text.length), 0);
  out.write(text, 8, 'utf8');
  let at = 8 + text.length;
  for (const t of Object.values(tensors)) {
    for (let i = 0; i < t.data.length; i++) {
      if (t.dtype === 'F64') out.writeDoubleLE(t.data[i]!, at + i * 8);
      else out.writeFloatLE(t.data[i]!, at + i * 4);
    }
    at += t.data.length * (t.dtype === 'F64' ? 8 : 4);
  }
  return out;
}

/** Writes tensors to a safetensors file atomically (see {@link encodeSafetensors}). */
export function writeSafetensors(path: string, tensors: Record<string, TensorToWrite>): void {
  writeFileAtomic(path, encodeSafetensors(tensors));
}
