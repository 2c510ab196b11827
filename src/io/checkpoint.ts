/**
 * logit_scale and logit_bias from a .safetensors checkpoint, reading only the header and the two
 * scalars (a SigLIP checkpoint is gigabytes; nothing else is loaded).
 *
 * @remarks Names: HF transformers SiglipModel and open_clip both store top-level `logit_scale` and
 * `logit_bias` (shape [1] or []), possibly under a `model.` / `module.` / `_orig_mod.` prefix;
 * big_vision calls them `t` (log scale) and `b` (added bias), found here as `t`/`b` at the top
 * level or under `params`. All store logit_scale = ln t and add logit_bias, so t = exp(logit_scale)
 * and b = -logit_bias. Header format: huggingface/safetensors README.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { convert, type DType } from './array.js';

/** Largest safetensors header read (the format's own reader caps it at 100 MB). */
export const MAX_CHECKPOINT_HEADER_BYTES = 100_000_000;

const SCALAR_DTYPES: Record<string, DType> = {
  F64: 'float64',
  F32: 'float32',
  F16: 'float16',
  BF16: 'bfloat16',
};

/** What a checkpoint says about the logits, with the tensor names it came from. */
export interface CheckpointLogitParameters {
  readonly source: string;
  readonly logitScale: number;
  readonly logitBias: number;
  /** t = exp(logit_scale). */
  readonly t: number;
  /** b = -logit_bias (canonical: logits t s - b). */
  readonly b: number;
  readonly scaleTensor: string;
  readonly biasTensor: string;
  readonly naming: 'logit_scale/logit_bias' | 'big_vision t/b';
  readonly convention: string;
}

const SCALE = /^(?:(?:model|module|_orig_mod)\.)*logit_scale$/;
const BIAS = /^(?:(?:model|module|_orig_mod)\.)*logit_bias$/;
const BV_SCALE = /^(?:params[./])?t$/;
const BV_BIAS = /^(?:params[./])?b$/;

interface Entry {
  readonly dtype: unknown;
  readonly shape: unknown;
  readonly data_offsets: unknown;
}

function readExactly(fd: number, length: number, position: number, source: string): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) throw new UsageError(`${source}: truncated safetensors file`);
    got += n;
  }
  return buf;
}

function pick(names: readonly string[], re: RegExp): string[] {
  return names.filter((n) => re.test(n));
}

/**
 * Reads logit_scale / logit_bias (or big_vision's t / b) from a safetensors checkpoint.
 * @example readCheckpointLogits('test/fixtures/siglip/checkpoints/open-clip-ddp-bf16.safetensors').t === Math.exp(4.59375)
 */
export function readCheckpointLogits(path: string): CheckpointLogitParameters {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: cannot open checkpoint (${code ?? String(e)})`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size < 8) throw new UsageError(`${path}: truncated safetensors file (${size} bytes)`);
    const n = readExactly(fd, 8, 0, path).readBigUInt64LE(0);
    if (n > BigInt(size - 8) || n > BigInt(MAX_CHECKPOINT_HEADER_BYTES)) {
      throw new UsageError(`${path}: bad safetensors header size ${n} (file has ${size - 8} bytes after it)`);
    }
    const hlen = Number(n);
    let header: unknown;
    try {
      header = JSON.parse(readExactly(fd, hlen, 8, path).toString('utf8'));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`${path}: safetensors header is not valid JSON`);
    }
    if (header === null || typeof header !== 'object' || Array.isArray(header)) {
      throw new UsageError(`${path}: safetensors header is not a JSON object`);
    }
    const table = header as Record<string, Entry>;
    const names = Object.keys(table).filter((k) => k !== '__metadata__');
    let scaleNames = pick(names, SCALE);
    let biasNames = pick(names, BIAS);
    let naming: CheckpointLogitParameters['naming'] = 'logit_scale/logit_bias';
    if (scaleNames.length === 0 && biasNames.length === 0) {
      scaleNames = pick(names, BV_SCALE);
      biasNames = pick(names, BV_BIAS);
      naming = 'big_vision t/b';
    }
    const one = (found: string[], what: string): string => {
      if (found.length === 1) return found[0]!;
      const shown = names.length > 12 ? `${names.slice(0, 12).join(', ')}, ...` : names.join(', ');
      if (found.length === 0) {
        throw new UsageError(
          `${path}: no ${what} tensor (looked for logit_scale/logit_bias, optionally prefixed model./module., or big_vision t/b; has: ${shown || 'none'})`,
        );
      }
      throw new UsageError(
        `${path}: several ${what} tensors (${found.join(', ')}); cannot tell which one is meant`,
      );
    };
    const scaleName = one(scaleNames, 'logit_scale');
    const biasName = one(biasNames, 'logit_bias');
    const dataStart = 8 + hlen;
    const scalar = (name: string): number => {
      const e = table[name]!;
      const dtype = typeof e?.dtype === 'string' ? SCALAR_DTYPES[e.dtype] : undefined;
      if (dtype === undefined) {
        throw new UsageError(
          `${path}: tensor '${name}' has dtype ${JSON.stringify(e?.dtype)}, expected F32, F64, F16 or BF16`,
        );
      }
      const shape = e.shape;
      if (!Array.isArray(shape) || !shape.every((s) => s === 1) || shape.length > 2) {
        throw new UsageError(
          `${path}: tensor '${name}' must hold one number, has shape ${JSON.stringify(shape)}`,
        );
      }
      const off = e.data_offsets;
      const item = dtype === 'float64' ? 8 : dtype === 'float32' ? 4 : 2;
      if (
        !Array.isArray(off) ||
        off.length !== 2 ||
        !off.every((x) => Number.isInteger(x) && x >= 0) ||
        off[1] - off[0] !== item
      ) {
        throw new UsageError(`${path}: tensor '${name}' has bad data_offsets ${JSON.stringify(off)}`);
      }
      if (dataStart + off[1] > size) {
        throw new UsageError(`${path}: truncated data: tensor '${name}' ends past the end of the file`);
      }
      const bytes = readExactly(fd, item, dataStart + off[0], path);
      return convert(bytes, 0, dtype, true, [1], false, `${path}#${name}`)[0]!;
    };
    const logitScale = scalar(scaleName);
    const logitBias = scalar(biasName);
    const t = Math.exp(logitScale);
    if (!(t > 0 && Number.isFinite(t))) {
      throw new UsageError(
        `${path}: ${scaleName} = ${logitScale} gives t = exp(logit_scale) = ${t}, not a finite t > 0`,
      );
    }
    return {
      source: path,
      logitScale,
      logitBias,
      t,
      b: -logitBias,
      scaleTensor: scaleName,
      biasTensor: biasName,
      naming,
      convention: `${scaleName} = ln t, ${biasName} added to the logits: t = exp(${scaleName}), b = -${biasName}`,
    };
  } finally {
    closeSync(fd);
  }
}
