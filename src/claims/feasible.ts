/**
 * Points placed exactly on the feasible side of the feasibility boundary of docs/theory.md §2
 * (m + b_rel <= 1, 3m <= 1 + b_rel). The region itself is decided in src/bounds/constellation.ts;
 * here the doubles are read as their exact binary values.
 */
import { aboveEdge, inFeasibleRegion } from '../bounds/constellation.js';
import { ratOfBinary } from '../bounds/rational.js';

const view = new DataView(new ArrayBuffer(8));

/** The largest double below a positive finite x. */
function nextDown(x: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** Whether the doubles (m, b_rel), exactly, satisfy m + b_rel <= 1 and 3m <= 1 + b_rel. */
export function feasibleExactly(m: number, bRel: number): boolean {
  return inFeasibleRegion(ratOfBinary(m), ratOfBinary(bRel));
}

/**
 * m = u min(1 - b_rel, (1 + b_rel)/3) for a share u in (0, 1], moved down by ulps until the doubles
 * (m, b_rel) satisfy both feasibility inequalities exactly: u = 1 lands on the boundary itself
 * (m + b_rel = 1 or 3m = 1 + b_rel) rather than an ulp outside it.
 */
export function feasibleMargin(u: number, bRel: number): number {
  let m = u * Math.min(1 - bRel, (1 + bRel) / 3);
  while (m > 0 && !feasibleExactly(m, bRel)) m = nextDown(m);
  return m;
}

/**
 * The largest double b' <= target with m + b' <= 1 exactly (the b_rel move that ends on the
 * boundary m + b_rel = 1 stays on the feasible side of it).
 */
export function feasibleBRel(m: number, target: number): number {
  let b = target;
  const mr = ratOfBinary(m);
  // m <= 1 on the feasible region, so only a positive b' can overshoot
  while (b > 0 && aboveEdge(mr, ratOfBinary(b))) b = nextDown(b);
  return b;
}
