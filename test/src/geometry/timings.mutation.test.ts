import { afterEach, describe, expect, it, vi } from 'vitest';
import { mark, note, TIMINGS_ENV, timed } from '../../../src/geometry/timings.js';

// Phase timings: off (the default here), `timed` is just the call and nothing is printed; on
// (SIGCHECK_TIMINGS=1 when the module loads: a second instance imported with a query), one line
// per phase with the wall and CPU seconds of a known amount of CPU work.

afterEach(() => {
  vi.restoreAllMocks();
});

/** Spins until this process has used `ms` of CPU time (wall time depends on the machine's load). */
function busy(ms: number): number {
  const c0 = process.cpuUsage();
  let x = 0;
  for (;;) {
    const c = process.cpuUsage(c0);
    if (c.user + c.system >= ms * 1000) return x;
    x++;
  }
}

/**
 * A second instance of the timings module loaded with SIGCHECK_TIMINGS=1 (it reads the variable
 * when it loads), and the lines it writes to stderr.
 */
async function timingsOn(tag: string) {
  process.env[TIMINGS_ENV] = '1';
  const fresh = `../../../src/geometry/timings.js?${tag}`;
  const on = (await import(fresh)) as typeof import('../../../src/geometry/timings.js');
  delete process.env[TIMINGS_ENV];
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    lines.push(String(s));
    return true;
  });
  return { on, lines };
}

describe('timings', () => {
  it('off: timed returns the value and prints nothing; note prints nothing', () => {
    expect(TIMINGS_ENV).toBe('SIGCHECK_TIMINGS');
    expect(process.env[TIMINGS_ENV]).toBeUndefined();
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(timed('phase', () => 42)).toBe(42);
    note('sizes');
    mark('point');
    expect(write).not.toHaveBeenCalled();
  });

  it('on: one line per phase with wall and CPU seconds, also when the phase throws', async () => {
    const { on, lines } = await timingsOn('on');
    expect(
      on.timed('scan', () => {
        busy(60);
        return 7;
      }),
    ).toBe(7);
    expect(() =>
      on.timed('fails', () => {
        throw new Error('x');
      }),
    ).toThrow('x');
    on.note('N = 3');
    expect(lines).toHaveLength(3);
    const m = /^sigcheck timings: scan: wall (\d+\.\d{3}) s, cpu (\d+\.\d{3}) s\n$/.exec(lines[0]!);
    expect(m, lines[0]).not.toBeNull();
    // 60 ms of CPU spent inside the phase: CPU >= 0.060 s; the wall time is at least most of it
    // (other threads of the process may add CPU) and far below seconds
    expect(Number(m![2])).toBeGreaterThanOrEqual(0.06);
    expect(Number(m![2])).toBeLessThan(5);
    expect(Number(m![1])).toBeGreaterThanOrEqual(0.03);
    expect(Number(m![1])).toBeLessThan(5);
    expect(lines[1]).toMatch(/^sigcheck timings: fails: wall \d+\.\d{3} s, cpu \d+\.\d{3} s\n$/);
    expect(lines[2]).toBe('sigcheck timings: N = 3\n');
  });

  it('on: mark prints the seconds since the process started and the CPU seconds so far', async () => {
    const { on, lines } = await timingsOn('mark');
    busy(20);
    const cpu = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
    const [w0, c0] = [performance.now() / 1e3, cpu(process.cpuUsage())];
    on.mark('after the scan');
    const [w1, c1] = [performance.now() / 1e3, cpu(process.cpuUsage())];
    expect(lines).toHaveLength(1);
    const m = /^sigcheck timings: at (\d+\.\d{3}) s \(cpu (\d+\.\d{3}) s\): after the scan\n$/.exec(
      lines[0]!,
    );
    expect(m, lines[0]).not.toBeNull();
    // both printed to the millisecond (toFixed(3) rounds by at most 0.0005) between the readings
    // taken around the call; the CPU time includes system time (user alone is smaller)
    expect(Number(m![1])).toBeGreaterThanOrEqual(w0 - 0.0005);
    expect(Number(m![1])).toBeLessThanOrEqual(w1 + 0.0005);
    expect(Number(m![2])).toBeGreaterThanOrEqual(c0 - 0.0005);
    expect(Number(m![2])).toBeLessThanOrEqual(c1 + 0.0005);
  });
});
