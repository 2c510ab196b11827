import type { Command } from 'commander';
import { buildConstellation } from '../documents/constellation.js';
import { UsageError } from '../errors.js';
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
      const result = buildConstellation({
        u,
        v,
        ...(m !== undefined ? { m, mText: flags.m! } : {}),
        ...(bRel !== undefined ? { bRel, bRelText: flags.bRel! } : {}),
      });
      const { test, separator: sep, feasibility: feas } = result;
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
          `(${test.m}, ${test.bRel})-constellation`,
          test.isConstellation
            ? 'yes'
            : test.m > 0
              ? 'no'
              : result.mStar <= 0
                ? 'no (a constellation needs m > 0; here m* <= 0)'
                : 'no (a constellation needs m > 0)',
        ],
        ['xi', result.xi],
        ['retrieval U->V, V->U', `${result.retrieval.uToV}, ${result.retrieval.vToU}`],
        ['rho(m*, b*)', result.rho ?? 'n/a (m* < 0)'],
        ['feasibility', feas === null ? 'n/a' : feas.feasible ? 'feasible' : (feas.message ?? 'infeasible')],
        ['separator found (all <h,U_i> > 0)', sep.found ? 'yes' : 'no'],
        [
          'V separated (<h,V_j> < 0)',
          `${sep.separated} of ${v.rows}${sep.guaranteed !== null ? ` (Thm 3.6 guarantees >= ${sep.guaranteed})` : ''}`,
        ],
        ['separator margin', sep.margin],
      ];
      emit(renderTable(['quantity', 'value'], rows));
    });
}
