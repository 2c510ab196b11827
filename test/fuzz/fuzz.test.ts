import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus, type FuzzOutcome, fuzzCases, runCase, showCase } from '../../scripts/fuzz.js';

/** A seeded slice of the hostile-input fuzz (npm run fuzz runs all of it). */
const SEED = 20261127;
const RANDOM_CASES = 4;
const PARALLEL = 4;

let dir = '';
let files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigcheck-fuzz-test-'));
  files = buildCorpus(dir, false);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runAll(cases: readonly (readonly string[])[]): Promise<FuzzOutcome[]> {
  const out: FuzzOutcome[] = [];
  for (let i = 0; i < cases.length; i += PARALLEL) {
    out.push(...(await Promise.all(cases.slice(i, i + PARALLEL).map((c) => runCase(c, 'src')))));
  }
  return out;
}

describe('hostile inputs get an answer or a one-line refusal', () => {
  it('refuses each hostile file kind with exit 2 and one short line, within the caps', async () => {
    const kinds: [string, string[], RegExp][] = [
      ['deep nesting', ['loss', '--config', files['deep.json']!], /nested/],
      ['character device', ['loss', '--config', '/dev/zero'], /character device/],
      [
        'directory',
        ['analyze', '--u', files['a-directory.json']!, '--v', files['good.csv']!],
        /is a directory/,
      ],
      ['FIFO', ['loss', '--config', files['a-fifo.json'] ?? '/dev/zero'], /FIFO|character device/],
      ['200k-key object', ['loss', '--config', files['big-object.json']!], /an object with 50000 keys/],
      [
        'huge .npy shape',
        ['analyze', '--u', files['huge-shape.npy']!, '--v', files['good.csv']!],
        /needs|limit/,
      ],
      [
        'replay path',
        ['verify', '--claim', 'ccem-key-inequality/wrong-coefficient', '--path', '1e9'],
        /invalid replay path/,
      ],
      ['bounds work', ['bounds', '--d', '2:1000001:1000000', '--m', '0.1', '--format', 'csv'], /--max-work/],
    ];
    const outcomes = await runAll(kinds.map(([, args]) => args));
    outcomes.forEach((o, k) => {
      const [name, , pattern] = kinds[k]!;
      expect(o.problem, `${name}: ${showCase(o.args)}: ${o.stderr}`).toBeNull();
      expect(o.code, `${name}: ${o.stderr}`).toBe(2);
      expect(o.stderr, name).toMatch(pattern);
      expect(o.stderr.length, name).toBeLessThan(400);
    });
  });

  it('reports a diverging solve as diverged with exit 1, and refuses a start outside float64', async () => {
    const [o, start] = await runAll([
      ['solve', '--N', '8', '--d', '4', '--steps', '100', '--lr', '1e10'],
      ['solve', '--N', '8', '--d', '4', '--steps', '100', '--t0', '1e308'],
    ]);
    expect(o!.problem, o!.stderr).toBeNull();
    expect(o!.code).toBe(1);
    expect(o!.stderr).toMatch(/diverged/);
    expect(start!.problem, start!.stderr).toBeNull();
    expect(start!.code).toBe(2);
    expect(start!.stderr).toMatch(/^sigcheck: solve: the loss or its gradient is not finite at the start/);
  });

  it(`survives ${RANDOM_CASES} random hostile flag combinations (seed ${SEED})`, async () => {
    const cases = fuzzCases(files, SEED, RANDOM_CASES, dir, false);
    for (const o of await runAll(cases)) expect(o.problem, `${showCase(o.args)}: ${o.stderr}`).toBeNull();
  });
});
