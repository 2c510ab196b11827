// The locked adapter's final (t, delta, b_rel, loss, m*) through sigcheck's trainer, one JSON line
// per draw, to compare with scripts/oracles/adapter_float32.py:
//   node --import tsx scripts/oracles/adapter-draws.ts sigcheck FIRST COUNT [STEPS]
//     draws k = FIRST .. FIRST+COUNT-1 of bbnp25-locked (base seed 0), as the experiment runs them
//   python3 scripts/oracles/adapter_float32.py start SEED | node --import tsx scripts/oracles/adapter-draws.ts numpy [STEPS]
//     the numpy draw SEED (same U, V) through sigcheck's trainer
import { readFileSync } from 'node:fs';
import { trainAdapter } from '../../src/experiments/bbnp25-locked.js';
import { seedOf } from '../../src/experiments/common.js';
import { deriveSeed } from '../../src/numeric/float/rng.js';

const D0 = 1 / (1 + Math.exp(-0.5));
const base = {
  n: 100,
  d: 10,
  lr: 1e-2,
  x0: 0.5,
  t0: 10 / D0 ** 2,
  bRel0: -1,
  step: 'projected-adam',
} as const;
const [mode, a, b, c] = process.argv.slice(2);
if (mode === 'sigcheck') {
  const first = Number(a ?? 0);
  const count = Number(b ?? 1);
  const steps = Number(c ?? 10_000);
  for (let k = first; k < first + count; k++) {
    const seed = deriveSeed(seedOf(0, 'bbnp25-locked', k), 'start:0');
    const r = trainAdapter({ ...base, steps, seed });
    process.stdout.write(`${JSON.stringify({ k, ...r })}\n`);
  }
} else if (mode === 'numpy') {
  const steps = Number(a ?? 10_000);
  const s = JSON.parse(readFileSync(0, 'utf8')) as { seed: number; u: number[]; v: number[] };
  const r = trainAdapter({
    ...base,
    steps,
    seed: 0,
    start: { u: Float64Array.from(s.u), v: Float64Array.from(s.v) },
  });
  process.stdout.write(`${JSON.stringify({ numpySeed: s.seed, ...r })}\n`);
} else {
  process.stderr.write('usage: adapter-draws.ts sigcheck FIRST COUNT [STEPS] | numpy [STEPS] < start.json\n');
  process.exit(2);
}
