import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../../../src/claims/registry.js';
import { buildExplain, explainDocument } from '../../../src/documents/explain.js';
import { UsageError } from '../../../src/errors.js';

const claim = (id: string) => CLAIMS.find((c) => c.id === id)!;

describe('buildExplain', () => {
  it('without --derive runs nothing', async () => {
    const e = await buildExplain({ claim: claim('ccem-thresholds'), derive: false, seed: 1 });
    expect(e.live).toBeNull();
  });
  it('refuses a live derivation for a claim that has none, listing those that do', async () => {
    await expect(
      buildExplain({ claim: claim('ccem-key-inequality'), derive: true, seed: 1 }),
    ).rejects.toThrow(UsageError);
    await expect(
      buildExplain({ claim: claim('ccem-key-inequality'), derive: true, seed: 1 }),
    ).rejects.toThrow(/available: ccem-thresholds, ccem-general-thresholds/);
  });
});

describe('explainDocument', () => {
  it('is the claim as data: no check function, examples by name, expected value and source', () => {
    const c = claim('ccem-thresholds');
    const doc = explainDocument(c, null);
    expect('check' in doc).toBe(false);
    expect('live' in doc).toBe(false);
    expect(doc.id).toBe('ccem-thresholds');
    expect(doc.examples).toEqual(
      c.examples.map((e) => ({ name: e.name, expected: e.expected, from: e.from })),
    );
    expect(JSON.parse(JSON.stringify(doc)).examples).toHaveLength(c.examples.length);
    // the domain as declared (params, boundaries), not the fast-check arbitrary's internals
    const domain = JSON.parse(JSON.stringify(doc)).domain;
    expect(Object.keys(domain).sort()).toEqual(['boundaries', 'params']);
    expect(domain.params).toEqual(JSON.parse(JSON.stringify(c.domain!.params)));
    expect(JSON.stringify(doc)).not.toMatch(/Infinity|NaN/);
  });
});
