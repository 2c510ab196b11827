/**
 * Points placed exactly on the feasible side of the feasibility boundary of docs/theory.md §2
 * (m + b_rel <= 1, 3m <= 1 + b_rel). The region itself is decided in src/bounds/constellation.ts;
 * here the doubles are read as the bounds table reads them (`ratOf`: the decimal a double of at most
 * 15 significant digits prints as, else its binary value), so a point placed here is feasible to it.
 */
import { aboveEdge, inFeasibleRegion } from '../bounds/constellation.js';
import { ratOf } from '../bounds/rational.js';
import { adjacentDouble } from '../numeric/float/ulp.js';

/**
 * The two edges of the feasible region a share u = 1 of {@link feasibleMargin} lands on: m + b_rel = 1
 * where 1 - b_rel is the smaller end (b_rel >= 1/2), 3m = 1 + b_rel where (1 + b_rel)/3 is (b_rel <= 1/2).
 */
export const FEASIBLE_EDGES = [
  {
    name: 'm + b_rel = 1 (u = 1, b_rel >= 1/2)',
    on: (c: { readonly u?: number; readonly bRel: number }) => c.u === 1 && c.bRel >= 0.5,
  },
  {
    name: '3m = 1 + b_rel (u = 1, b_rel <= 1/2)',
    on: (c: { readonly u?: number; readonly bRel: number }) => c.u === 1 && c.bRel <= 0.5,
  },
] as const;

/** Ulps a share u = 1 may climb to reach the boundary as the table reads it (a 15-digit decimal is within 1). */
const MAX_CLIMB = 16;

/** Whether (m, b_rel), read as the table reads them, satisfy m + b_rel <= 1 and 3m <= 1 + b_rel. */
export function feasibleExactly(m: number, bRel: number): boolean {
  return inFeasibleRegion(ratOf(m), ratOf(bRel));
}

/**
 * m = u min(1 - b_rel, (1 + b_rel)/3) for a share u in (0, 1], moved down by ulps until (m, b_rel)
 * satisfy both feasibility inequalities exactly; at u = 1 then moved up to the largest such double, so
 * the point is the boundary itself (m + b_rel = 1 or 3m = 1 + b_rel where a double reads as it) rather
 * than an ulp inside or outside it.
 */
export function feasibleMargin(u: number, bRel: number): number {
  let m = u * Math.min(1 - bRel, (1 + bRel) / 3);
  while (m > 0 && !feasibleExactly(m, bRel)) m = adjacentDouble(m, -1n);
  if (u === 1 && m > 0) {
    for (let k = 0; k < MAX_CLIMB && feasibleExactly(adjacentDouble(m, 1n), bRel); k++)
      m = adjacentDouble(m, 1n);
  }
  return m;
}

/**
 * The largest double b' <= target with m + b' <= 1 exactly (the b_rel move that ends on the
 * boundary m + b_rel = 1 stays on the feasible side of it).
 */
export function feasibleBRel(m: number, target: number): number {
  let b = target;
  const mr = ratOf(m);
  // m <= 1 on the feasible region, so only a positive b' can overshoot
  while (b > 0 && aboveEdge(mr, ratOf(b))) b = adjacentDouble(b, -1n);
  return b;
}
