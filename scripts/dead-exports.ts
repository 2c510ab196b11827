// Lists exported symbols of src/, theorems/ and constructions/ that no other file imports
// (src/index.ts's public API and what it re-exports count as used). Usage:
//   node --import tsx scripts/dead-exports.ts
// prints `file: name` per symbol no other file of src/, theorems/, constructions/ imports, tagged
// [test-only] when only tests, bench or scripts import it and [dead] when nothing uses it at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const OWNED = ['src', 'theorems', 'constructions'];
const READERS = [...OWNED, 'test', 'bench', 'scripts'];

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p);
    return /\.(ts|mts|mjs|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(c) && c.endsWith('.ts')) return c;
  }
  return null;
}

/** Names each file exports (declarations and `export { }` lists). */
function exportsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) : undefined;
    const exported = mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    if (exported) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) out.push(d.name.text);
      } else if (
        (ts.isFunctionDeclaration(st) ||
          ts.isClassDeclaration(st) ||
          ts.isInterfaceDeclaration(st) ||
          ts.isTypeAliasDeclaration(st) ||
          ts.isEnumDeclaration(st)) &&
        st.name
      ) {
        out.push(st.name.text);
      }
    }
    if (
      ts.isExportDeclaration(st) &&
      !st.moduleSpecifier &&
      st.exportClause &&
      ts.isNamedExports(st.exportClause)
    ) {
      for (const e of st.exportClause.elements) out.push(e.name.text);
    }
  }
  return out;
}

const used = new Map<string, { prod: boolean; test: boolean }>();
const wholeModule = new Set<string>();
function mark(file: string, name: string, reader: string): void {
  const key = `${file}#${name}`;
  const prod = OWNED.some((d) => relative(ROOT, reader).startsWith(`${d}/`));
  const u = used.get(key) ?? { prod: false, test: false };
  used.set(key, { prod: u.prod || prod, test: u.test || !prod });
}

for (const reader of READERS.flatMap((d) => files(join(ROOT, d)))) {
  const text = readFileSync(reader, 'utf8');
  const sf = ts.createSourceFile(reader, text, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const target = resolveSpecifier(reader, (node.moduleSpecifier as ts.StringLiteral).text);
      if (target) {
        if (ts.isImportDeclaration(node)) {
          const b = node.importClause?.namedBindings;
          if (b && ts.isNamespaceImport(b)) wholeModule.add(target);
          else if (b) for (const e of b.elements) mark(target, (e.propertyName ?? e.name).text, reader);
        } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
          for (const e of node.exportClause.elements) mark(target, (e.propertyName ?? e.name).text, reader);
        } else wholeModule.add(target);
      }
    }
    // dynamic import('...') and new URL('...', import.meta.url) (workers) use the whole module
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteral(arg)) {
        const target = resolveSpecifier(reader, arg.text);
        if (target) wholeModule.add(target);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

const publicApi = join(ROOT, 'src/index.ts');
for (const file of OWNED.flatMap((d) => files(join(ROOT, d))).filter((f) => f.endsWith('.ts'))) {
  if (file === publicApi || wholeModule.has(file)) continue;
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  for (const name of exportsOf(sf)) {
    const u = used.get(`${file}#${name}`);
    if (u?.prod) continue;
    // [dead]: no test and not even its own file uses it (only the declaration names it)
    const own =
      sf.text.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'))?.length ?? 0;
    const tags = [u?.test ? 'test-only' : '', own <= 1 && !u?.test ? 'dead' : ''].filter(Boolean);
    console.log(`${relative(ROOT, file)}: ${name}${tags.length > 0 ? ` [${tags.join(', ')}]` : ''}`);
  }
}
