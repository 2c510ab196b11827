import type { GateResult } from '../siglip/gates.js';

function xml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JUnit XML with one test case per requirement; a failed requirement is a failure. */
export function gatesJunit(results: readonly GateResult[], source: string): string {
  const failures = results.filter((r) => !r.passed).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sigcheck analyze" tests="${results.length}" failures="${failures}" errors="0">`,
    `  <testsuite name="${xml(source)}" tests="${results.length}" failures="${failures}" errors="0">`,
  ];
  for (const r of results) {
    out.push(
      `    <testcase classname="sigcheck.requirements" name="${xml(r.requirement)}">`,
      `      <system-out>${xml(r.message)}</system-out>`,
    );
    if (!r.passed) out.push(`      <failure message="${xml(r.message)}"/>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n');
}
