import { canonicalParameters } from '../documents/parameters.js';
import { UsageError } from '../errors.js';
import { type CheckpointLogitParameters, readCheckpointLogits } from '../io/checkpoint.js';
import { parseTemperatureBias } from './args.js';

/** Flags of a command that takes (t, b) directly, in SigLIP's convention, or from a checkpoint. */
export interface TemperatureBiasFlags {
  t?: string;
  b?: string;
  logitScale?: string;
  logitBias?: string;
  checkpoint?: string;
}

/**
 * Canonical (t, b) from `--checkpoint FILE` (logit_scale / logit_bias read from a .safetensors
 * checkpoint) or else from {@link parseTemperatureBias} made canonical; the checkpoint excludes the other flags.
 */
export function temperatureBiasFrom(
  where: string,
  flags: TemperatureBiasFlags,
): {
  t: number;
  b: number;
  from: 'canonical' | 'siglip' | 'default' | 'checkpoint';
  checkpoint?: CheckpointLogitParameters;
} {
  if (flags.checkpoint === undefined) return canonicalParameters(where, parseTemperatureBias(where, flags));
  const given = ['t', 'b', 'logitScale', 'logitBias'].filter(
    (k) => flags[k as keyof TemperatureBiasFlags] !== undefined,
  );
  if (given.length > 0) {
    throw new UsageError(
      `${where}: --checkpoint gives t and b; do not also pass --t/--b/--logit-scale/--logit-bias`,
    );
  }
  const c = readCheckpointLogits(flags.checkpoint);
  return { t: c.t, b: c.b, from: 'checkpoint', checkpoint: c };
}

/** One line stating where (t, b) came from and the convention. */
export function checkpointNote(c: CheckpointLogitParameters): string {
  return `${c.source}: ${c.scaleTensor} = ${c.logitScale}, ${c.biasTensor} = ${c.logitBias} (${c.convention}) -> t = ${c.t}, b = ${c.b}`;
}
