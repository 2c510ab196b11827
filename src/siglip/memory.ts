/**
 * Memory of the B x B logits matrix of the sigmoid loss, globally, per device and per chunk.
 *
 * @remarks Counted: the logits only (and, when asked, one gradient buffer dL/dlogits of the same
 * shape and dtype). Not counted: embeddings, the sigmoid/softplus temporaries an implementation
 * may keep, activations. Layouts: all-gather (each of D devices scores its B/D rows against all B
 * columns: (B/D) x B); chunked (c local rows at a time: c x B); ring / big_vision chunked (one
 * (B/D) x (B/D) block per step). docs/theory.md §5.4.
 */
import { UsageError } from '../errors.js';

/**
 * The largest global batch the memory table covers: 2 B^2 fp32 bytes (logits and their gradient)
 * stay exact doubles (< 2^53) up to B = 2^25 - 1.
 */
export const MAX_BATCH = 2 ** 25 - 1;

/** Bytes per element of the logits dtype. */
export const DTYPE_BYTES = { fp32: 4, bf16: 2, fp16: 2 } as const;

/** A logits dtype. */
export type LogitsDtype = keyof typeof DTYPE_BYTES;

/** One block of logits. */
export interface LogitsBlock {
  readonly rows: number;
  readonly cols: number;
  readonly elements: number;
  readonly bytes: number;
  /** bytes times 2 when a gradient buffer of the same shape is counted. */
  readonly bytesWithGradient: number;
}

/** {@link logitsMemory} result. */
export interface LogitsMemory {
  readonly batch: number;
  readonly devices: number;
  readonly chunk: number | null;
  readonly dtype: LogitsDtype;
  readonly bytesPerElement: number;
  /** The whole B x B matrix (one device, no sharding). */
  readonly global: LogitsBlock;
  /** All-gather: (B/D) x B on each device. */
  readonly perDevice: LogitsBlock;
  /** c x B: c local rows scored against all B columns at a time (null without a chunk size). */
  readonly perChunk: LogitsBlock | null;
  /** Ring: one (B/D) x (B/D) block per step. */
  readonly ringBlock: LogitsBlock;
}

function block(rows: number, cols: number, bytes: number): LogitsBlock {
  const elements = rows * cols;
  if (!Number.isSafeInteger(elements * bytes * 2)) {
    throw new UsageError(`logitsMemory: ${rows} x ${cols} logits exceed exact integer arithmetic`);
  }
  return { rows, cols, elements, bytes: elements * bytes, bytesWithGradient: 2 * elements * bytes };
}

/**
 * Memory of the logits for global batch B over D devices, optionally in chunks of c rows.
 * @example logitsMemory(32768, 8, 512, 'bf16').perChunk.bytes === 512 * 32768 * 2 // 32 MiB
 */
export function logitsMemory(
  batch: number,
  devices: number,
  chunk: number | null,
  dtype: LogitsDtype,
): LogitsMemory {
  const where = 'logitsMemory';
  if (!(Number.isInteger(batch) && batch >= 1))
    throw new UsageError(`${where}: batch must be an integer >= 1, got ${batch}`);
  if (!(Number.isInteger(devices) && devices >= 1 && batch % devices === 0)) {
    throw new UsageError(
      `${where}: devices must be an integer >= 1 dividing the batch ${batch}, got ${devices}`,
    );
  }
  const local = batch / devices;
  if (chunk !== null && !(Number.isInteger(chunk) && chunk >= 1 && chunk <= local)) {
    throw new UsageError(`${where}: chunk must be an integer in [1, B/D = ${local}], got ${chunk}`);
  }
  const bytes = DTYPE_BYTES[dtype];
  if (bytes === undefined) throw new UsageError(`${where}: dtype must be fp32, bf16 or fp16, got '${dtype}'`);
  return {
    batch,
    devices,
    chunk,
    dtype,
    bytesPerElement: bytes,
    global: block(batch, batch, bytes),
    perDevice: block(local, batch, bytes),
    perChunk: chunk === null ? null : block(chunk, batch, bytes),
    ringBlock: block(local, local, bytes),
  };
}

/**
 * Bytes in binary units, for display.
 * @example formatBytes(33554432) === '32 MiB'
 */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = n;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${Number(x.toPrecision(4))} ${units[i]}`;
}
