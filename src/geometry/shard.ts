import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import type { Matrix } from '../numeric/float/vectors.js';
import type { KernelName, ScanPart } from './pairs.js';

/** Format tag of a shard document. */
export const SHARD_FORMAT = 'sigcheck-analyze-shard';
/** Window entries a shard document carries at most (beyond that the merge makes the band pass). */
export const SHARD_KEPT_MAX = 2 ** 18;

/** What a shard was computed from: the merge re-reads these inputs and checks their digest. */
export interface ShardInputs {
  readonly u: string;
  readonly v: string;
  readonly labels: string | null;
  readonly normalize: boolean;
  readonly trim: number;
  readonly t: number;
  readonly b: number;
  /** sha256 of U's and V's float64 values (after --normalize) and the labels. */
  readonly digest: string;
}

/** One shard document: which shard, of what, and the partial result. */
export interface ShardDoc {
  readonly index: number;
  readonly count: number;
  readonly inputs: ShardInputs;
  readonly part: ScanPart;
}

/** Parses `i/k` (1 <= i <= k) as a 0-based index and a count. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = m ? Number(m[1]) : Number.NaN;
  const k = m ? Number(m[2]) : Number.NaN;
  if (!(Number.isSafeInteger(i) && Number.isSafeInteger(k) && k >= 1 && i >= 1 && i <= k)) {
    throw new UsageError(`--shard must be i/k with 1 <= i <= k, got '${text}'`);
  }
  return { index: i - 1, count: k };
}

/** sha256 over the float64 values of U and V and the labels (what the partial results depend on). */
export function inputDigest(u: Matrix, v: Matrix, labels: ArrayLike<number> | undefined): string {
  const h = createHash('sha256');
  h.update(`${u.rows}x${u.cols};${v.rows}x${v.cols};`);
  h.update(new Uint8Array(u.data.buffer, u.data.byteOffset, u.data.byteLength));
  h.update(new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength));
  if (labels !== undefined) h.update(Float64Array.from(labels as ArrayLike<number>));
  return h.digest('hex');
}

function pack(x: Float64Array | Int32Array): string {
  return deflateRawSync(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).toString('base64');
}

function unpackF64(s: unknown, where: string): Float64Array {
  const b = unpackBytes(s, where);
  if (b.byteLength % 8 !== 0) throw new UsageError(`${where}: corrupt array`);
  return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8).slice();
}

