import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.js';
import { exactDecimalString, hpContext } from '../../src/numeric/hp/decimal.js';
import { loadBlas } from '../../src/numeric/blas.js';
import { repoRoot, runCli } from '../__helpers__/cli.js';

const FIX = join(repoRoot, 'test/fixtures/embeddings');
interface Expected {
  name: string;
  N: number;
  d: number;
  classes?: number;
  mStar: number;
  bStar: number;
  constellation: boolean;
  retrieval: { uToV: number; vToU: number };
  gapAllSeparated: boolean;
}
const manifest = JSON.parse(readFileSync(join(FIX, 'manifest.json'), 'utf8')) as Expected[];

describe('analyze recovers the constructed m*, b*, retrieval and gap', () => {
  for (const e of manifest) {
    for (const [tag, u, v, eps] of [
      ['f64 .npy', `${e.name}.U.f64.npy`, `${e.name}.V.f64.npy`, 2 ** -53],
      ['f32 .npy', `${e.name}.U.f32.npy`, `${e.name}.V.f32.npy`, 2 ** -24],
      ['f32 safetensors', `${e.name}.f32.safetensors#U`, `${e.name}.f32.safetensors#V`, 2 ** -24],
    ] as const) {
      it(`${e.name} (${tag})`, () => {
        const args = ['--u', join(FIX, u), '--v', join(FIX, v), '--format', 'json'];
        if (e.classes !== undefined) args.push('--labels', join(FIX, `${e.name}.labels.npy`));
        const r = runCli(['analyze', ...args]);
        expect(r.code, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout);
        // Stored coordinates carry relative error eps; each G entry of unit vectors is then off by
        // at most 2 eps + gamma_d (float64 dot): tolerance (2d + 4) eps + d 2^-53 for m*, b*.
        const tol = (2 * e.d + 4) * eps + e.d * 2 ** -53;
        const dm = Math.abs(out.mStar - e.mStar);
        const db = Math.abs(out.bStar - e.bStar);
        expect(dm, `m* ${out.mStar} vs ${e.mStar}, diff ${dm}, tol ${tol}`).toBeLessThanOrEqual(tol);
        expect(db, `b* ${out.bStar} vs ${e.bStar}, diff ${db}, tol ${tol}`).toBeLessThanOrEqual(tol);
        expect(out.N).toBe(e.N);
        expect(out.d).toBe(e.d);
        expect(out.constellation).toBe(e.constellation);
        expect(out.retrieval).toEqual(e.retrieval);
        expect(out.gap.separable).toBe(true);
        if (e.gapAllSeparated) expect(out.gap.fraction).toBe(1);
        expect(out.xi).toBeGreaterThanOrEqual(-1e-12);
        for (const key of ['mMean', 'bMean', 'mTrimmed', 'bTrimmed', 'xiCov', 'loss', 'capacity'])
          expect(out).toHaveProperty(key);
      });
    }
  }

  it('table format prints the headline quantities', () => {
    const r = runCli(['analyze', '--u', join(FIX, 'cross7.U.f32.npy'), '--v', join(FIX, 'cross7.V.f32.npy')]);
    expect(r.code, r.stderr).toBe(0);
    for (const s of ['m* (exact)', 'retrieval', 'modality gap separator', 'capacity'])
      expect(r.stdout).toContain(s);
  });
});

describe('malformed inputs: one clear line on stderr, exit 2, nothing on stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-analyze-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const U = join(FIX, 'cross7.U.f64.npy');
  const V = join(FIX, 'cross7.V.f64.npy');
  const good = readFileSync(U);
  const put = (name: string, data: Buffer | Uint8Array) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  const cases: [string, () => string[], RegExp][] = [
    [
      'truncated .npy',
      () => ['--u', put('trunc.npy', good.subarray(0, good.length - 5)), '--v', V],
      /trunc\.npy: truncated data/,
    ],
    [
      'bad magic',
      () => ['--u', put('magic.npy', Buffer.from('hello world, not numpy')), '--v', V],
      /magic\.npy: not a \.npy file \(bad magic\)/,
    ],
    [
      'unsupported dtype',
      () => {
        const b = Buffer.from(good);
        b.write("'<c8'", b.indexOf("'<f8'"), 'latin1');
        return ['--u', put('cplx.npy', b), '--v', V];
      },
      /cplx\.npy: unsupported dtype '<c8'/,
    ],
    [
      'shape mismatch between U and V',
      () => ['--u', U, '--v', join(FIX, 'ccem16.V.f64.npy')],
      /shape mismatch/,
    ],
    [
      'labels out of range',
      () => [
        '--u',
        U,
        '--v',
        V,
        '--labels',
        put(
          'lab.npy',
          encodeNpy(
            [14],
            Array.from({ length: 14 }, (_, i) => (i === 3 ? 99 : i)),
            'int64',
          ),
        ),
      ],
      /lab\.npy: label 99 of row 3 is out of range \[0, 13\]/,
    ],
    [
      'NaN in data',
      () => ['--u', put('nan.npy', encodeNpy([2, 2], [1, 0, Number.NaN, 1])), '--v', V],
      /nan\.npy: NaN at row 1, column 0/,
    ],
    [
      'zero vector with --normalize',
      () => [
        '--u',
        put('zero.npy', encodeNpy([2, 2], [1, 0, 0, 0])),
        '--v',
        put('v2.npy', encodeNpy([2, 2], [1, 0, 0, 1])),
        '--normalize',
      ],
      /zero\.npy: row 1 is a zero vector/,
    ],
    [
      'non-unit rows without --normalize',
      () => [
        '--u',
        put('big.npy', encodeNpy([2, 2], [2, 0, 0, 1])),
        '--v',
        put('v3.npy', encodeNpy([2, 2], [1, 0, 0, 1])),
      ],
      /big\.npy: row 0 is not a unit vector.*pass --normalize/,
    ],
  ];
  for (const [name, args, re] of cases) {
    it(name, () => {
      const r = runCli(['analyze', ...args()]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.length, r.stderr).toBe(1);
      expect(lines[0]).toMatch(re);
    });
  }
});

