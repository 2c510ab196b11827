/** Environment variable that turns on the phase timings of analyze (`SIGCHECK_TIMINGS=1`). */
export const TIMINGS_ENV = 'SIGCHECK_TIMINGS';

const on = process.env[TIMINGS_ENV] === '1';

/**
 * Runs `f` and, when `SIGCHECK_TIMINGS=1`, prints one line on stderr with its wall time and the
 * process's CPU time over it (all threads: with a helper thread CPU may exceed wall). Off, it is
 * just the call.
 */
export function timed<T>(phase: string, f: () => T): T {
  if (!on) return f();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    return f();
  } finally {
    const c = process.cpuUsage(c0);
    process.stderr.write(
      `sigcheck timings: ${phase}: wall ${((performance.now() - t0) / 1e3).toFixed(3)} s, cpu ${((c.user + c.system) / 1e6).toFixed(3)} s\n`,
    );
  }
}

/** Prints one line on stderr when `SIGCHECK_TIMINGS=1` (sizes behind the timings). */
export function note(text: string): void {
  if (on) process.stderr.write(`sigcheck timings: ${text}\n`);
}

/**
 * Prints one line on stderr when `SIGCHECK_TIMINGS=1`: the wall time since the process started and
 * the process's CPU time so far, at a named point (where a run spends its time between phases).
 */
export function mark(point: string): void {
  if (!on) return;
  const c = process.cpuUsage();
  process.stderr.write(
    `sigcheck timings: at ${(performance.now() / 1e3).toFixed(3)} s (cpu ${((c.user + c.system) / 1e6).toFixed(3)} s): ${point}\n`,
  );
}
