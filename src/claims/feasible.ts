import { exact, hpContext } from '../numeric/hp/decimal.js';

/** Digits that hold a sum of two doubles exactly (their exponents differ by at most ~1100 bits here). */
const SUM_DIGITS = 400;

const view = new DataView(new ArrayBuffer(8));

/** The largest double below a positive finite x. */
function nextDown(x: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/** Whether (m, b_rel) as exact decimals satisfies m + b_rel <= 1 and 3m <= 1 + b_rel. */
export function feasibleExactly(m: number, bRel: number): boolean {
  const D = hpContext(SUM_DIGITS);
  const em = exact(D, m);
  const eb = exact(D, bRel);
  return em.plus(eb).lte(1) && em.times(3).lte(eb.plus(1));
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
  const D = hpContext(SUM_DIGITS);
  // m <= 1 on the feasible region, so only a positive b' can overshoot
  while (b > 0 && exact(D, m).plus(exact(D, b)).gt(1)) b = nextDown(b);
  return b;
}
