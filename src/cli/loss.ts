import type { Command } from 'commander';
import { readConfig } from '../io/config.js';
import { NORMALIZATIONS, type Normalization } from '../loss/conventions.js';
import { sigmoidLoss } from '../loss/sigmoid.js';
import { toRows } from '../numeric/float/vectors.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseTemperatureBias, requireFiniteLogits } from './args.js';

interface LossFlags {
  config?: string;
  t?: string;
  b?: string;
  logitScale?: string;
  logitBias?: string;
  normalization: string;
  grad?: boolean;
  normalize?: boolean;
  format: string;
}

/** `sigcheck loss`: L_Sig of a configuration file, optionally with its gradient. */
export function register(program: Command): void {
  program
    .command('loss')
    .description('the sigmoid loss of a configuration { "U": [[...]], "V": [[...]] } (rows are vectors)')
    .requiredOption('--config <file>', 'JSON configuration (a solve --out file works too)')
    .option('--t <t>', 'inverse temperature t > 0 (default 10, the SigLIP init)')
    .option('--b <b>', 'bias b, subtracted: logits t G - b (default 10)')
    .option('--logit-scale <s>', 'SigLIP convention: t = exp(logit_scale)')
    .option('--logit-bias <lb>', 'SigLIP convention: b = -logit_bias')
    .option('--normalization <n>', 'sum | per-anchor | mean', 'per-anchor')
    .option('--grad', 'also print the gradient with respect to U, V (as given), t and b')
    .option('--normalize', 'scale rows to unit norm instead of refusing non-unit rows')
    .option('--format <f>', 'table | json', 'table')
    .action((flags: LossFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const normalization = parseChoice(
        '--normalization',
        flags.normalization,
        NORMALIZATIONS,
      ) as Normalization;
      const { t, b } = parseTemperatureBias('loss', flags);
      requireFiniteLogits('loss', t, b, 1);
      const { u, v } = readConfig(flags.config!, { normalize: flags.normalize === true });
      const r = sigmoidLoss(u, v, { t, b, normalization, grad: flags.grad === true });
      const grad =
        r.gradU !== undefined
          ? {
              U: toRows({ rows: u.rows, cols: u.cols, data: r.gradU }),
              V: toRows({ rows: v.rows, cols: v.cols, data: r.gradV! }),
              t: r.dt!,
              b: r.db!,
            }
          : undefined;
      if (format === 'json') {
        emit(toJson({ loss: r.loss, normalization, t, b, ...(grad ? { grad } : {}) }));
        return;
      }
      const rows: unknown[][] = [
        ['N', u.rows],
        ['d', u.cols],
        ['t', t],
        ['b', b],
        ['normalization', normalization],
        ['loss', r.loss],
      ];
      if (grad) {
        rows.push(['dL/dt', grad.t], ['dL/db', grad.b]);
        const norm = (rs: number[][]) => Math.sqrt(rs.flat().reduce((a, x) => a + x * x, 0));
        rows.push(['|dL/dU|', norm(grad.U)], ['|dL/dV|', norm(grad.V)]);
      }
      emit(renderTable(['quantity', 'value'], rows));
    });
}
