/**
 * `sigcheck analyze` (the built CLI, as a user runs it) against the NumPy peer script
 * (numpy_analyze.py: the same blocked U V^T scan in float32 or float64 through NumPy's OpenBLAS),
 * side by side: alternating runs on the same seeded inputs, medians and ratios. Float32 inputs are
 * compared with NumPy f32, float64 inputs with NumPy f64. Prints each run's wall time and peak RSS
 * (of the whole process, from /usr/bin/time), NumPy's own `seconds` (its scan, without loading),
 * sigcheck's phase timings (SIGCHECK_TIMINGS=1) and the load before and after. Then m* of the
 * float32 input by each kernel: openblas (sgemm entries only nominate), wasm (float64 entries) and,
 * up to N = 4000, js (the naive float64 dots themselves) must be the same bits.
 *
 * Run (after `npm run build`; the inputs go to a temporary directory and are removed):
 *   node --import tsx bench/analyze-vs-numpy.ts [N=10000] [d=1152] [rounds=3] [numpy_analyze.py]
 * The NumPy script's path: the fourth argument or $NUMPY_ANALYZE. With $SIGCHECK_BASELINE (the
 * `sigcheck` script of another build, e.g. a checkout of the previous commit) each round also
 * runs that build, after NumPy, and its output must be the same bytes. CPU times (user + system,
 * all threads) are reported beside the wall times. Each round also runs `analyze --skip
 * loss,trimmed,gap,xi`, which computes what the NumPy script computes (m*, b*, means, retrieval):
 * the like-for-like figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '../src/io/npy.js';
import { Rng } from '../src/numeric/float/rng.js';

const N = Number(process.argv[2] ?? 10000);
const d = Number(process.argv[3] ?? 1152);
const rounds = Number(process.argv[4] ?? 3);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const peerArg = process.argv[5] ?? process.env.NUMPY_ANALYZE;
if (peerArg === undefined)
  throw new Error('give the path of numpy_analyze.py (4th argument or $NUMPY_ANALYZE)');
const peer = resolve(peerArg);
if (!existsSync(peer)) throw new Error(`numpy_analyze.py not found at ${peer} (pass its path)`);
if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run npm run build first');

/** Pairs with structure: U_i = normalise(x_i + a e_0), V_i = normalise(x_i + s z_i + a e_1). */
function synth(seed: number): { u: Float64Array; v: Float64Array } {
  const rng = new Rng(seed);
  const u = new Float64Array(N * d);
  const v = new Float64Array(N * d);
  const x = new Float64Array(d);
  const y = new Float64Array(d);
  for (let i = 0; i < N; i++) {
    for (let k = 0; k < d; k++) x[k] = rng.normal() / Math.sqrt(d);
    for (let k = 0; k < d; k++) y[k] = x[k]! + (1.5 * rng.normal()) / Math.sqrt(d);
    x[0]! += 0.6;
    y[1]! += 0.6;
    const nx = Math.hypot(...x);
    const ny = Math.hypot(...y);
    for (let k = 0; k < d; k++) {
      u[i * d + k] = x[k]! / nx;
      v[i * d + k] = y[k]! / ny;
    }
  }
  return { u, v };
}

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
  stdout: string;
  inner: number | null;
  mStar: number;
  phases: string[];
}

