import { describe, expect, it } from 'vitest';
import { theorem36Applies } from '../../../src/documents/constellation.js';
import { gapForced } from '../../../src/documents/plan.js';

// BBNP25 Thm 3.6: N >= d + 2 pairs with G_ii > 0 > G_ij (for a target: m > |b_rel|) force a gap.
describe('Thm 3.6 hypothesis: N >= d + 2 and positives > 0 > negatives', () => {
  it('holds from N = d + 2 on and not at N = d + 1', () => {
    expect(theorem36Applies(0.5, -0.1, 10, 8)).toBe(true);
    expect(theorem36Applies(0.5, -0.1, 9, 8)).toBe(false);
  });
  it('needs min positive > 0 and max negative < 0, strictly', () => {
    expect(theorem36Applies(0, -0.1, 10, 8)).toBe(false);
    expect(theorem36Applies(0.5, 0, 10, 8)).toBe(false);
  });
  it('for a target (m, b_rel) needs m > |b_rel|, strictly, and N >= d + 2', () => {
    // m = 0.3, b_rel = 0.1: min positive m + b_rel = 0.4 > 0, max negative b_rel - m = -0.2 < 0
    expect(gapForced(10, 8, 0.3, 0.1)).toBe(true);
    expect(gapForced(10, 8, 0.3, -0.3)).toBe(false);
    expect(gapForced(10, 8, 0.25, 0.5)).toBe(false);
    expect(gapForced(9, 8, 0.3, 0.1)).toBe(false);
  });
});
