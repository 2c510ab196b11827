/**
 * `sigcheck solve` end to end at a large size, each kernel, against the NumPy peer script
 * (numpy_solver.py: the same full-batch steps with hand-written gradients in float64, NumPy's
 * OpenBLAS): alternating runs of `solve` with kernel auto (OpenBLAS from N^2 d = 2^32 on), the same
 * with SIGCHECK_BLAS=off (the wasm kernel), and NumPy; wall and CPU (user + system) from
 * /usr/bin/time, medians and ratios, the load before and after, and the kernel each solve printed.
 *
 * Run (after `npm run build`):
 *   node --import tsx bench/solve-vs-numpy.ts [N=4096] [d=256] [steps=10] [rounds=3] [numpy_solver.py]
 * The NumPy script's path: the fifth argument or $NUMPY_SOLVER.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const N = Number(process.argv[2] ?? 4096);
const d = Number(process.argv[3] ?? 256);
const steps = Number(process.argv[4] ?? 10);
const rounds = Number(process.argv[5] ?? 3);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const peerArg = process.argv[6] ?? process.env.NUMPY_SOLVER;
if (peerArg === undefined)
  throw new Error('give the path of numpy_solver.py (5th argument or $NUMPY_SOLVER)');
const peer = resolve(peerArg);
if (!existsSync(peer)) throw new Error(`numpy_solver.py not found at ${peer}`);
if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run npm run build first');

interface Run {
  wall: number;
  cpu: number;
  kernel: string;
}

function timedRun(cmd: string[], env: NodeJS.ProcessEnv): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...cmd], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number) as [
    number,
    number,
    number,
  ];
  const kernel = r.stdout.trim().startsWith('{')
    ? String((JSON.parse(r.stdout) as { kernel?: string }).kernel)
    : '-';
  return { wall, cpu: user + sys, kernel };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const solveArgs = ['solve', '--N', String(N), '--d', String(d), '--steps', String(steps), '--format', 'json'];
const ways: Record<string, () => Run> = {
  'sigcheck (auto)': () => timedRun([join(root, 'sigcheck'), ...solveArgs], process.env),
  'sigcheck (SIGCHECK_BLAS=off)': () =>
    timedRun([join(root, 'sigcheck'), ...solveArgs], { ...process.env, SIGCHECK_BLAS: 'off' }),
  numpy: () => timedRun(['python3', peer, String(N), String(d), String(steps)], process.env),
};
console.log(`N = ${N}, d = ${d}, ${steps} steps, ${rounds} alternating rounds; load before: ${load()}`);
const runs: Record<string, Run[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, f] of Object.entries(ways)) {
    const x = f();
    runs[name]!.push(x);
    console.log(
      `round ${r + 1} ${name}: ${x.wall.toFixed(2)} s wall, ${x.cpu.toFixed(2)} s cpu, kernel ${x.kernel}; load ${loadavg()[0]!.toFixed(2)}`,
    );
  }
}
const np = median(runs.numpy!.map((x) => x.wall));
const npc = median(runs.numpy!.map((x) => x.cpu));
for (const [name, xs] of Object.entries(runs)) {
  const w = median(xs.map((x) => x.wall));
  const c = median(xs.map((x) => x.cpu));
  console.log(
    `${name}: median ${w.toFixed(2)} s wall (${(w / np).toFixed(2)}x numpy), ${c.toFixed(2)} s cpu (${(c / npc).toFixed(2)}x numpy)`,
  );
}
console.log(`load after: ${load()}`);
