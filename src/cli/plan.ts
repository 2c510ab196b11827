import type { Command } from 'commander';
import { ccemOptimum, ccemThresholds } from '../../constructions/ccem.js';
import { ccemIsConstellation, feasibility, rhoExactOf, withinFiniteBound } from '../bounds/constellation.js';
import { lowerReaches, upperAllows } from '../bounds/decide.js';
import { dimensionForN, forwardRow, marginFor } from '../bounds/table.js';
import { UsageError } from '../errors.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseInteger, parseNumber } from './args.js';
import { checkpointNote, temperatureBiasFrom } from './checkpoint-option.js';

interface PlanFlags {
  N: string;
  d: string;
  t?: string;
  b?: string;
  logitScale?: string;
  logitBias?: string;
  targetMargin?: string;
  targetBRel?: string;
  format: string;
  checkpoint?: string;
}

/** `sigcheck plan`: what the theory predicts for N pairs in dimension d at (t, b) (issue 7). */
export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'predicted optimum regime, target feasibility, capacity and modality gap for N pairs in dimension d',
    )
    .requiredOption('--N <N>', 'number of pairs (integer >= 3)')
    .requiredOption('--d <d>', 'embedding dimension (integer >= 2)')
    .option('--t <t>', 'inverse temperature t > 0 (default 10, the SigLIP init)')
    .option('--b <b>', 'bias b, subtracted: logits t G - b (default 10)')
    .option('--logit-scale <s>', 'SigLIP convention: t = exp(logit_scale)')
    .option('--logit-bias <lb>', 'SigLIP convention: b = -logit_bias')
    .option('--target-margin <m>', 'target margin m in (0, 1]')
    .option('--target-b-rel <b>', 'target relative bias b_rel in [-1, 1]')
    .option('--format <f>', 'table | json', 'table')
    .option('--checkpoint <file>', 'read logit_scale / logit_bias from a .safetensors checkpoint')
    .action((flags: PlanFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const N = parseInteger('--N', flags.N, 3, 1e15);
      const d = parseInteger('--d', flags.d, 2, 1e7);
      const tb = temperatureBiasFrom('plan', flags);
      const { t, b } = tb;
      const hasM = flags.targetMargin !== undefined;
      const hasB = flags.targetBRel !== undefined;
      if (hasM !== hasB)
        throw new UsageError('plan: give both --target-margin and --target-b-rel, or neither');
      const m = hasM ? parseNumber('--target-margin', flags.targetMargin!) : undefined;
      const bRel = hasB ? parseNumber('--target-b-rel', flags.targetBRel!) : undefined;
      if (m !== undefined && !(m > 0 && m <= 1))
        throw new UsageError(`--target-margin must be in (0, 1], got '${flags.targetMargin}'`);
      if (bRel !== undefined && !(bRel >= -1 && bRel <= 1)) {
        throw new UsageError(`--target-b-rel must be in [-1, 1], got '${flags.targetBRel}'`);
      }

      const warnings: string[] = [];
      if (tb.checkpoint) warnings.push(`parameters from checkpoint ${checkpointNote(tb.checkpoint)}`);
      const opt = ccemOptimum(N, t, b);
      const thr = ccemThresholds(N);
      const attained = ccemAttained(opt.regime, N, d);
      if (!attained) {
        warnings.push(
          `d = ${d} < ${opt.regime === 'etf' ? `N - 1 = ${N - 1}` : `N = ${N}`}: the LCS24 optimum (CCEM, ${opt.regime} regime) does not fit in R^d; its loss is then only a lower bound (attained in the antipodal regime for any d, in the ETF regime for d >= N - 1, else for d >= N)`,
        );
      }
      if (t > 100)
        warnings.push(
          `t = ${t} > 100: open_clip clamps t = exp(logit_scale) to [1, 100]; big_vision and HF do not`,
        );
      if (t < 1) warnings.push(`t = ${t} < 1: open_clip clamps t to [1, 100]`);
      warnings.push(
        `bias sign: sigcheck subtracts b (logits t G - b); SigLIP/open_clip/HF add logit_bias, so logit_bias = ${-b}, logit_scale = ${Math.log(t)}`,
      );
      const regime = {
        name: opt.regime,
        c1: opt.c1,
        c2: opt.c2,
        delta: opt.delta,
        lossPerAnchor: opt.loss,
        attained,
        onDiagonal: t === b,
      };
      const thresholds = {
        etf: thr.etf,
        antipodal: thr.antipodal,
        note:
          N <= 4
            ? 'N = 3, 4: ETF for every t > 0 (t = b)'
            : `t = b: ETF iff t >= ${thr.etf}, antipodal iff t <= ${thr.antipodal}, interior between`,
        general: {
          etf: 'ETF iff 1 + e^{t/(N-1) + b} >= ((N-2)/2)(1 + e^{t-b})',
          antipodal: 'antipodal iff t + b <= ln((N-2)/2)',
        },
      };

      let feasible: Record<string, unknown> | null = null;
      let capacity: Record<string, unknown> | null = null;
      let gapPredicted: boolean | null = null;
      let gapReason: string;
      if (m !== undefined && bRel !== undefined) {
        const f = feasibility(m, bRel);
        feasible = { feasible: f.feasible, reason: f.message, finiteBound: f.finiteBound };
        const row = forwardRow(d, m, bRel);
        const log10N = Math.log10(N);
        const fits = fitsVerdict(N, d, m, bRel);
        const dim = dimensionForN(N, m, bRel);
        const mg = marginFor(N, d, bRel);
        capacity = {
          log10N,
          log10NLower: row.log10NLower,
          log10NUpper: row.log10NUpper,
          upperKind: row.upperKind,
          upperNote: row.upperNote,
          fits,
          dSufficient: dim.dSufficient,
          dNecessary: dim.dNecessary,
          marginGuaranteed: mg.mGuaranteed,
          marginMax: mg.mMax,
          reason: row.reason ?? dim.reason,
        };
        gapPredicted = N >= d + 2 && m > Math.abs(bRel);
        gapReason = gapPredicted
          ? `BBNP25 Thm 3.6: N >= d + 2 and m > |b_rel| (G_ii > 0 > G_ij) force a separator h with all U positive and >= N - d V negative`
          : N < d + 2
            ? `not forced: N = ${N} < d + 2 = ${d + 2} (Thm 3.6 needs N >= d + 2)`
            : `not forced: m = ${m} <= |b_rel| = ${Math.abs(bRel)} (Thm 3.6 needs G_ii > 0 > G_ij)`;
      } else {
        gapReason = 'give --target-margin and --target-b-rel to test Thm 3.6 (N >= d + 2 and m > |b_rel|)';
      }
      const out = {
        N,
        d,
        t,
        b,
        bRel: b / t,
        regime,
        thresholds,
        feasible,
        capacity,
        gapPredicted,
        gapReason,
        warnings,
      };
      if (format === 'json') {
        emit(toJson(out));
        return;
      }
      const rows: unknown[][] = [
        ['N / d', `${N} / ${d}`],
        ['t / b (logits t G - b), b/t', `${t} / ${b}, ${b / t}`],
        [
          'LCS24 optimum (CCEM)',
          `${opt.regime}: c1 = ${opt.c1}, c2 = ${opt.c2}, delta = ${opt.delta}, loss/N = ${opt.loss}${attained ? '' : ' (lower bound only: d < N)'}`,
        ],
        ['thresholds (t = b)', thresholds.note],
      ];
      if (feasible && capacity) {
        rows.push(
          [
            'target (m, b_rel)',
            `(${m}, ${bRel}): ${feasible.feasible ? 'feasible' : String(feasible.reason)}`,
          ],
          [
            'log10 N vs bounds',
            `${fmt(capacity.log10N)} vs lower ${fmt(capacity.log10NLower)}, upper ${fmt(capacity.log10NUpper)}`,
          ],
          ['N fits in d', String(capacity.fits)],
          ['d needed (sufficient / necessary)', `${fmt(capacity.dSufficient)} / ${fmt(capacity.dNecessary)}`],
          [
            'best margin at (N, d, b_rel)',
            `guaranteed ${fmt(capacity.marginGuaranteed)}, at most ${fmt(capacity.marginMax)}`,
          ],
        );
      }
      rows.push([
        'modality gap',
        `${gapPredicted === null ? 'n/a' : gapPredicted ? 'predicted' : 'not forced'}: ${gapReason}`,
      ]);
      for (const w of warnings) rows.push(['warning', w]);
      emit(renderTable(['quantity', 'value'], rows));
    });
}

