import { describe, expect, it } from 'vitest';
import {
  floorOf,
  PUBLISHED,
  publishedRows,
  publishedValue,
  toleranceOf,
} from '../../../src/experiments/published.js';
import { EXPERIMENTS } from '../../../src/experiments/registry.js';
import { stat } from '../../../src/experiments/stats.js';
import type { GroupResult, Plan } from '../../../src/experiments/types.js';

const PLAN: Plan = { quick: false, step: 'projected-adam', seeds: 3, seed: 0 };

function group(params: Record<string, number | string>, values: Record<string, number[]>): GroupResult {
  const runs = values[Object.keys(values)[0]!]!.map((_, k) =>
    Object.fromEntries(Object.entries(values).map(([q, xs]) => [q, xs[k]!])),
  );
  return {
    params,
    runs,
    stats: Object.fromEntries(Object.entries(values).map(([q, xs]) => [q, stat(xs)])),
  };
}

describe('published numbers: one data module', () => {
  it('every number names an experiment that exists, a source, and a unique (experiment, quantity, params)', () => {
    const ids = new Set(EXPERIMENTS.map((e) => e.id));
    const keys = new Set<string>();
    for (const p of PUBLISHED) {
      expect(ids.has(p.experiment), p.experiment).toBe(true);
      expect(p.source.length).toBeGreaterThan(5);
      const key = `${p.experiment} ${p.quantity} ${JSON.stringify(p.params)}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
  });

  it('holds the numbers docs/theory.md §3 quotes (spot checks against the text)', () => {
    expect(publishedValue('bbnp25-bias-vs-rb', 't', { loss: 'rb-sig', b0: 0 })).toBe(51.6);
    expect(publishedValue('bbnp25-bias-vs-rb', 'margin', { loss: 'rb-sig', b0: 10 })).toBe(0.297);
    expect(publishedValue('bbnp25-fixed-brel', 'margin', { index: 8 })).toBe(0.2814);
    expect(publishedValue('bbnp25-locked', 'loss', { mode: 'fixed-200-0-clamp' })).toBe(5.7674);
    expect(publishedValue('bbnp25-k-modal', 'b', { mode: 'sig-b' })).toBe(-8.8291);
    // .0752 is printed by the clamped float32 loss: it belongs to the clamped arm, not the exact one
    expect(publishedValue('bbnp25-k-modal', 'loss', { k: 4, mode: 'fixed-200-0-clamp' })).toBe(0.0752);
    expect(publishedValue('bbnp25-k-modal', 'loss', { k: 4, mode: 'fixed-200-0' })).toBeNull();
    expect(publishedValue('bbnp25-fixed-t', 't', { arm: 'trainable', bRel: 0.5 })).toBe(64.9);
    expect(publishedValue('bbnp25-basic', 't', {})).toBe(951);
    // the mean of the d = 3 figure's 20 endpoints (-4.41 .. -3.14), not a reading near its bottom
    expect(publishedValue('xi-decay', 'log10Xi', { d: 3 })).toBe(-3.69);
    // the adapter's published numbers belong to the rerun of the authors' draw
    expect(publishedValue('bbnp25-locked', 't', { mode: 'adapter-authors-draw' })).toBe(139.2057);
    expect(publishedValue('bbnp25-locked', 't', { mode: 'adapter' })).toBeNull();
    expect(publishedValue('bbnp25-basic', 'bRel', {})).toBeNull();
  });
});

describe('the verdict rule', () => {
  it('one draw: tolerance max(3 sd, floor); mean of R runs: max(3 sd sqrt(1/K + 1/R), floor)', () => {
    expect(toleranceOf({ kind: 'one-draw' }, 0.02, 0.01, 3)).toBeCloseTo(0.03, 15);
    expect(toleranceOf({ kind: 'one-draw' }, 0.02, 0.001, 3)).toBe(0.02);
    expect(toleranceOf({ kind: 'one-draw' }, 0.02, null, 1)).toBe(0.02);
    // the authors' own draw rerun: the floor alone, whatever the sd over seeds
    expect(toleranceOf({ kind: 'same-draw' }, 0.02, 0.01, 3)).toBe(0.02);
    // 3 * 0.1 * sqrt(1/4 + 1/100) = 0.3 * sqrt(0.26)
    expect(toleranceOf({ kind: 'mean', runs: 100 }, 0.02, 0.1, 4)).toBeCloseTo(0.3 * Math.sqrt(0.26), 15);
    expect(floorOf('t', 50)).toBe(5);
    expect(floorOf('loss', 0)).toBe(1e-3);
    expect(floorOf('margin', 0.3)).toBe(0.02);
  });

  it('a number inside the band is reproduced, one outside is not, a missing metric is not', () => {
    // RB-Sig b0 = 0: published t = 51.6, b_rel = .506, m* = .236
    const g = group(
      { loss: 'rb-sig', b0: 0 },
      { t: [50, 52, 54], bRel: [0.6, 0.61, 0.62], margin: [0.2, 0.21, 0.22] },
    );
    const rows = publishedRows('bbnp25-bias-vs-rb', [g], PLAN, [11, 12, 13]);
    const by = (q: string) => rows.find((r) => r.quantity === q)!;
    expect(rows.map((r) => r.quantity).sort()).toEqual(['bRel', 'margin', 't']);
    // t: mean 52, sd 2, tolerance max(6, 5.16) = 6, |51.6 - 52| = .4
    expect(by('t')).toMatchObject({
      mean: 52,
      sd: 2,
      tolerance: 6,
      verdict: 'reproduced',
      seeds: [11, 12, 13],
    });
    expect(by('t').deviation).toBeCloseTo(0.4, 12);
    // b_rel: mean .61, sd .01, tolerance max(.03, .05) = .05, |.506 - .61| = .104
    expect(by('bRel').verdict).toBe('not reproduced');
    expect(by('bRel').tolerance).toBe(0.05);
    // margin: mean .21, |.236 - .21| = .026 > max(.03, .02)? 3 sd = .03 >= .026: reproduced
    expect(by('margin').verdict).toBe('reproduced');
    const raw = publishedRows('bbnp25-bias-vs-rb', [g], { ...PLAN, step: 'adam' }, [1]);
    expect(raw.find((r) => r.quantity === 'bRel')!.reason).toMatch(/adam is not the authors' step/);
    const empty = group({ loss: 'rb-sig', b0: 0 }, { loss: [1, 2, 3] });
    for (const r of publishedRows('bbnp25-bias-vs-rb', [empty], PLAN, [1])) {
      expect(r.mean).toBeNull();
      expect(r.verdict).toBe('not reproduced');
    }
  });
});