function unpackI32(s: unknown, where: string): Int32Array {
  const b = unpackBytes(s, where);
  if (b.byteLength % 4 !== 0) throw new UsageError(`${where}: corrupt array`);
  return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function unpackBytes(s: unknown, where: string): Uint8Array {
  if (typeof s !== 'string') throw new UsageError(`${where}: missing array`);
  try {
    const raw = inflateRawSync(Buffer.from(s, 'base64'));
    const out = new Uint8Array(raw.byteLength);
    out.set(raw);
    return out;
  } catch {
    throw new UsageError(`${where}: corrupt array`);
  }
}

/** Non-finite doubles (the window bounds, empty extremes) as JSON strings. */
function num(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function unnum(x: unknown, where: string): number {
  if (typeof x === 'number') return x;
  if (x === 'Infinity') return Number.POSITIVE_INFINITY;
  if (x === '-Infinity') return Number.NEGATIVE_INFINITY;
  throw new UsageError(`${where}: expected a number, got ${JSON.stringify(x)}`);
}

/**
 * The shard document as JSON: scalars as numbers, arrays as base64 of their deflated little-endian
 * bytes (exact). The window entries are dropped when there are more than {@link SHARD_KEPT_MAX}.
 */
export function encodeShard(doc: ShardDoc): string {
  const p = doc.part;
  const keep = p.kept.length <= SHARD_KEPT_MAX;
  return `${JSON.stringify({
    format: SHARD_FORMAT,
    version: 1,
    shard: { index: doc.index + 1, count: doc.count },
    inputs: doc.inputs,
    part: {
      n: p.n,
      k: p.k,
      d: p.d,
      row0: p.row0,
      row1: p.row1,
      kernel: p.kernel,
      kernelReason: p.kernelReason,
      trim: p.trim,
      loss: p.loss,
      minNeg: num(p.minNeg),
      eps: p.eps,
      wlo: num(p.wlo),
      whi: num(p.whi),
      belowWindow: p.belowWindow,
      inWindow: p.inWindow,
      klo: num(p.klo),
      khi: num(p.khi),
      inKept: p.inKept,
      keptDropped: !keep,
      hlo: p.hlo,
      hscale: p.hscale,
      pos: pack(p.pos),
      rowPos: pack(p.rowPos),
      rowNegMax: pack(p.rowNegMax),
      colNegMax: pack(p.colNegMax),
      taskSums: pack(p.taskSums),
      kept: pack(keep ? p.kept : new Float64Array(0)),
      keptIdx: pack(keep ? p.keptIdx : new Float64Array(0)),
      hist: pack(p.hist),
    },
  })}\n`;
}

/** Parses a shard document written by {@link encodeShard}; `where` names the file in errors. */
export function decodeShard(text: string, where: string): ShardDoc & { readonly keptDropped: boolean } {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new UsageError(`${where}: not JSON`);
  }
  if (j.format !== SHARD_FORMAT || j.version !== 1) {
    throw new UsageError(`${where}: not a sigcheck analyze shard (format ${SHARD_FORMAT} version 1)`);
  }
  const s = j.shard as { index: number; count: number };
  const q = j.part as Record<string, unknown>;
  if (typeof q !== 'object' || q === null || typeof s !== 'object' || s === null) {
    throw new UsageError(`${where}: shard document without part`);
  }
  const int = (key: string): number => {
    const x = q[key];
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) {
      throw new UsageError(`${where}: part.${key} must be a non-negative integer`);
    }
    return x;
  };
  const part: ScanPart = {
    n: int('n'),
    k: int('k'),
    d: int('d'),
    row0: int('row0'),
    row1: int('row1'),
    kernel: q.kernel as KernelName,
    kernelReason: String(q.kernelReason),
    trim: q.trim === null ? null : unnum(q.trim, where),
    loss: q.loss as ScanPart['loss'],
    pos: unpackI32(q.pos, `${where} pos`),
    rowPos: unpackF64(q.rowPos, `${where} rowPos`),
    rowNegMax: unpackF64(q.rowNegMax, `${where} rowNegMax`),
    colNegMax: unpackF64(q.colNegMax, `${where} colNegMax`),
    taskSums: unpackF64(q.taskSums, `${where} taskSums`),
    minNeg: unnum(q.minNeg, where),
    eps: unnum(q.eps, where),
    wlo: unnum(q.wlo, where),
    whi: unnum(q.whi, where),
    belowWindow: int('belowWindow'),
    inWindow: int('inWindow'),
    // Documents written before the kept window existed kept the whole window.
    klo: q.klo === undefined ? unnum(q.wlo, where) : unnum(q.klo, where),
    khi: q.khi === undefined ? unnum(q.whi, where) : unnum(q.khi, where),
    inKept: q.inKept === undefined ? int('inWindow') : int('inKept'),
    kept: unpackF64(q.kept, `${where} kept`),
    keptIdx: unpackF64(q.keptIdx, `${where} keptIdx`),
    hlo: unnum(q.hlo, where),
    hscale: unnum(q.hscale, where),
    hist: unpackF64(q.hist, `${where} hist`),
  };
  const rows = part.row1 - part.row0;
  if (part.rowPos.length !== rows || part.pos.length !== rows || part.colNegMax.length !== part.k) {
    throw new UsageError(`${where}: array lengths do not match rows ${part.row0} .. ${part.row1 - 1}`);
  }
  return {
    index: Number(s.index) - 1,
    count: Number(s.count),
    inputs: j.inputs as ShardInputs,
    part,
    keptDropped: q.keptDropped === true,
  };
}
