import type { Command } from 'commander';
import { feasibility, rho } from '../bounds/constellation.js';
import { UsageError } from '../errors.js';
import { isConstellation, margins } from '../geometry/margins.js';
import { retrieval } from '../geometry/retrieval.js';
import { separator } from '../geometry/separator.js';
import { xi } from '../geometry/xi.js';
import { readConfig } from '../io/config.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseNumber } from './args.js';

interface ConstellationFlags {
  config?: string;
  m?: string;
  bRel?: string;
  normalize?: boolean;
  format: string;
}

/**
 * `sigcheck constellation`: the BBNP25 measures of a configuration file: m*, b*, the mean-based
 * margins, whether it is an (m, b_rel)-constellation, xi, retrieval, and a modality-gap separator.
 */
export function register(program: Command): void {
  program
    .command('constellation')
    .description(
      'constellation measures of a configuration { "U": [[...]], "V": [[...]] }: m*, b*, xi, separator',
    )
    .requiredOption('--config <file>', 'JSON configuration (a solve --out file works too)')
    .option('--m <m>', 'test for an (m, b_rel)-constellation with this margin (default: m*)')
    .option('--b-rel <b>', 'relative bias of the test (default: b*)')
    .option('--normalize', 'scale rows to unit norm instead of refusing non-unit rows')
    .option('--format <f>', 'table | json', 'table')
    .action((flags: ConstellationFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const m = flags.m !== undefined ? parseNumber('--m', flags.m) : undefined;
      const bRel = flags.bRel !== undefined ? parseNumber('--b-rel', flags.bRel) : undefined;
      if (m !== undefined && !(m >= 0 && m <= 1))
        throw new UsageError(`constellation: --m must be in [0, 1], got ${m}`);
      if (bRel !== undefined && !(bRel >= -1 && bRel <= 1))
        throw new UsageError(`constellation: --b-rel must be in [-1, 1], got ${bRel}`);
      const { u, v } = readConfig(flags.config!, { normalize: flags.normalize === true });
      const mg = margins(u, v);
      const testM = m ?? mg.mStar;
      const testB = bRel ?? mg.bStar;
      // BBNP25 constellations have m > 0: with m* <= 0 no margin m > 0 is met, whatever b_rel
      const member = testM > 0 && isConstellation(mg.mStar, mg.bStar, testM, testB);
      const sep = separator(u, v);
      const rt = retrieval(u, v);
      const inRange = mg.mStar >= 0 && mg.mStar <= 1 && mg.bStar >= -1 && mg.bStar <= 1;
      const rhoStar = inRange ? rho(mg.mStar, mg.bStar) : null;
      const feas = inRange ? feasibility(mg.mStar, mg.bStar) : null;
      const gapHypothesis = mg.minPos > 0 && mg.maxNeg < 0 && u.rows >= u.cols + 2;
      const result = {
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
      if (format === 'json') {
        emit(toJson(result));
        return;
      }
      const rows: unknown[][] = [
        ['N', result.n],
        ['d', result.d],
        ['m* = (min pos - max neg)/2', result.mStar],
        ['b* = (min pos + max neg)/2', result.bStar],
        ['m_mean, b_mean', `${result.mMean}, ${result.bMean}`],
        [
          `(${testM}, ${testB})-constellation`,
          member ? 'yes' : testM > 0 ? 'no' : 'no (a constellation needs m > 0; here m* <= 0)',
        ],
        ['xi', result.xi],
        ['retrieval U->V, V->U', `${rt.uToV}, ${rt.vToU}`],
        ['rho(m*, b*)', rhoStar ?? 'n/a (m* < 0)'],
        ['feasibility', feas === null ? 'n/a' : feas.feasible ? 'feasible' : (feas.message ?? 'infeasible')],
        ['separator found (all <h,U_i> > 0)', sep.found ? 'yes' : 'no'],
        [
          'V separated (<h,V_j> < 0)',
          `${sep.separatedCount} of ${v.rows}${gapHypothesis ? ` (Thm 3.6 guarantees >= ${u.rows - u.cols})` : ''}`,
        ],
        ['separator margin', sep.margin],
      ];
      emit(renderTable(['quantity', 'value'], rows));
    });
}
