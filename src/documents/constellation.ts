/**
 * The `constellation` document: the BBNP25 measures of a configuration (m*, b*, mean-based margins,
 * the (m, b_rel)-constellation test, xi, retrieval, rho, feasibility and a modality-gap separator).
 * @remarks BBNP25 Def. 3.1 (constellation), Thm 3.6 (gap: N >= d + 2 and G_ii > 0 > G_ij).
 */
import { feasibility, rho } from '../bounds/constellation.js';
import { Decimal } from 'decimal.js';
import { margins } from '../geometry/margins.js';
import { exactDecimalString } from '../numeric/hp/decimal.js';
import { retrieval } from '../geometry/retrieval.js';
import { separator } from '../geometry/separator.js';
import { xi } from '../geometry/xi.js';
import type { Matrix } from '../numeric/float/vectors.js';

/** What `buildConstellation` needs: the configuration and the optional test point. */
export interface ConstellationInput {
  readonly u: Matrix;
  readonly v: Matrix;
  /** margin of the test; absent: m* */
  readonly m?: number;
  /** relative bias of the test; absent: b* */
  readonly bRel?: number;
  /** m and bRel as the user wrote them: the test is decided on these decimals, exactly */
  readonly mText?: string;
  readonly bRelText?: string;
}

/** The `constellation --format json` document (key order is the output order). */
export interface ConstellationDocument {
  readonly n: number;
  readonly d: number;
  readonly mStar: number;
  readonly bStar: number;
  readonly minPos: number;
  readonly maxNeg: number;
  readonly mMean: number;
  readonly bMean: number;
  readonly test: { readonly m: number; readonly bRel: number; readonly isConstellation: boolean };
  readonly xi: number;
  readonly retrieval: { readonly uToV: number; readonly vToU: number };
  readonly rho: number | null;
  readonly feasibility: {
    readonly feasible: boolean;
    readonly finiteBound: number | null;
    readonly message: string | null;
  } | null;
  readonly separator: {
    readonly found: boolean;
    readonly separated: number;
    readonly fractionSeparated: number;
    readonly margin: number;
    readonly theorem36Applies: boolean;
    readonly guaranteed: number | null;
    readonly h: number[];
  };
}

/**
 * Whether BBNP25 Thm 3.6 applies to a configuration of N pairs in R^d with the given extreme
 * similarities: N >= d + 2 and min positive > 0 > max negative; it then guarantees a separator
 * with all U positive and at least N - d of the V negative.
 * @example theorem36Applies(0.5, -0.1, 10, 8) === true
 */
export function theorem36Applies(minPos: number, maxNeg: number, N: number, d: number): boolean {
  return minPos > 0 && maxNeg < 0 && N >= d + 2;
}

/** Enough digits for sums of two doubles' exact expansions (at most 767 significant digits each). */
const Exact = Decimal.clone({ precision: 2000 });

/**
 * Whether the configuration is an (m, b)-constellation, decided exactly: m > 0, min G_ii >= b + m
 * and max G_ij <= b - m (BBNP25 eq. 2) on the exact values of the doubles min G_ii, max G_ij and of
 * m and b as given (decimal text or a double); an absent m or b is m* or b*, exactly
 * (min G_ii -+ max G_ij) / 2, not its rounded double.
 * @example constellationTest(1, 0.1, '0.45', '0.55') === false // 0.55 - 0.45 = 0.1 < the double 0.1000000000000000055...
 */
export function constellationTest(
  minPos: number,
  maxNeg: number,
  m: string | number | undefined,
  b: string | number | undefined,
): boolean {
  const exact = (x: string | number) => new Exact(typeof x === 'number' ? exactDecimalString(x) : x.trim());
  const pos = exact(minPos);
  const neg = exact(maxNeg);
  const mm = m === undefined ? pos.minus(neg).div(2) : exact(m);
  const bb = b === undefined ? pos.plus(neg).div(2) : exact(b);
  return mm.gt(0) && pos.gte(bb.plus(mm)) && neg.lte(bb.minus(mm));
}

/**
 * Builds the constellation document of a configuration.
 * @remarks BBNP25 constellations have m > 0: with m* <= 0 no margin m > 0 is met, whatever b_rel.
 */
export function buildConstellation(input: ConstellationInput): ConstellationDocument {
  const { u, v } = input;
  const mg = margins(u, v);
  const testM = input.m ?? mg.mStar;
  const testB = input.bRel ?? mg.bStar;
  const member = constellationTest(
    mg.minPos,
    mg.maxNeg,
    input.mText ?? input.m,
    input.bRelText ?? input.bRel,
  );
  const sep = separator(u, v);
  const rt = retrieval(u, v);
  const inRange = mg.mStar >= 0 && mg.mStar <= 1 && mg.bStar >= -1 && mg.bStar <= 1;
  const rhoStar = inRange ? rho(mg.mStar, mg.bStar) : null;
  const feas = inRange ? feasibility(mg.mStar, mg.bStar) : null;
  const gapHypothesis = theorem36Applies(mg.minPos, mg.maxNeg, u.rows, u.cols);
  return {
    n: u.rows,
    d: u.cols,
    mStar: mg.mStar,
    bStar: mg.bStar,
    minPos: mg.minPos,
    maxNeg: mg.maxNeg,
    mMean: mg.mMean,
    bMean: mg.bMean,
    test: { m: testM, bRel: testB, isConstellation: member },
    xi: xi(u, v),
    retrieval: { uToV: rt.uToV, vToU: rt.vToU },
    rho: rhoStar,
    feasibility:
      feas === null
        ? null
        : { feasible: feas.feasible, finiteBound: feas.finiteBound, message: feas.message },
    separator: {
      found: sep.found,
      separated: sep.separatedCount,
      fractionSeparated: sep.fractionSeparated,
      margin: sep.margin,
      theorem36Applies: gapHypothesis,
      guaranteed: gapHypothesis ? u.rows - u.cols : null,
      h: Array.from(sep.h),
    },
  };
}