/**
 * Whether the CCEM optimum (a configuration in R^d) exists: antipodal regime for every d >= 1, ETF
 * regime for d >= N - 1, interior for d >= N (THEORY.md s1).
 * @example ccemAttained('etf', 8, 7) === true
 */
export function ccemAttained(regime: string, N: number, d: number): boolean {
  if (regime === 'antipodal') return d >= 1;
  if (regime === 'etf') return d >= N - 1;
  return d >= N;
}

/**
 * Whether N pairs with margin m at relative bias b_rel fit in R^d: 'yes' when the lower bound
 * reaches N or the CCEM of N pairs (d >= N) is such a constellation, 'no' when the upper bound (or
 * Thm 3.4) excludes N, else 'unknown'; each comparison certified (exact, or decimal at up to 80
 * digits, else 'undecided').
 */
export function fitsVerdict(N: number, d: number, m: number, bRel: number): string {
  const f = feasibility(m, bRel);
  if (!f.feasible) {
    if (!withinFiniteBound(N, m, bRel)) return 'no';
    if (d >= N && ccemIsConstellation(N, m, bRel)) return 'yes';
    return 'unknown (finite regime)';
  }
  if (d >= N && ccemIsConstellation(N, m, bRel)) return 'yes';
  const r = rhoExactOf(m, bRel);
  const lo = lowerReaches(d - 1, r, N);
  if (lo.value === true) return 'yes';
  const up = upperAllows(d, r, N);
  if (up.value === false) return 'no';
  if (lo.value === null || up.value === null) {
    return `undecided at ${Math.max(lo.digits ?? 0, up.digits ?? 0)} digits`;
  }
  return 'unknown (between the bounds)';
}

function fmt(x: unknown): string {
  return typeof x === 'number' ? Number(x.toPrecision(6)).toString() : String(x);
}
