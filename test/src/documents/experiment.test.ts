import { describe, expect, it } from 'vitest';
import { type ExperimentDocument, flatKeys, parseExperimentDoc } from '../../../src/documents/experiment.js';
import { UsageError } from '../../../src/errors.js';
import { runExperiment } from '../../../src/experiments/run.js';
import { renderExperiment } from '../../../src/report/experiment.js';

// bbnp25-basic has published numbers, so the round trip covers the `published` rows too.
const built = runExperiment('bbnp25-basic', { quick: true, seeds: 2, seed: 4, threads: 1 });
const written = async (): Promise<Record<string, unknown>> =>
  JSON.parse(renderExperiment(await built, 'json')) as Record<string, unknown>;

describe('experiment document', () => {
  it('build -> serialise -> parse gives the document back', async () => {
    const doc = await built;
    expect(doc.published.length).toBeGreaterThan(0);
    const back = parseExperimentDoc(await written(), 'e');
    expect(back).toEqual(doc);
  });

  it('the flat key list puts <key>_sd after each ours column', () => {
    const columns: ExperimentDocument['columns'] = [
      { key: 'n', label: 'N', kind: 'param' },
      { key: 's', label: 's', kind: 'ours' },
      { key: 'p', label: 'p', kind: 'published' },
    ];
    expect(flatKeys(columns)).toEqual(['n', 's', 's_sd', 'p']);
  });

  it.each([
    ['experiment', /^e\.experiment must be a non-empty string/],
    ['title', /^e\.title must be a string/],
    ['reproduces', /^e\.reproduces must be a string/],
    ['notes', /^e\.notes must be an array of strings/],
    ['seed', /^e\.seed must be a number/],
    ['seeds', /^e\.seeds must be a number/],
    ['quick', /^e\.quick must be a boolean/],
    ['protocol', /^e\.protocol must be an object/],
    ['columns', /^e\.columns must be a non-empty array/],
    ['rows', /^e\.rows must be an array/],
    ['summary', /^e\.summary must be an object/],
  ])('a document without %s is refused, naming the field', async (key, message) => {
    const doc = await written();
    delete doc[key];
    expect(() => parseExperimentDoc(doc, 'e')).toThrow(UsageError);
    expect(() => parseExperimentDoc(doc, 'e')).toThrow(message);
  });

  it.each([
    ['quantity', /^e\.published\[0\]\.quantity must be a string/],
    ['params', /^e\.published\[0\]\.params must be an object/],
    ['published', /^e\.published\[0\]\.published must be a number/],
    ['source', /^e\.published\[0\]\.source must be a string/],
    ['seeds', /^e\.published\[0\]\.seeds must be an array of integers/],
    ['tolerance', /^e\.published\[0\]\.tolerance must be a number/],
    ['rule', /^e\.published\[0\]\.rule must be a string/],
    ['verdict', /^e\.published\[0\]\.verdict must be one of reproduced, not reproduced/],
  ])('a published row without %s is refused, naming the field', async (key, message) => {
    const doc = await written();
    delete (doc.published as Record<string, unknown>[])[0]![key];
    expect(() => parseExperimentDoc(doc, 'e')).toThrow(UsageError);
    expect(() => parseExperimentDoc(doc, 'e')).toThrow(message);
  });

  it('reads a document written before the step option (raw-gradient adam) and without published rows', async () => {
    const doc = await written();
    delete doc.step;
    delete doc.published;
    const back = parseExperimentDoc(doc, 'e');
    expect(back.step).toBe('adam');
    expect(back.published).toEqual([]);
  });
});
