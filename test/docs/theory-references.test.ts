import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../src/claims/registry.js';

// The theory lives in the repo (docs/theory.md); every provenance reference must resolve there.
const ROOT = join(import.meta.dirname, '..', '..');
const THEORY = readFileSync(join(ROOT, 'docs', 'theory.md'), 'utf8');
const SECTIONS = new Set([...THEORY.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1])));
const SCANNED = ['src', 'theorems', 'constructions', 'test', 'scripts', 'bench', 'assembly', 'docs'];
// spelled in parts so that this file does not match itself
const OUTSIDE = ['THEORY', '.md'].join('');
const SHARED = ['..', 'shared', ''].join('/');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|py|md|sh)$/.test(name)) out.push(path);
  }
  return out;
}

const FILES = [...SCANNED.flatMap((d) => sourceFiles(join(ROOT, d))), join(ROOT, 'README.md')];

describe('docs/theory.md is the one home of the theory', () => {
  it('has its sections 0 to 5 numbered in order', () => {
    expect([...SECTIONS]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('no file refers to a theory document outside the repo', () => {
    const offenders = FILES.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return text.includes(OUTSIDE) || text.includes(SHARED);
    }).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('every "docs/theory.md §N" reference names an existing section', () => {
    const bad: string[] = [];
    let count = 0;
    for (const f of FILES) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/docs\/theory\.md((?:,? ?(?:and )?§\d+)+)/g)) {
        for (const s of (m[1] ?? '').matchAll(/§(\d+)/g)) {
          count += 1;
          if (!SECTIONS.has(Number(s[1]))) bad.push(`${relative(ROOT, f)}: §${s[1]}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(20);
  });

  it('names every registered claim, and only registered ones', () => {
    const named = new Set(
      [...THEORY.matchAll(/[Cc]laims? ((?:`[a-z0-9-]+`(?:,\s*|\s+and\s+)?)+)/g)].flatMap((m) =>
        [...(m[1] ?? '').matchAll(/`([a-z0-9-]+)`/g)].map((x) => x[1] ?? ''),
      ),
    );
    const registered = new Set(CLAIMS.filter((c) => !c.id.includes('/')).map((c) => c.id));
    expect([...registered].filter((id) => !named.has(id))).toEqual([]);
    expect([...named].filter((id) => !registered.has(id))).toEqual([]);
  });
});
