import type { Command } from 'commander';
import { buildLoss, frobeniusNorm, NORMALIZATIONS } from '../documents/loss.js';
import { readConfig, readConfigRowNorms } from '../io/config.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { parseChoice, requireFiniteLogits } from './args.js';
import { temperatureBiasFrom } from './checkpoint-option.js';

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
      const normalization = parseChoice('--normalization', flags.normalization, NORMALIZATIONS);
      const { t, b } = temperatureBiasFrom('loss', flags);
      requireFiniteLogits('loss', t, b, 1);
      const { u, v } = readConfig(flags.config!, { normalize: flags.normalize === true });
      const grad = flags.grad === true;
      // with --normalize the loss sees U_i / |U_i|: the gradient is taken through that map
      const rowNorms = flags.normalize === true && grad ? readConfigRowNorms(flags.config!) : undefined;
      const doc = buildLoss({ u, v, t, b, normalization, grad, ...(rowNorms ? { rowNorms } : {}) });
      if (format === 'json') {
        emit(toJson(doc));
        return;
      }
      const rows: unknown[][] = [
        ['N', u.rows],
        ['d', u.cols],
        ['t', t],
        ['b', b],
        ['normalization', normalization],
        ['loss', doc.loss],
        ['log10(loss)', doc.log10Loss],
      ];
      if (doc.grad) {
        rows.push(['dL/dt', doc.grad.t], ['dL/db', doc.grad.b]);
        rows.push(['|dL/dU|', frobeniusNorm(doc.grad.U)], ['|dL/dV|', frobeniusNorm(doc.grad.V)]);
      }
      emit(renderTable(['quantity', 'value'], rows));
    });
}
