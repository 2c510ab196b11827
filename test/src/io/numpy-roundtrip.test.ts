import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../../src/io/npy.js';

// Files written by real NumPy (the independent oracle); values compared through Python's exact
// float repr (tolist() of a float32 array gives the exact float32 value as a double).
const GENERATOR = `
import json, sys, numpy as np
from numpy.lib import format as fmt
out = sys.argv[1]
rng = np.random.default_rng(7)
base = rng.standard_normal((5, 3))
manifest = []
for dt in ['f4', 'f8', 'f2', 'i4', 'i8']:
    for bo in ['<', '>']:
        for order in ['C', 'F']:
            for ver in [(1, 0), (2, 0), (3, 0)]:
                a = (base * 1000).astype(bo + dt) if dt[0] == 'i' else base.astype(bo + dt)
                a = np.asfortranarray(a) if order == 'F' else np.ascontiguousarray(a)
                name = f"{dt}_{'le' if bo == '<' else 'be'}_{order}_v{ver[0]}.npy"
                with open(f"{out}/{name}", 'wb') as f:
                    fmt.write_array(f, a, version=ver)
                manifest.append({'file': name, 'values': a.astype('f8').tolist(), 'fortran': order == 'F'})
lab = np.arange(7, dtype='<i8') % 3
np.save(f"{out}/labels.npy", lab)
manifest.append({'file': 'labels.npy', 'values': lab.astype('f8').tolist(), 'fortran': False})
json.dump(manifest, open(f"{out}/manifest.json", 'w'))
`;

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.log('numpy round trip skipped: python3 with numpy is not available');

describe.skipIf(!hasNumpy)('NumPy round trip', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const gen = spawnSync('python3', ['-c', GENERATOR, dir], { encoding: 'utf8' });

  it('reads every dtype x byte order x C/Fortran order x format version NumPy writes, values identical', () => {
    expect(gen.status, gen.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      file: string;
      values: number[][] | number[];
    }[];
    expect(manifest.length).toBe(61);
    for (const m of manifest) {
      const a = readNpy(join(dir, m.file));
      const flat = (m.values as (number | number[])[]).flat();
      expect(a.shape.length, m.file).toBe(Array.isArray(m.values[0]) ? 2 : 1);
      expect(Array.from(a.data), m.file).toEqual(flat);
    }
  });

  it('NumPy reads what sigcheck writes (float32, float64, int32, int64), values identical', () => {
    const data = [0.1, -2.5, 1e-30, 3, 7, 1 / 3];
    for (const dt of ['float64', 'float32', 'int32', 'int64'] as const) {
      const values = dt.startsWith('int') ? [1, -2, 3, 40000, 5, 6] : data;
      writeNpy(join(dir, `w_${dt}.npy`), [2, 3], values, dt);
      const py = spawnSync(
        'python3',
        [
          '-c',
          `import numpy as np, json; a = np.load("${join(dir, `w_${dt}.npy`)}"); print(json.dumps([str(a.dtype), list(a.shape), a.astype('f8').ravel().tolist()]))`,
        ],
        { encoding: 'utf8' },
      );
      expect(py.status, py.stderr).toBe(0);
      const [dtype, shape, vals] = JSON.parse(py.stdout) as [string, number[], number[]];
      expect(dtype).toBe(dt);
      expect(shape).toEqual([2, 3]);
      const expected = dt === 'float32' ? values.map((x) => Math.fround(x)) : values;
      expect(vals).toEqual(expected);
      expect(Array.from(readNpy(join(dir, `w_${dt}.npy`)).data)).toEqual(expected);
    }
  });
});
