import { UsageError } from '../errors.js';
import { parseSeed } from './args.js';

/** The seed of a run when neither --seed nor SIGCHECK_SEED is given. */
export const DEFAULT_SEED = 42;

/** The run seed: --seed, else $SIGCHECK_SEED, else {@link DEFAULT_SEED}. */
export function resolveSeed(flag: string | undefined): number {
  if (flag !== undefined) return parseSeed(flag);
  const env = process.env.SIGCHECK_SEED;
  if (env !== undefined && env !== '') {
    try {
      return parseSeed(env);
    } catch {
      throw new UsageError(`SIGCHECK_SEED must be a 32-bit integer, got '${env}'`);
    }
  }
  return DEFAULT_SEED;
}
