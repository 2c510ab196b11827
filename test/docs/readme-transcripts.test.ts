import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../__helpers__/cli.js';

/*
 * The README's transcripts (`$ ./sigcheck ...` inside a fenced block, then the lines it shows) are
 * rerun and every shown table row must be a row of the output: cells compared after trimming, a
 * shown cell ending in `...` matches any cell it begins, text after a row's last `│` is a note.
 * Skipped: transcripts whose inputs are placeholders (files that do not exist) and columns that
 * are timings (`ms`). Output lines shown outside tables (errors, summaries) must appear verbatim.
 */

interface Transcript {
  readonly line: number;
  readonly args: string[];
  readonly shown: string[];
}

function transcripts(): Transcript[] {
  const lines = readFileSync(join(repoRoot, 'README.md'), 'utf8').split('\n');
  const out: Transcript[] = [];
  let inFence = false;
  let current: Transcript | null = null;
  lines.forEach((raw, i) => {
    if (raw.startsWith('```')) {
      inFence = !inFence;
      current = null;
      return;
    }
    if (!inFence) return;
    const cmd = /^\$ \.\/sigcheck (.*)$/.exec(raw);
    if (cmd) {
      // a trailing `# note` is not part of the command; a line ending in `\` continues
      const text = cmd[1]!.replace(/\s+#.*$/, '');
      current = { line: i + 1, args: text.split(/\s+/).filter((a) => a !== ''), shown: [] };
      out.push(current);
      return;
    }
    if (raw.startsWith('$ ')) {
      current = null;
      return;
    }
    (current as Transcript | null)?.shown.push(raw);
  });
  return out;
}

const cells = (row: string): string[] =>
  row
    .split('│')
    .slice(1, -1)
    .map((c) => c.trim());

function rowShown(shownRow: string, output: string[], header: string[] | null): boolean {
  // drop the note after the last │
  const body = shownRow.slice(0, shownRow.lastIndexOf('│') + 1);
  const want = cells(body);
  return output.some((o) => {
    const got = cells(o);
    if (got.length !== want.length) return false;
    return want.every((w, c) => {
      if (header !== null && header[c] === 'ms') return true;
      if (w.endsWith('...')) return got[c]!.startsWith(w.slice(0, -3).trimEnd());
      return got[c] === w;
    });
  });
}

describe('README transcripts: the shown output is what the command prints', () => {
  const all = transcripts();

  it('finds the transcripts', () => {
    expect(all.length).toBeGreaterThanOrEqual(10);
  });

  const runnable = (t: Transcript) =>
    t.args.filter((a) => /\.(npy|json|safetensors)$/.test(a)).every((f) => existsSync(join(repoRoot, f))) &&
    !t.args.at(-1)!.endsWith('\\');
  it("only the CI gate example is not run (its U.npy and V.npy stand for the reader's files)", () => {
    expect(all.filter((t) => !runnable(t)).map((t) => t.args.slice(0, 3).join(' '))).toEqual([
      'analyze --u U.npy',
    ]);
  });

  for (const t of all.filter(runnable)) {
    it(`README line ${t.line}: sigcheck ${t.args.join(' ')}`, () => {
      const r = runCli(t.args);
      const output = `${r.stdout}${r.stderr}`.split('\n');
      const header = output.find((o) => o.startsWith('│') && cells(o).includes('ms'));
      const headerCells = header === undefined ? null : cells(header);
      let checked = 0;
      for (const shown of t.shown) {
        if (shown.trim() === '' || shown.startsWith('  ...') || /^[┌├└]/.test(shown)) continue;
        if (shown.startsWith('│')) {
          expect(rowShown(shown, output, headerCells), `README line ${t.line}: ${shown}`).toBe(true);
        } else if (/^\s*"[^"]+": /.test(shown)) {
          // a line of a JSON document, as printed
          const bare = (x: string) => x.trim().replace(/,$/, '');
          expect(output.map(bare), `README line ${t.line}`).toContain(bare(shown));
        } else {
          expect(output, `README line ${t.line}`).toContain(shown);
        }
        checked++;
      }
      expect(checked + (t.shown.length === 0 ? 1 : 0)).toBeGreaterThan(0);
    });
  }
});
