/**
 * A user error: bad input, bad flag, unreadable file. The CLI prints its message as one line and
 * exits with code 2. Anything else that escapes is a bug.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Throws unless `x` is a finite number; returns it. */
export function finite(x: number, where: string, name: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new UsageError(`${where}: ${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** Throws unless `x` is an integer in [min, max]; returns it. */
export function integerIn(x: number, min: number, max: number, where: string, name: string): number {
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new UsageError(`${where}: ${name} must be an integer in [${min}, ${max}], got ${String(x)}`);
  }
  return x;
}

/**
 * Largest number of float64 values sigcheck allocates for one object (8 GiB of doubles); a request
 * beyond it is refused up front rather than failing inside the allocator.
 */
export const MAX_FLOAT64_ELEMENTS = 2 ** 30;

/** Throws a {@link UsageError} if `count` doubles would not fit in memory. */
export function requireAllocatable(count: number, where: string, what: string): void {
  if (!Number.isFinite(count) || count > MAX_FLOAT64_ELEMENTS) {
    throw new UsageError(
      `${where}: ${what} needs ${count.toExponential(2)} float64 values, more than the ${MAX_FLOAT64_ELEMENTS} (8 GiB) limit`,
    );
  }
}
