import type { Command } from 'commander';
import { readConfig, readConfigRowNorms } from '../io/config.js';
import { NORMALIZATIONS, type Normalization } from '../loss/conventions.js';
import { gradientThroughNormalization, sigmoidLoss, sigmoidLossLog10 } from '../loss/sigmoid.js';
import { toRows } from '../numeric/float/vectors.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, parseTemperatureBias, requireFiniteLogits } from './args.js';
import { readableLoss } from './ccem.js';

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
      const log10Loss = sigmoidLossLog10(u, v, t, b, normalization);
      // with --normalize the loss sees U_i / |U_i|: the gradient is taken through that map
      const norms =
        flags.normalize === true && r.gradU !== undefined ? readConfigRowNorms(flags.config!) : undefined;
      const gU = r.gradU && norms ? gradientThroughNormalization(u, norms.u, r.gradU) : r.gradU;
      const gV = r.gradV && norms ? gradientThroughNormalization(v, norms.v, r.gradV) : r.gradV;
      const grad =
        gU !== undefined
          ? {
              U: toRows({ rows: u.rows, cols: u.cols, data: gU }),
              V: toRows({ rows: v.rows, cols: v.cols, data: gV! }),
              t: r.dt!,
              b: r.db!,
            }
          : undefined;
      // where float64 underflows the loss is given from its log10 in exponent form
      const loss = readableLoss(r.loss, log10Loss);
      if (format === 'json') {
        emit(toJson({ loss, log10Loss, normalization, t, b, ...(grad ? { grad } : {}) }));
        return;
      }
      const rows: unknown[][] = [
        ['N', u.rows],
        ['d', u.cols],
        ['t', t],
        ['b', b],
        ['normalization', normalization],
        ['loss', loss],
        ['log10(loss)', log10Loss],
      ];
      if (grad) {
        rows.push(['dL/dt', grad.t], ['dL/db', grad.b]);
        const norm = (rs: number[][]) => Math.sqrt(rs.flat().reduce((a, x) => a + x * x, 0));
        rows.push(['|dL/dU|', norm(grad.U)], ['|dL/dV|', norm(grad.V)]);
      }
      emit(renderTable(['quantity', 'value'], rows));
    });
}
