/** Seconds between plain progress lines when stderr is not a terminal (SIGCHECK_PROGRESS_EVERY overrides). */
export const PLAIN_PROGRESS_SECONDS = 10;

function plainEverySeconds(): number {
  const v = Number(process.env.SIGCHECK_PROGRESS_EVERY);
  return Number.isFinite(v) && v > 0 ? v : PLAIN_PROGRESS_SECONDS;
}

/**
 * Progress with an ETA for long jobs on stderr: a redrawn line on a terminal (at most four times a
 * second), otherwise one plain line every {@link PLAIN_PROGRESS_SECONDS} s, so a job run from a
 * script or CI is never silent for long. stdout is never touched, so its bytes stay the same.
 */
export class Progress {
  private readonly start = performance.now();
  private last = 0;
  private readonly live: boolean;
  private readonly plain: boolean;
  private readonly plainEveryMs = plainEverySeconds() * 1000;

  /** `label` names the job, `total` counts its units (rows, steps), `unit` names them. */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    enabled = true,
  ) {
    this.live = enabled && process.stderr.isTTY === true && total > 0;
    this.plain = enabled && process.stderr.isTTY !== true && total > 0;
    this.last = this.plain ? this.start : 0;
  }

  /** Reports `done` units finished. */
  update(done: number): void {
    if (!this.live && !this.plain) return;
    const now = performance.now();
    if (this.plain ? now - this.last < this.plainEveryMs : now - this.last < 250 && done < this.total) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed * (this.total - done)) / done : Number.NaN;
    const pct = ((100 * done) / this.total).toFixed(1);
    const etaText = Number.isFinite(eta) ? `eta ${formatSeconds(eta)}` : 'eta ?';
    const line = `${this.label}: ${done}/${this.total} ${this.unit} (${pct}%), ${etaText}`;
    process.stderr.write(this.plain ? `${line}\n` : `\r${line}   `);
  }

  /** Clears the progress line. */
  stop(): void {
    if (this.live && this.last > 0) process.stderr.write('\r\x1b[K');
  }
}

/** Seconds for people: `42 s`, `3.5 min`, `2.1 h`. */
export function formatSeconds(s: number): string {
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
