import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/numeric/float/vectors.js';

/*
 * Every `@example` in the TSDoc of src/, theorems/ and constructions/ is executed (mathjs runs its
 * documented examples). The convention:
 *
 * - Inline: `@example <expression>` (it may continue on the following comment lines, up to the next
 *   tag or the end of the comment) is a plain JavaScript expression that must evaluate to `true`:
 *   `f(x) === value` for exact values, `Math.abs(f(x) - value) < tol` with the tolerance stated.
 *   A trailing `// note` is a comment.
 * - Fenced: a ```js block under `@example` is a script: `import ... from 'sigcheck'` binds the public
 *   API (src/index.ts); every line ending in `// => <value>` asserts that its expression equals
 *   `<value>` (a JavaScript expression), within `// => <value> +- <tol>` when a tolerance is given;
 *   a further `// note` after the value is a comment.
 *
 * The expression sees the exports of its own module, plus `Math`, `Decimal` and `fromRows`.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIRS = ['src', 'theorems', 'constructions'];

interface Example {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The `@example` tags of one file, each with the 1-based line it starts on. */
function extractExamples(file: string, source: string): Example[] {
  const out: Example[] = [];
  for (const m of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = source.slice(0, m.index).split('\n').length;
    const lines = m[0]
      .replace(/^\/\*\*/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''));
    for (let i = 0; i < lines.length; i++) {
      const tag = /^\s*@example\b\s?(.*)$/.exec(lines[i]!);
      if (!tag) continue;
      const body = [tag[1]!];
      let j = i + 1;
      while (j < lines.length && !/^\s*@\w+/.test(lines[j]!)) body.push(lines[j++]!);
      const text = body.join('\n').trim();
      out.push({ file: relative(ROOT, file), line: startLine + i, text });
      i = j - 1;
    }
  }
  return out;
}

const FENCE = /^```(?:js|ts|javascript|typescript)?\n([\s\S]*?)\n```/;

/** Strips a trailing `// comment` that is not inside a string literal. */
function stripComment(expr: string): string {
  let quote: string | null = null;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '/' && expr[i + 1] === '/') return expr.slice(0, i).trim();
  }
  return expr.trim();
}

const PRELUDE = { Math, Decimal, fromRows };

function evaluate(scope: Record<string, unknown>, expr: string): unknown {
  const names = Object.keys(scope).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
  return new Function(...names, `return (${expr});`)(...names.map((k) => scope[k]));
}

async function runFenced(
  code: string,
): Promise<{ expr: string; actual: unknown; want: unknown; tol: number }[]> {
  const api = (await import(pathToFileURL(join(ROOT, 'src/index.ts')).href)) as Record<string, unknown>;
  const scope: Record<string, unknown> = { ...PRELUDE };
  const checks: { expr: string; actual: unknown; want: unknown; tol: number }[] = [];
  const statements: string[] = [];
  for (const raw of code.split('\n')) {
    const imp = /^import\s*\{([^}]*)\}\s*from\s*'sigcheck';?$/.exec(raw.trim());
    if (imp) {
      for (const name of imp[1]!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (!(name in api)) throw new Error(`'${name}' is not exported by 'sigcheck'`);
        scope[name] = api[name];
      }
      continue;
    }
    const arrow = /^(.*?);?\s*\/\/\s*=>\s*(.*?)(?:\s*\+-\s*(\S+))?\s*(?:\/\/.*)?$/.exec(raw);
    if (arrow) {
      const expr = arrow[1]!.trim();
      const fn = new Function(...Object.keys(scope), `${statements.join('\n')}\nreturn (${expr});`) as (
        ...a: unknown[]
      ) => unknown;
      const actual = fn(...Object.values(scope));
      const want = evaluate(scope, arrow[2]!);
      checks.push({ expr, actual, want, tol: arrow[3] !== undefined ? Number(arrow[3]) : 0 });
      statements.push(`${expr};`);
    } else statements.push(raw);
  }
  return checks;
}

const EXAMPLES: Example[] = DIRS.flatMap((d) =>
  tsFiles(join(ROOT, d)).flatMap((f) => extractExamples(f, readFileSync(f, 'utf8'))),
);

describe('every @example in the TSDoc runs and is true', () => {
  it('finds the examples (the extractor is not silently empty)', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(70);
  });

  for (const ex of EXAMPLES) {
    it(`${ex.file}:${ex.line}: ${ex.text.split('\n')[0]!.slice(0, 90)}`, async () => {
      const fenced = FENCE.exec(ex.text);
      if (fenced) {
        const checks = await runFenced(fenced[1]!);
        expect(checks.length, 'a fenced example asserts at least one `// => value`').toBeGreaterThan(0);
        for (const c of checks) {
          if (typeof c.actual === 'number' && typeof c.want === 'number' && c.tol > 0) {
            expect(
              Math.abs(c.actual - c.want),
              `${c.expr}: ${c.actual} vs ${c.want} +- ${c.tol}`,
            ).toBeLessThanOrEqual(c.tol);
          } else expect(c.actual, c.expr).toEqual(c.want);
        }
        return;
      }
      const mod = (await import(pathToFileURL(join(ROOT, ex.file)).href)) as Record<string, unknown>;
      const expr = stripComment(ex.text.replace(/\n/g, ' '));
      let value: unknown;
      try {
        value = evaluate({ ...PRELUDE, ...mod }, expr);
      } catch (e) {
        throw new Error(`${ex.file}:${ex.line}: @example does not run: ${expr}\n${String(e)}`);
      }
      expect(value, `${ex.file}:${ex.line}: ${expr}`).toBe(true);
    });
  }
});
