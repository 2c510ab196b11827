import { writeFileAtomic } from '../io/atomic.js';

/** Prints `text` to stdout, or writes it atomically to `out` when given. */
export function emit(text: string, out?: string): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out !== undefined) writeFileAtomic(out, body);
  else process.stdout.write(body);
}

/** JSON with 2-space indent; non-finite numbers become strings so nothing is silently lost. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
}
