import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORETYPE_ENV, coreTypeFor, coreTypeToSet, cpuFlagsOf, loadBlas } from '../../../src/numeric/blas.js';

describe('coreTypeFor: the OpenBLAS kernels a CPU can run', () => {
  const avx512 = ['avx512f', 'avx512cd', 'avx512bw', 'avx512dq', 'avx512vl'];
  it('AVX-512 (F, CD, BW, DQ, VL) gives SkylakeX; AVX2 with FMA gives Haswell', () => {
    expect(coreTypeFor(new Set(['sse4_2', 'avx', 'avx2', 'fma', ...avx512]))).toBe('SkylakeX');
    expect(coreTypeFor(new Set(['sse4_2', 'avx', 'avx2', 'fma']))).toBe('Haswell');
  });
  it('any one AVX-512 part missing falls back to Haswell; AVX2 or FMA missing to the library', () => {
    for (const gone of avx512) {
      const flags = new Set(['avx2', 'fma', ...avx512.filter((f) => f !== gone)]);
      expect(coreTypeFor(flags), gone).toBe('Haswell');
    }
    expect(coreTypeFor(new Set(['avx', 'avx2']))).toBeNull();
    expect(coreTypeFor(new Set(['avx', 'fma']))).toBeNull();
    expect(coreTypeFor(new Set())).toBeNull();
  });
});

describe('cpuFlagsOf: the flags of the first processor in /proc/cpuinfo', () => {
  it('the first flags line, split on runs of blanks; none gives null', () => {
    const text = [
      'processor\t: 0',
      'model name\t: Some CPU',
      'flags\t\t: fpu  sse4_2 avx2\tfma ',
      'bugs\t\t: spectre_v1',
      '',
      'processor\t: 1',
      'flags\t\t: fpu avx512f',
    ].join('\n');
    expect([...cpuFlagsOf(text)!].sort()).toEqual(['avx2', 'fma', 'fpu', 'sse4_2']);
    expect(cpuFlagsOf('processor\t: 0\nvendor_id\t: X\n')).toBeNull();
    // a field whose name only starts a line with "flags" but is another one is not taken
    expect(cpuFlagsOf('vmx flags\t: ept\n')).toBeNull();
  });
});

describe('coreTypeToSet: only an unset core type, on the main thread, with known flags', () => {
  const avx2 = new Set(['avx2', 'fma']);
  it('unset or empty on the main thread: the flags decide', () => {
    expect(coreTypeToSet(undefined, true, avx2)).toBe('Haswell');
    expect(coreTypeToSet('', true, avx2)).toBe('Haswell');
    expect(coreTypeToSet(undefined, true, new Set(['sse4_2']))).toBeNull();
  });
  it("a user's value, a worker thread or unknown flags leave the library alone", () => {
    expect(coreTypeToSet('Zen', true, avx2)).toBeNull();
    expect(coreTypeToSet(undefined, false, avx2)).toBeNull();
    expect(coreTypeToSet(undefined, true, null)).toBeNull();
  });
});

/** This CPU's flags, read here independently of the module. */
function flagsHere(): Set<string> | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const line = readFileSync('/proc/cpuinfo', 'latin1')
    .split('\n')
    .find((l) => l.startsWith('flags'));
  return line === undefined ? null : new Set(line.split(':')[1]!.trim().split(/\s+/));
}

/** loadBlas's description in a fresh main thread (a child process), with OPENBLAS_CORETYPE as given. */
function descriptionIn(coretype: string | undefined): string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[CORETYPE_ENV];
  if (coretype !== undefined) env[CORETYPE_ENV] = coretype;
  const blas = new URL('../../../src/numeric/blas.ts', import.meta.url).href;
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import(${JSON.stringify(blas)}).then((b) => { const s = b.loadBlas(); process.stdout.write(s.ok ? s.blas.description : 'none'); })`,
    ],
    { env, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const flags = flagsHere();
const expected = flags === null ? null : coreTypeFor(flags);
describe.skipIf(!loadBlas().ok || expected === null)('OpenBLAS runs the kernels of the CPU it is on', () => {
  it('with OPENBLAS_CORETYPE unset, the library runs the core chosen from the CPU flags', () => {
    const description = descriptionIn(undefined);
    expect(description).toContain(`core ${expected} from the CPU flags`);
    // openblas_get_config names the kernels in use
    expect(description).toMatch(new RegExp(`\\(OpenBLAS [^)]* ${expected} `));
  });
  it("a user's OPENBLAS_CORETYPE is kept", () => {
    const description = descriptionIn('Haswell');
    expect(description).toMatch(/\(OpenBLAS [^)]* Haswell /);
    expect(description).not.toContain('from the CPU flags');
  });
});