describe('the work estimate counts the per-pair bookkeeping, not only the GEMM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-analyze-work-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('20,000^2 pairs in d = 2 (6.5 s measured) are estimated at 6-7 s: refused under --max-work 5, one line', () => {
    // bookkeeping N^2 80 / 5e9 = 6.4 s, plus the GEMM N^2 d at 5e9 a second (wasm, 0.16 s: 7 s in
    // all) or 2.5e10 (OpenBLAS, 0.03 s: 6 s)
    const estimate = loadBlas().ok ? '6 s' : '7 s';
    const rows = Array.from({ length: 20000 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    const file = join(dir, 'ring.npy');
    writeFileSync(file, encodeNpy([20000, 2], Float64Array.from(rows.flat()), 'float32'));
    const r = runCli(['analyze', '--u', file, '--v', file, '--max-work', '5']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      `sigcheck: analyze: about 20000 x 20000 pairs in d = 2 needs about ${estimate} of work, more than --max-work 5 s; raise --max-work to run it`,
    ]);
  });

  it('50,000^2 pairs in d = 1152, from the header alone: the GEMM at the rate of the kernel that would run', () => {
    // a header claiming 50000 x 1152 float32 and no data: the estimate refuses before any read.
    // bookkeeping 2.5e9 x 80 / 5e9 = 40 s; GEMM 2.5e9 x 1152 at 2.5e10 a second (OpenBLAS) 115.2 s,
    // 155.2 s in all = 2.6 min; at 5e9 (wasm) 576 s, 616 s = 10.3 min
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (50000, 1152), }";
    const head = Buffer.alloc(10);
    head.write('\x93NUMPY\x01\x00', 'latin1');
    head.writeUInt16LE(118, 8);
    const header = Buffer.concat([head, Buffer.from(`${dict.padEnd(117)}\n`, 'latin1')]);
    const file = join(dir, 'huge-header.npy');
    writeFileSync(file, header);
    const line = (min: string) =>
      `sigcheck: analyze: about 50000 x 50000 pairs in d = 1152 needs about ${min} min of work, more than --max-work 60 s; raise --max-work to run it`;
    const auto = runCli(['analyze', '--u', file, '--v', file, '--max-work', '60']);
    expect(auto.code, auto.stderr).toBe(2);
    expect(auto.stderr.trim().split('\n')).toEqual([line(loadBlas().ok ? '2.6' : '10.3')]);
    const wasm = runCli(['analyze', '--u', file, '--v', file, '--max-work', '60', '--kernel', 'wasm']);
    expect(wasm.code, wasm.stderr).toBe(2);
    expect(wasm.stderr.trim().split('\n')).toEqual([line('10.3')]);
  });

  it('two-valued negatives past the collect cap, ranks split between the values: an answer, not a loop', () => {
    // U_i = e1, V_j = e1 for j = 0 mod 3 else e2 (N = 3000): 8,997,000 negatives, more than the
    // 2^23 the exact fallback collects, each 0 or 1; Z = 5,998,000 zeros. A trim that puts the
    // upper negative rank h = (negs - 1)(1 - trim) at Z - 0.5 makes r0 the last 0 and r1 the first 1:
    // the refinement used to histogram [0, 1] again without end. Expected: numpy-linear quantiles of
    // the sorted values (positives 2000 zeros then 1000 ones).
    const n = 3000;
    const u = new Float64Array(2 * n);
    const v = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      u[2 * i] = 1;
      if (i % 3 === 0) v[2 * i] = 1;
      else v[2 * i + 1] = 1;
    }
    writeFileSync(join(dir, 'split-U.npy'), encodeNpy([n, 2], u));
    writeFileSync(join(dir, 'split-V.npy'), encodeNpy([n, 2], v));
    const negs = n * (n - 1);
    const zeros = 5_998_000;
    const trim = 1 - (zeros - 0.5) / (negs - 1);
    const args = ['--u', join(dir, 'split-U.npy'), '--v', join(dir, 'split-V.npy'), '--trim', String(trim)];
    const r = runCli(['analyze', ...args, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    // the weight of the upper rank from h = (negs - 1)(1 - trim) taken exactly (the double trim's
    // own expansion, 60 digits), then rounded once: negQ = 0 + weight (1 - 0)
    const D = hpContext(60);
    const h = new D(negs - 1).times(new D(1).minus(new D(exactDecimalString(trim))));
    expect(h.floor().toNumber()).toBe(zeros - 1);
    const negQ = h.minus(h.floor()).toNumber();
    // positives: h = 2999 trim = 999.67, ranks 999 and 1000 are both zeros
    expect(Math.floor((n - 1) * trim) + 1).toBeLessThan(2000);
    expect(out.mTrimmed).toBe((0 - negQ) / 2);
  }, 120_000);
});
