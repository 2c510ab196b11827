import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrix } from '../../../src/io/read.js';
import { parseCsv, parseJsonArray } from '../../../src/io/text.js';

// A UTF-8 byte-order mark (EF BB BF) before JSON or CSV text, as editors on Windows write it: the
// same values as without it (CSV numbers already took it as white space; JSON.parse refuses it),
// and a second mark is still malformed JSON.
const BOM = '\ufeff';
const JSON_TEXT = '{"U": [[0.6, 0.8], [1, 0]], "V": [[0.8, 0.6], [0, 1]]}';
const CSV_TEXT = '0.6,0.8\n1,0\n';

describe('a leading byte-order mark', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-bom-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const put = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text, 'utf8');
    return f;
  };

  it('JSON files read the same values with and without it', () => {
    const plain = readMatrix(`${put('plain.json', JSON_TEXT)}#U`, 'U');
    const marked = readMatrix(`${put('marked.json', BOM + JSON_TEXT)}#U`, 'U');
    expect(Array.from(marked.data)).toEqual([0.6, 0.8, 1, 0]);
    expect(Array.from(marked.data)).toEqual(Array.from(plain.data));
  });

  it('CSV files read the same values with and without it', () => {
    const marked = readMatrix(put('marked.csv', BOM + CSV_TEXT), 'U');
    expect([marked.rows, marked.cols]).toEqual([2, 2]);
    expect(Array.from(marked.data)).toEqual([0.6, 0.8, 1, 0]);
  });

  it('the text parsers take it too; a second mark is refused', () => {
    expect(Array.from(parseJsonArray(BOM + JSON_TEXT, 'x.json', 'V').data)).toEqual([0.8, 0.6, 0, 1]);
    expect(Array.from(parseCsv(BOM + CSV_TEXT, 'x.csv').data)).toEqual([0.6, 0.8, 1, 0]);
    expect(() => parseJsonArray(`${BOM}${BOM}${JSON_TEXT}`, 'x.json', 'U')).toThrow(/x\.json: invalid JSON/);
  });
});
