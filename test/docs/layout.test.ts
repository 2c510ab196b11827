import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every .ts file under a folder, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Value imports (not `import type`) of a file whose path matches `target`. */
function valueImports(file: string, target: RegExp): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    if (m[1] === undefined && target.test(m[2]!)) out.push(`${file}: ${m[2]}`);
  }
  return out;
}

const MATHEMATICS = /(^|\/)(geometry|bounds|loss|symbolic|solver|siglip|constructions)\//;

describe('the data flows one way (CONTRIBUTING.md)', () => {
  it('src/cli imports no mathematics: it parses flags, calls a document builder and renders', () => {
    expect(sources('src/cli').flatMap((f) => valueImports(f, MATHEMATICS))).toEqual([]);
  });

  it('src/report imports no computation (nor src/experiments): it draws documents', () => {
    const computation =
      /(^|\/)(geometry|bounds|loss|symbolic|solver|siglip|constructions|experiments|claims)\//;
    expect(sources('src/report').flatMap((f) => valueImports(f, computation))).toEqual([]);
  });

  it('src/experiments does not import src/report', () => {
    expect(sources('src/experiments').flatMap((f) => valueImports(f, /(^|\/)report\//))).toEqual([]);
  });
});
