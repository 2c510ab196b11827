/**
 * The run seed of the test suite: $SIGCHECK_SEED when set (a 32-bit integer), else 42 — the same
 * default and the same strictness as `sigcheck verify`. A malformed value stops the run rather
 * than silently falling back to 42.
 */
export const RUN_SEED: number = parseRunSeed(process.env.SIGCHECK_SEED);

/** The seed for a raw $SIGCHECK_SEED value (undefined or empty: 42). */
export function parseRunSeed(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 42;
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`SIGCHECK_SEED must be a 32-bit integer, got '${raw}'`);
  const seed = Number(raw.trim());
  if (!Number.isSafeInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new Error(`SIGCHECK_SEED must be a 32-bit integer, got '${raw}'`);
  }
  return seed;
}
