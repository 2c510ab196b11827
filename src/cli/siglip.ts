import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import {
  buildSiglip,
  DEFAULT_MC_SAMPLES,
  defaultMonteCarloSamples,
  monteCarloSamplesMax,
  formatBytes,
  type LogitsBlock,
  type LogitsDtype,
  MAX_BATCH,
  NORMALIZATIONS,
  type SiglipParameters,
} from '../documents/siglip.js';
import { hpContext } from '../numeric/hp/decimal.js';
import { emit, toJson } from '../report/output.js';
import { renderTable } from '../report/table.js';
import { collect, parseChoice, parseInteger, parseNumber, parseSeed } from './args.js';
import { checkpointNote, temperatureBiasFrom } from './checkpoint-option.js';
import { MIN_NORMAL } from '../numeric/float/ulp.js';

/** 2^-1022: a subnormal prior keeps too few digits for its logit. */

interface SiglipFlags {
  batch?: string;
  prior?: string;
  t?: string;
  b?: string;
  bRel?: string;
  logitScale?: string;
  logitBias?: string;
  checkpoint?: string;
  d?: string;
  dtype: string;
  devices: string;
  chunk?: string;
  similarity?: string[];
  mcSamples?: string;
  seed: string;
  format: string;
}

/** The parameters as given and a line saying where they came from. */
function parameters(flags: SiglipFlags): { parameters: SiglipParameters; source: string } {
  if (flags.bRel !== undefined) {
    if (flags.t === undefined) throw new UsageError('siglip: --b-rel needs --t (b = t b_rel)');
    if (
      flags.b !== undefined ||
      flags.logitScale !== undefined ||
      flags.logitBias !== undefined ||
      flags.checkpoint
    ) {
      throw new UsageError('siglip: give --t with --b-rel, or --t with --b, not both forms');
    }
    const t = parseNumber('--t', flags.t);
    parseNumber('--b-rel', flags.bRel);
    if (!(t > 0)) throw new UsageError(`siglip: --t must be > 0, got ${t}`);
    return { parameters: { kind: 'b-rel', t: flags.t, bRel: flags.bRel }, source: 'given t and b_rel' };
  }
  const tb = temperatureBiasFrom('siglip', flags);
  const { t, b } = tb;
  if (tb.checkpoint) {
    const { logitScale, logitBias } = tb.checkpoint;
    return {
      parameters: { kind: 'checkpoint', t, b, logitScale, logitBias },
      source: checkpointNote(tb.checkpoint),
    };
  }
  if (tb.from === 'siglip') {
    const logitScale = (flags.logitScale ?? String(Math.log(10))).trim();
    const logitBias = (flags.logitBias ?? '-10').trim();
    return {
      parameters: { kind: 'given', t, b, exact: { kind: 'siglip', logitScale, logitBias } },
      source: 'given logit_scale, logit_bias (SigLIP convention)',
    };
  }
  const exact = { kind: 'canonical', t: (flags.t ?? '10').trim(), b: (flags.b ?? '10').trim() } as const;
  return {
    parameters: { kind: 'given', t, b, exact },
    source: tb.from === 'default' ? 'default: the SigLIP init t = b = 10' : 'given t, b (canonical)',
  };
}

