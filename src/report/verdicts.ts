import type { RunResult } from '../claims/runner.js';
import type { Claim, Verdict } from '../claims/types.js';
import { buildVerifyDocument } from '../documents/verify.js';
import { toJson } from './output.js';
import { renderTable } from './table.js';

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}

/** The verdicts as JSON: `{ seed, claims: [...], summary }` (stable key order). */
export function verdictsJson(run: RunResult, claims: readonly Claim[]): string {
  return toJson(buildVerifyDocument(run, claims));
}

function verdictMark(v: Verdict): string {
  return v.status === v.expected ? 'ok' : 'UNEXPECTED';
}

/** A text table of verdicts, then each counterexample and error, then the summary line. */
export function verdictsTable(run: RunResult): string {
  const rows = run.claims.map((v) => [
    v.id,
    v.status,
    v.expected,
    verdictMark(v),
    v.cases,
    v.evidence ? fmt(v.evidence.worstSlack) : '',
    v.ms ?? '',
  ]);
  const lines = [renderTable(['claim', 'status', 'expected', 'verdict', 'cases', 'worst slack', 'ms'], rows)];
  for (const v of run.claims) {
    if (v.counterexample) {
      lines.push(`${v.id}: counterexample ${JSON.stringify(v.counterexample.input)}`);
      lines.push(`  ${v.counterexample.message}`);
      lines.push(`  shrinks ${v.counterexample.shrinks}; replay: ${v.counterexample.replay}`);
    }
    if (v.status === 'error') lines.push(`${v.id}: error: ${v.message ?? v.issues.join(', ')}`);
  }
  const s = run.summary;
  lines.push(
    `seed ${run.seed}: ${s.holds} holds, ${s.refuted} refuted, ${s.error} error; ${s.unexpected} unexpected`,
  );
  return lines.join('\n');
}

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JUnit XML: one testcase per claim; an unexpected status is a failure, an error an error. */
export function verdictsJunit(run: RunResult, claims: readonly Claim[]): string {
  const title = new Map(claims.map((c) => [c.id, c.title]));
  const s = run.summary;
  const failures = run.claims.filter((v) => v.status !== v.expected && v.status !== 'error').length;
  const time = (ms: number | null) => ((ms ?? 0) / 1000).toFixed(3);
  const total = run.claims.reduce((a, v) => a + (v.ms ?? 0), 0);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sigcheck verify" tests="${run.claims.length}" failures="${failures}" errors="${s.error}" time="${time(total)}">`,
    `  <testsuite name="sigcheck" tests="${run.claims.length}" failures="${failures}" errors="${s.error}" time="${time(total)}">`,
    `    <properties><property name="seed" value="${run.seed}"/></properties>`,
  ];
  for (const v of run.claims) {
    out.push(
      `    <testcase classname="sigcheck.claims" name="${xml(v.id)}" time="${time(v.ms)}">`,
      `      <system-out>${xml(`${title.get(v.id) ?? ''}: ${v.status} (expected ${v.expected}), ${v.cases} cases`)}</system-out>`,
    );
    if (v.status === 'error') {
      out.push(`      <error message="${xml(v.message ?? v.issues.join(', '))}"/>`);
    } else if (v.status !== v.expected) {
      const msg = v.counterexample
        ? `${v.counterexample.message}; replay: ${v.counterexample.replay}`
        : `status ${v.status}, expected ${v.expected}`;
      out.push(`      <failure message="${xml(msg)}"/>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n');
}
