import { describe, expect, it } from 'vitest';
import { selectClaims } from '../../../src/claims/registry.js';
import { runClaims } from '../../../src/claims/runner.js';
import { verdictsJson, verdictsTable } from '../../../src/report/verdicts.js';

/** Widest line a reader should meet in verify's table (the longest detail line seen is ~600). */
const MAX_LINE = 1000;

describe('evidence a person can read', () => {
  it('constellation-loss-rate at t = 1e4: no decimal with a run of zeros, in the table and in JSON', async () => {
    const claims = selectClaims(['constellation-loss-rate', 'constellation-loss-rate/upper-n']);
    const run = await runClaims(claims, { seed: 42, timings: false });
    const table = verdictsTable(run);
    const json = verdictsJson(run, claims);
    const widest = Math.max(...table.split('\n').map((l) => l.length));
    expect(widest).toBeLessThanOrEqual(MAX_LINE);
    for (const text of [table, json]) expect(text).not.toMatch(/0{30}/);
    // the decimal evaluation is still there, exact, in exponent form
    const refuted = JSON.parse(json).claims[1];
    expect(refuted.evidence.details.decimal.loss).toMatch(/^\d\.\d{20,}e-\d{4}$/);
  });
});
