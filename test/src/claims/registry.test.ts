import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../src/claims/registry.js';
import { runClaims } from '../../../src/claims/runner.js';

// STYLE rule 2: every stated example of every claim is executed, so a stated example cannot rot.
describe('the registry', () => {
  it('has unique ids, and every must-refute variant names a registered claim', () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CLAIMS) {
      if (c.variantOf) expect(ids, `${c.id} breaks ${c.variantOf.id}`).toContain(c.variantOf.id);
      if (c.expected === 'refuted') expect(c.variantOf, `${c.id} is must-refute`).toBeDefined();
    }
  });

  it('every claim states source, hypotheses, statement, LaTeX and a reasoned tolerance', () => {
    for (const c of CLAIMS) {
      expect(c.source.paper.length, c.id).toBeGreaterThan(0);
      expect(c.source.ref.length, c.id).toBeGreaterThan(0);
      expect(c.hypotheses.length, c.id).toBeGreaterThan(0);
      expect(c.statement.length, c.id).toBeGreaterThan(0);
      expect(c.latex.length, c.id).toBeGreaterThan(0);
      expect(c.tolerance.why.length, c.id).toBeGreaterThan(0);
      expect(c.defaultRuns, c.id).toBeGreaterThan(0);
    }
  });

  it('every declared corner lies in its range (an integer where the parameter is), so corners are drawn inside the domain', () => {
    let corners = 0;
    for (const c of CLAIMS) {
      for (const [name, p] of Object.entries(c.domain?.params ?? {})) {
        expect(p.min, `${c.id} ${name}`).toBeLessThanOrEqual(p.max);
        for (const x of p.corners ?? []) {
          corners++;
          expect(x >= p.min && x <= p.max, `${c.id} ${name} corner ${x} in [${p.min}, ${p.max}]`).toBe(true);
          if (p.integer) expect(Number.isInteger(x), `${c.id} ${name} corner ${x}`).toBe(true);
        }
      }
    }
    expect(corners).toBeGreaterThan(20);
  });

  it('every claim that holds has a must-refute variant in the registry', () => {
    const broken = new Set(CLAIMS.flatMap((c) => (c.variantOf ? [c.variantOf.id] : [])));
    const missing = CLAIMS.filter((c) => c.expected === 'holds' && !broken.has(c.id)).map((c) => c.id);
    expect(missing).toEqual([]);
  });

  it('the same seed gives byte-identical verdicts for every claim (timings off, 2 runs each)', async () => {
    const a = await runClaims(CLAIMS, { seed: 9, runs: 2, timings: false });
    const b = await runClaims(CLAIMS, { seed: 9, runs: 2, timings: false });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  for (const claim of CLAIMS) {
    for (const ex of claim.examples) {
      it(`${claim.id}: example '${ex.name}' gives ${String(ex.expected)} (${ex.from})`, async () => {
        const actual = await ex.run();
        if (typeof ex.expected === 'number') {
          expect(typeof actual).toBe('number');
          const diff = Math.abs((actual as number) - ex.expected);
          expect(
            diff,
            `actual ${String(actual)}, expected ${ex.expected}, tolerance ${ex.tolerance ?? 0}`,
          ).toBeLessThanOrEqual(ex.tolerance ?? 0);
        } else {
          expect(actual).toBe(ex.expected);
        }
      });
    }
  }
});

describe('the test house', () => {
  const root = new URL('../../../', import.meta.url);
  it('every registered claim has test/theorems/<id>.test.ts, which imports theorems/<id>.ts', () => {
    const missing: string[] = [];
    for (const c of CLAIMS.filter((k) => k.variantOf === undefined)) {
      const file = new URL(`test/theorems/${c.id}.test.ts`, root);
      if (!existsSync(file)) {
        missing.push(`${c.id}: no test/theorems/${c.id}.test.ts`);
        continue;
      }
      if (!readFileSync(file, 'utf8').includes(`'../../theorems/${c.id}.js'`)) {
        missing.push(`${c.id}: its test file does not import theorems/${c.id}.js`);
      }
    }
    expect(missing).toEqual([]);
  });
});