/** `sigcheck siglip`: init bias, initial loss, match threshold, logits memory, regimes. */
export function register(program: Command): void {
  program
    .command('siglip')
    .description(
      'SigLIP answers: init bias for a match prior, expected initial loss, match threshold and p(s), logits memory, LCS24 regime, BBNP25 margins',
    )
    .option('--batch <B>', 'global batch size B (pairs per step)')
    .option('--prior <p>', 'target initial match probability (default 1/B)')
    .option('--t <t>', 'inverse temperature t > 0 (default 10, the SigLIP init)')
    .option('--b <b>', 'bias b, subtracted: logits t s - b (default 10)')
    .option('--b-rel <r>', 'relative bias b/t (with --t)')
    .option('--logit-scale <s>', 'SigLIP convention: t = exp(logit_scale)')
    .option('--logit-bias <lb>', 'SigLIP convention: b = -logit_bias')
    .option('--checkpoint <file>', 'read logit_scale / logit_bias from a .safetensors checkpoint')
    .option('--d <d>', 'embedding dimension (random-init expectation, capacity bounds)')
    .option('--dtype <dtype>', 'logits dtype: fp32 | bf16 | fp16', 'fp32')
    .option('--devices <D>', 'devices the global batch is sharded over', '1')
    .option('--chunk <c>', 'local rows scored at a time (chunked loss)')
    .option('--similarity <s>', 'similarities to report p(s) for (repeatable or comma-separated)', collect)
    .option(
      '--mc-samples <n>',
      `Monte Carlo draws for the initial loss (default ${DEFAULT_MC_SAMPLES} with --d; 0: off)`,
    )
    .option('--seed <seed>', 'Monte Carlo seed', '42')
    .option('--format <f>', 'table | json', 'table')
    .action((flags: SiglipFlags) => {
      const format = parseChoice('--format', flags.format, ['table', 'json'] as const);
      const { parameters: given, source } = parameters(flags);
      const batch =
        flags.batch !== undefined ? parseInteger('--batch', flags.batch, 2, MAX_BATCH) : undefined;
      const prior = flags.prior !== undefined ? parseNumber('--prior', flags.prior) : undefined;
      if (prior !== undefined && !(prior > 0 && prior < 1)) {
        throw new UsageError(`--prior must be in (0, 1), got '${flags.prior}'`);
      }
      if (prior !== undefined && prior < MIN_NORMAL) {
        throw new UsageError(
          `--prior must be at least 2.2250738585072014e-308 (a subnormal double keeps too few digits), got '${flags.prior}'`,
        );
      }
      // 1 - prior from the typed decimal: the double of 0.999999999999999 has lost its digits
      const priorComplement =
        prior !== undefined
          ? Number(new (hpContext(60))(1).minus(flags.prior!.trim()).toString())
          : undefined;
      // 2 prior - 1 likewise: the double of 0.4999999 has lost the digits of its distance to 1/2
      const priorExcess =
        prior !== undefined
          ? Number(new (hpContext(60))(flags.prior!.trim()).times(2).minus(1).toString())
          : undefined;
      const d = flags.d !== undefined ? parseInteger('--d', flags.d, 2, 1e6) : undefined;
      const dtype: LogitsDtype = parseChoice('--dtype', flags.dtype, ['fp32', 'bf16', 'fp16'] as const);
      const devices = parseInteger('--devices', flags.devices, 1, 2 ** 20);
      const chunk =
        flags.chunk !== undefined ? parseInteger('--chunk', flags.chunk, 1, MAX_BATCH) : undefined;
      const similarities = flags.similarity ?? [];
      for (const s of similarities) {
        const x = parseNumber('--similarity', s);
        if (!(x >= -1 && x <= 1)) throw new UsageError(`--similarity must be in [-1, 1], got '${s}'`);
      }
      const mc =
        flags.mcSamples !== undefined
          ? parseInteger('--mc-samples', flags.mcSamples, 0, 1e7)
          : d !== undefined && batch !== undefined
            ? defaultMonteCarloSamples(d)
            : 0;
      if (d !== undefined && mc > monteCarloSamplesMax(d)) {
        throw new UsageError(
          `--mc-samples ${mc} at d = ${d} is more than the ${monteCarloSamplesMax(d)} draws the Monte Carlo check allows (2 d normal deviates each); lower it, or 0 for none`,
        );
      }
      if ((devices !== 1 || chunk !== undefined) && batch === undefined) {
        throw new UsageError('siglip: --devices and --chunk need --batch');
      }
      const out = buildSiglip({
        parameters: given,
        source,
        ...(batch !== undefined ? { batch } : {}),
        ...(prior !== undefined
          ? { prior, priorComplement: priorComplement!, priorExcess: priorExcess! }
          : {}),
        ...(d !== undefined ? { d } : {}),
        similarities,
        dtype,
        devices,
        ...(chunk !== undefined ? { chunk } : {}),
        monteCarloSamples: mc,
        seed: parseSeed(flags.seed),
      });
      if (format === 'json') {
        emit(toJson(out));
        return;
      }
      const rows: unknown[][] = [
        ['parameters', out.source],
        ['t / b (logits t s - b)', `${out.t} / ${out.b}`],
        ['logit_scale / logit_bias (SigLIP)', `${out.logitScale} / ${out.logitBias}`],
        ['match threshold b_rel = b/t (p = 1/2)', out.matchThreshold],
      ];
      for (const s of out.similarities) rows.push([`p(s = ${s.s})`, `${s.p} (${s.side})`]);
      if (out.initBias) {
        rows.push([
          `init logit_bias for prior ${out.initBias.prior}`,
          `${out.initBias.logitBias} (b = ${out.initBias.b}; ${out.initBias.assumption})`,
        ]);
        if (out.initBias.calibratedLogitBias !== null) {
          rows.push([`  calibrated in R^${d} (E[p] = prior at t)`, out.initBias.calibratedLogitBias]);
        }
      }
      rows.push(['batch whose 1/B prior the given bias matches', out.batchForGivenBias]);
      const il = out.initialLoss;
      if (il) {
        for (const n of NORMALIZATIONS) {
          const e = il.expected ? `expected ${il.expected[n]}` : 'expected: give --d';
          const mcText =
            out.monteCarlo !== null
              ? `; Monte Carlo ${out.monteCarlo.mean[n]} ± ${out.monteCarlo.standardError[n]} (${out.monteCarlo.samples} draws)`
              : '';
          rows.push([
            `initial loss, ${n}`,
            `${e}${mcText}; at s = 0: ${il.atZero[n]}; range [${il.min[n]}, ${il.max[n]}]`,
          ]);
        }
      }
      const mem = out.memory;
      if (mem) {
        const show = (x: LogitsBlock) =>
          `${x.rows} x ${x.cols} = ${x.elements} x ${mem.bytesPerElement} B = ${x.bytes} B (${formatBytes(x.bytes)}); with gradient ${formatBytes(x.bytesWithGradient)}`;
        rows.push([`logits ${mem.dtype}, global B x B`, show(mem.global)]);
        rows.push([`per device (all-gather, D = ${mem.devices})`, show(mem.perDevice)]);
        if (mem.perChunk) rows.push([`per chunk (c = ${mem.chunk})`, show(mem.perChunk)]);
        rows.push(['per ring step ((B/D) x (B/D))', show(mem.ringBlock)]);
      }
      if (out.lcs24) {
        rows.push([
          'LCS24 optimum (CCEM) at N = B',
          `${out.lcs24.regime}: c1 = ${out.lcs24.c1}, c2 = ${out.lcs24.c2}, loss/N = ${out.lcs24.lossPerAnchor}`,
        ]);
      }
      if (out.bbnp25) {
        const g = out.bbnp25;
        rows.push(['BBNP25 at b_rel', g.reason]);
        if (g.separable) {
          rows.push([
            'margin bounds at b_rel',
            `any d: m <= ${g.marginNecessary} (Thm 3.4, N = B)${g.marginGuaranteed !== null ? `; in R^${d}: achievable ${g.marginGuaranteed}, at most ${g.marginMax}` : ''}`,
          ]);
        }
      }
      rows.push(['convention', out.convention]);
      for (const w of out.warnings) rows.push(['warning', w]);
      emit(renderTable(['quantity', 'value'], rows));
    });
}
