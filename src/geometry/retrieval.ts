import type { Matrix } from '../numeric/float/vectors.js';
import { type Retrieval, scanPairs } from './pairs.js';

/**
 * Top-1 retrieval accuracy U -> V and V -> U by inner product, ties counted as failures.
 *
 * @remarks docs/theory.md §2, Cor. 1: in an (m, b)-constellation with m > 0 the nearest V of U_i
 * is V_i, uniquely, so both accuracies are 1. U_i is correct iff G_{i,l(i)} > G_ij for every other
 * j. With `labels` (U_i's positive is V_{labels[i]}), V_j is correct iff its best U (by
 * <U_i, V_j>) is strictly better than every U of another class, i.e. the top-1 U has label j and no
 * U of another label ties it. Streams G in blocks (see {@link scanPairs}).
 * @example retrieval(fromRows([[1, 0], [0, 1], [-1, 0]]), fromRows([[1, 0], [0, 1], [-1, 0]])).uToV === 1 // distinct unit rows
 */
export function retrieval(u: Matrix, v: Matrix, labels?: ArrayLike<number>): Retrieval {
  return scanPairs(u, v, labels === undefined ? {} : { labels }).retrieval;
}