function timedRun(cmd: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', ...cmd], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  const [wall, rss, user, sys] = lines.at(-1)!.split(' ').map(Number) as [number, number, number, number];
  const out = JSON.parse(r.stdout) as { mStar: number; seconds?: number };
  return {
    wall,
    cpu: user + sys,
    rssMiB: rss / 1024,
    stdout: r.stdout,
    inner: out.seconds ?? null,
    mStar: out.mStar,
    phases: lines.filter((l) => l.startsWith('sigcheck timings:')),
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'sigcheck-vs-numpy-'));
try {
  const { u, v } = synth(1);
  writeNpy(join(dir, 'U32.npy'), [N, d], u, 'float32');
  writeNpy(join(dir, 'V32.npy'), [N, d], v, 'float32');
  writeNpy(join(dir, 'U64.npy'), [N, d], u, 'float64');
  writeNpy(join(dir, 'V64.npy'), [N, d], v, 'float64');
  const env = { ...process.env, SIGCHECK_TIMINGS: '1' };
  const baseline = process.env.SIGCHECK_BASELINE;
  console.log(
    `N = ${N}, d = ${d}, ${rounds} alternating rounds; load before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const dtype of ['32', '64'] as const) {
    const uf = join(dir, `U${dtype}.npy`);
    const vf = join(dir, `V${dtype}.npy`);
    const ours: Run[] = [];
    const theirs: Run[] = [];
    const before: Run[] = [];
    const args = ['analyze', '--u', uf, '--v', vf, '--format', 'json'];
    // like for like: analyze on what the NumPy script computes (m*, b*, means, retrieval)
    const lean = [join(root, 'sigcheck'), ...args, '--skip', 'loss,trimmed,gap,xi'];
    const alone: Run[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(timedRun([join(root, 'sigcheck'), ...args], env));
      theirs.push(timedRun(['python3', peer, uf, vf, '4096', `f${dtype}`], env));
      alone.push(timedRun(lean, env));
      if (baseline !== undefined) before.push(timedRun([baseline, ...args], env));
      const o = ours.at(-1)!;
      const t = theirs.at(-1)!;
      const b = before.at(-1);
      console.log(
        `float${dtype} round ${r + 1}: sigcheck ${o.wall.toFixed(2)} s (cpu ${o.cpu.toFixed(2)} s, ${o.rssMiB.toFixed(0)} MiB), with --skip loss,trimmed,gap,xi ${alone.at(-1)!.wall.toFixed(2)} s (cpu ${alone.at(-1)!.cpu.toFixed(2)} s), numpy ${t.wall.toFixed(2)} s (cpu ${t.cpu.toFixed(2)} s, ${t.rssMiB.toFixed(0)} MiB, its scan ${t.inner?.toFixed(2)} s)${
          b === undefined
            ? ''
            : `, baseline ${b.wall.toFixed(2)} s (cpu ${b.cpu.toFixed(2)} s, output ${b.stdout === o.stdout ? 'the same bytes' : 'DIFFERS'})`
        }; load ${loadavg()[0]!.toFixed(2)}`,
      );
      for (const p of o.phases) console.log(`    ${p}`);
    }
    const so = median(ours.map((x) => x.wall));
    const st = median(theirs.map((x) => x.wall));
    const si = median(theirs.map((x) => x.inner ?? Number.NaN));
    console.log(
      `float${dtype} medians: sigcheck ${so.toFixed(2)} s, numpy f${dtype} ${st.toFixed(2)} s wall (scan ${si.toFixed(2)} s); ratio ${(so / st).toFixed(2)} (wall), ${(so / si).toFixed(2)} (against its scan)`,
    );
    const sa = median(alone.map((x) => x.wall));
    console.log(
      `float${dtype} like for like (analyze --skip loss,trimmed,gap,xi: NumPy's measures): ${sa.toFixed(2)} s against ${st.toFixed(2)} s; ratio ${(sa / st).toFixed(2)}; m* ${alone.every((a) => a.mStar === ours[0]!.mStar) ? 'the same bits as the full analyze' : 'DIFFERS from the full analyze'}`,
    );
    const co = median(ours.map((x) => x.cpu));
    const ct = median(theirs.map((x) => x.cpu));
    console.log(
      `float${dtype} CPU medians: sigcheck ${co.toFixed(2)} s, numpy ${ct.toFixed(2)} s; ratio ${(co / ct).toFixed(2)}`,
    );
    if (before.length > 0) {
      const sb = median(before.map((x) => x.wall));
      const cb = median(before.map((x) => x.cpu));
      console.log(
        `float${dtype} baseline medians: ${sb.toFixed(2)} s wall (ratio to numpy ${(sb / st).toFixed(2)}), cpu ${cb.toFixed(2)} s; outputs ${before.every((b, i) => b.stdout === ours[i]!.stdout) ? 'byte-identical' : 'DIFFER'}`,
      );
    }
    console.log(`float${dtype} m*: sigcheck ${ours[0]!.mStar}, numpy ${theirs[0]!.mStar}`);
  }
  // m* of the float32 input by each kernel: the same bits.
  const kernels = N <= 4000 ? ['openblas', 'wasm', 'js'] : ['openblas', 'wasm'];
  const got = kernels.map((kernel) => {
    const args = ['analyze', '--u', join(dir, 'U32.npy'), '--v', join(dir, 'V32.npy'), '--kernel', kernel];
    const r = spawnSync(join(root, 'sigcheck'), [...args, '--format', 'json', '--max-work', '100000'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) return { kernel, mStar: Number.NaN, note: r.stderr.trim() };
    return { kernel, mStar: (JSON.parse(r.stdout) as { mStar: number }).mStar, note: '' };
  });
  for (const g of got) console.log(`m* float32 input, kernel ${g.kernel}: ${g.mStar} ${g.note}`);
  const same = got.every((g) => Object.is(g.mStar, got[0]!.mStar));
  console.log(`m* ${same ? 'bit-identical across kernels' : 'DIFFERS across kernels'}`);
  console.log(
    `load after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
