import type { Command } from 'commander';
import { buildPlan, planTargetOf } from '../documents/plan.js';
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

      const doc = buildPlan({
        N,
        d,
        t,
        b,
        // the decimals as typed decide the regime and the target's yes/no
        ...(tb.from === 'canonical' ? { tText: flags.t ?? '10', bText: flags.b ?? '10' } : {}),
        ...(m !== undefined && bRel !== undefined
          ? { target: planTargetOf(flags.targetMargin!, flags.targetBRel!) }
          : {}),
        leadingWarnings: tb.checkpoint ? [`parameters from checkpoint ${checkpointNote(tb.checkpoint)}`] : [],
      });
      const { regime, thresholds, feasible, capacity, gapPredicted, gapReason, warnings } = doc;
      if (format === 'json') {
        emit(toJson(doc));
        return;
      }
      const rows: unknown[][] = [
        ['N / d', `${N} / ${d}`],
        ['t / b (logits t G - b), b/t', `${t} / ${b}, ${b / t}`],
        [
          'LCS24 optimum (CCEM)',
          `${regime.name}: c1 = ${regime.c1}, c2 = ${regime.c2}, delta = ${regime.delta}, loss/N = ${regime.lossPerAnchor}${regime.attained ? '' : ' (lower bound only: d < N)'}`,
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

function fmt(x: unknown): string {
  return typeof x === 'number' ? Number(x.toPrecision(6)).toString() : String(x);
}
