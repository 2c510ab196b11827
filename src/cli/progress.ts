/**
 * Progress with an ETA for long jobs, on stderr when it is a terminal, silent otherwise (so piped
 * and CI output stays byte-stable). Redraws at most four times a second.
 */
export class Progress {
  private readonly start = performance.now();
  private last = 0;
  private readonly live: boolean;

  /** `label` names the job, `total` counts its units (rows, steps), `unit` names them. */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    enabled = true,
  ) {
    this.live = enabled && process.stderr.isTTY === true && total > 0;
  }

  /** Reports `done` units finished. */
  update(done: number): void {
    if (!this.live) return;
    const now = performance.now();
    if (now - this.last < 250 && done < this.total) return;
    this.last = now;
    const elapsed = (now - this.start) / 1000;
    const eta = done > 0 ? (elapsed * (this.total - done)) / done : Number.NaN;
    const pct = ((100 * done) / this.total).toFixed(1);
    const etaText = Number.isFinite(eta) ? `eta ${formatSeconds(eta)}` : 'eta ?';
    process.stderr.write(`\r${this.label}: ${done}/${this.total} ${this.unit} (${pct}%), ${etaText}   `);
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
