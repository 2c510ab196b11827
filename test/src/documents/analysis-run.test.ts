import { describe, expect, it } from 'vitest';
import { mergeShards, runAnalysisScan } from '../../../src/documents/analysis-run.js';
import { UsageError } from '../../../src/errors.js';
import { randomPairs } from '../geometry/reference.js';

// 1100 pairs in d = 4: three shard row blocks of 512 rows (SHARD_ROWS).
const { u, v } = randomPairs(1100, 4, 7);
const input = { u, v, trim: 0.05, t: 10, b: 10, kernel: 'js' as const };
const source = { u: '/data/U.npy', v: '/data/V.npy', labels: null, normalize: false };

function shards(count: number): { file: string; text: string }[] {
  return Array.from({ length: count }, (_, index) => {
    const r = runAnalysisScan(input, { kind: 'shard', index, count, source }, 'U or V');
    if (r.kind !== 'shard') throw new Error('expected a shard document');
    return { file: `part${index + 1}.json`, text: r.text };
  });
}

describe('runAnalysisScan', () => {
  it('the merge of k shard documents is the single scan (k = 1, 3)', () => {
    const full = runAnalysisScan(input, { kind: 'full' }, 'U or V');
    if (full.kind !== 'scan') throw new Error('expected a scan');
    for (const k of [1, 3]) {
      const merged = mergeShards(shards(k));
      expect(merged.inputs).toMatchObject({ ...source, trim: 0.05, t: 10, b: 10 });
      const r = runAnalysisScan(
        input,
        { kind: 'merge', parts: merged.parts, digest: merged.inputs.digest },
        'x',
      );
      if (r.kind !== 'scan') throw new Error('expected a scan');
      expect(r.scan.margins, `k = ${k}`).toEqual(full.scan.margins);
      expect(r.scan.lossSum, `k = ${k}`).toBe(full.scan.lossSum);
      expect(r.scan.trimmed, `k = ${k}`).toEqual(full.scan.trimmed);
      expect(r.scan.retrieval, `k = ${k}`).toEqual(full.scan.retrieval);
    }
  });

  it('a full scan with --skip trimmed,loss carries neither, and the same margins and retrieval', () => {
    const full = runAnalysisScan(input, { kind: 'full' }, 'U or V');
    const skip = new Set(['trimmed', 'loss'] as const);
    const lean = runAnalysisScan({ ...input, skip }, { kind: 'full' }, 'U or V');
    if (full.kind !== 'scan' || lean.kind !== 'scan') throw new Error('expected scans');
    expect(full.scan.trimmed).toBeDefined();
    expect(full.scan.lossSum).toBeDefined();
    expect(lean.scan.trimmed).toBeUndefined();
    expect(lean.scan.lossSum).toBeUndefined();
    expect(lean.scan.margins).toEqual(full.scan.margins);
    expect(lean.scan.retrieval).toEqual(full.scan.retrieval);
    const onlyLoss = runAnalysisScan({ ...input, skip: new Set(['loss'] as const) }, { kind: 'full' }, 'x');
    if (onlyLoss.kind !== 'scan') throw new Error('expected a scan');
    expect(onlyLoss.scan.trimmed).toEqual(full.scan.trimmed);
    expect(onlyLoss.scan.lossSum).toBeUndefined();
  });

  it('a merge over inputs that changed is refused, naming them', () => {
    const merged = mergeShards(shards(2));
    const other = randomPairs(1100, 4, 8);
    expect(() =>
      runAnalysisScan(
        { ...input, u: other.u },
        { kind: 'merge', parts: merged.parts, digest: merged.inputs.digest },
        'a.npy or b.npy',
      ),
    ).toThrow(/^analyze merge: a\.npy or b\.npy changed since the shards were computed$/);
  });
});

describe('mergeShards', () => {
  const three = shards(3);
  it('refuses no shards, a missing shard, a shard given twice', () => {
    expect(() => mergeShards([])).toThrow(UsageError);
    expect(() => mergeShards([three[0]!, three[2]!])).toThrow(/shard 2\/3 is missing/);
    expect(() => mergeShards([three[0]!, three[0]!, three[1]!])).toThrow(/shard 1\/3 given twice/);
  });
  it('puts the parts in row order whatever the file order', () => {
    const parts = mergeShards([three[2]!, three[0]!, three[1]!]).parts;
    expect(parts.map((p) => p.row0)).toEqual([0, 512, 1024]);
  });
});
