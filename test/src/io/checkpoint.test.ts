import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { readCheckpointLogits } from '../../../src/io/checkpoint.js';
import expected from '../../fixtures/siglip/checkpoints/expected.json' with { type: 'json' };

const DIR = 'test/fixtures/siglip/checkpoints';

describe('readCheckpointLogits (fixtures written by scripts/siglip-checkpoints.py with numpy)', () => {
  for (const [file, e] of Object.entries(expected)) {
    it(`${file}: ${e.scaleTensor} = ${e.logitScale}, ${e.biasTensor} = ${e.logitBias}, t = exp(scale), b = -bias`, () => {
      const c = readCheckpointLogits(join(DIR, file));
      expect(c.logitScale).toBe(e.logitScale);
      expect(c.logitBias).toBe(e.logitBias);
      expect(c.scaleTensor).toBe(e.scaleTensor);
      expect(c.biasTensor).toBe(e.biasTensor);
      expect(c.t).toBe(Math.exp(e.logitScale));
      expect(c.b).toBe(-e.logitBias);
    });
  }
  it('refuses a checkpoint without logit_bias, with two candidate scales, with a vector scale', () => {
    expect(() => readCheckpointLogits(join(DIR, 'clip-no-bias.safetensors'))).toThrow(/no logit_bias tensor/);
    expect(() => readCheckpointLogits(join(DIR, 'two-scales.safetensors'))).toThrow(/several logit_scale/);
    expect(() => readCheckpointLogits(join(DIR, 'vector-scale.safetensors'))).toThrow(/must hold one number/);
    expect(() => readCheckpointLogits(join(DIR, 'missing.safetensors'))).toThrow(/cannot open/);
  });
  it('refuses truncated and malformed files with a UsageError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigcheck-ckpt-'));
    const cases: [string, Buffer, RegExp][] = [
      ['short', Buffer.from([1, 2, 3]), /truncated/],
      ['huge-header', Buffer.from([255, 255, 255, 255, 0, 0, 0, 0, 123]), /bad safetensors header size/],
      [
        'not-json',
        Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('nope')]),
        /not valid JSON/,
      ],
    ];
    const header = Buffer.from(
      JSON.stringify({
        logit_scale: { dtype: 'F32', shape: [], data_offsets: [0, 4] },
        logit_bias: { dtype: 'F32', shape: [], data_offsets: [4, 8] },
      }),
    );
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(header.length));
    cases.push(['data-missing', Buffer.concat([len, header, Buffer.alloc(4)]), /truncated data/]);
    for (const [name, bytes, pattern] of cases) {
      const p = join(dir, `${name}.safetensors`);
      writeFileSync(p, bytes);
      expect(() => readCheckpointLogits(p), name).toThrow(UsageError);
      expect(() => readCheckpointLogits(p), name).toThrow(pattern);
    }
  });
});
