/**
 * Hostile-input fuzz of the sigcheck CLI. Builds a corpus of bad inputs (devices, directories,
 * FIFOs, empty and sparse huge files, truncated or oversize headers, NaN, huge/negative/hex
 * numbers, deep nesting, giant strings, wrong dtypes), runs every command on them as a child
 * process under a memory and time cap, and checks each outcome: exit 0, 1 or 2 (never 3, never a
 * signal), within the caps, and every refusal exactly one `sigcheck: ` line on stderr.
 *
 * Usage: npm run fuzz [-- --seed S] [--runs K] [--budget SECONDS] [--cli src|dist]
 * Without --seed it runs the fixed seed and then one random seed, both printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The fixed seed every fuzz run starts with. */
export const FIXED_SEED = 20261127;

/** Memory cap each child is told (SIGCHECK_MAX_MEMORY) and the peak RSS it may reach. */
export const CHILD_MEMORY_CAP = '1G';
export const MAX_CHILD_RSS_BYTES = 1.5 * 2 ** 30;
/** Wall time one run may take before it counts as a hang. */
export const MAX_CHILD_SECONDS = 60;

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function npyHeader(descr: string, shape: string, version = 1): Buffer {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const lenBytes = version === 1 ? 2 : 4;
  const pad = 64 - ((8 + lenBytes + h.length + 1) % 64);
  h = `${h}${' '.repeat(pad % 64)}\n`;
  const out = Buffer.alloc(8 + lenBytes + h.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(out, 0);
  if (version === 1) out.writeUInt16LE(h.length, 8);
  else out.writeUInt32LE(h.length, 8);
  out.write(h, 8 + lenBytes, 'latin1');
  return out;
}

function safetensors(header: string, dataBytes: number): Buffer {
  const h = Buffer.from(header, 'utf8');
  const out = Buffer.alloc(8 + h.length + dataBytes);
  out.writeBigUInt64LE(BigInt(h.length), 0);
  h.copy(out, 8);
  return out;
}

/** Input files by kind: name -> path. Small kinds always; `large` adds sparse multi-GB files. */
export function buildCorpus(dir: string, large: boolean): Record<string, string> {
  const files: Record<string, string> = {};
  const put = (name: string, data: string | Buffer): void => {
    const p = join(dir, name);
    writeFileSync(p, data);
    files[name] = p;
  };
  const sparse = (name: string, head: Buffer, size: number): void => {
    const p = join(dir, name);
    writeFileSync(p, head);
    truncateSync(p, size);
    files[name] = p;
  };
  const unit = '{"U":[[1,0],[0,1]],"V":[[1,0],[0,1]]}';
  put('good.json', unit);
  put('empty.json', '');
  put('empty.csv', '');
  put('empty.npy', '');
  put('open-brace.json', '{');
  put('null.json', 'null');
  put('array.json', '[]');
  put('empty-uv.json', '{"U":[],"V":[]}');
  put('nan.json', '{"U":[[NaN,0],[0,1]],"V":[[1,0],[0,1]]}');
  put('huge-number.json', '{"U":[[1e400,0],[0,1]],"V":[[1,0],[0,1]]}');
  put('hex.json', '{"U":[[0x10,0],[0,1]],"V":[[1,0],[0,1]]}');
  put('negative-zero.json', '{"U":[[-0,-1],[0,1]],"V":[[1,0],[0,-1]]}');
  put('deep.json', `{"U":${'['.repeat(200_000)}${']'.repeat(200_000)},"V":[[1]]}`);
  put('deep-array.json', `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
  put(
    'big-object.json',
    `{"U":[[{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`).join(',')}},0]],"V":[[1,0]]}`,
  );
  put('giant-string.json', `{"U":"${'x'.repeat(20_000_000)}","V":[[1]]}`);
  put('ragged.json', '{"U":[[1,0],[1]],"V":[[1,0],[0,1]]}');
  put('string-number.json', '{"U":[["1",0],[0,1]],"V":[[1,0],[0,1]]}');
  put('nan.csv', '1,0\nNaN,1\n');
  put('hex.csv', '0x1,0\n0,1\n');
  put('ragged.csv', '1,0\n1\n');
  put('long-line.csv', `${'1,'.repeat(5_000_000)}1\n`);
  put('good.csv', '1,0\n0,1\n');
  put('bad-magic.npy', Buffer.from('NOTNUMPY00000000'));
  put('truncated-header.npy', npyHeader('<f8', '(2, 2)').subarray(0, 20));
  put('wrong-dtype.npy', Buffer.concat([npyHeader('<c16', '(2, 2)'), Buffer.alloc(64)]));
  put('bool-dtype.npy', Buffer.concat([npyHeader('|b1', '(2, 2)'), Buffer.alloc(4)]));
  put('huge-shape.npy', Buffer.concat([npyHeader('<f8', '(1099511627776, 1024)'), Buffer.alloc(16)]));
  put('negative-shape.npy', Buffer.concat([npyHeader('<f8', '(-2, 2)'), Buffer.alloc(32)]));
  put('truncated-data.npy', Buffer.concat([npyHeader('<f8', '(2, 2)'), Buffer.alloc(8)]));
  const oversize = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0xff, 0xff, 0xff, 0xff]);
  put('oversize-header.npy', oversize);
  const nanNpy = Buffer.concat([npyHeader('<f8', '(2, 2)'), Buffer.alloc(32)]);
  nanNpy.writeDoubleLE(Number.NaN, nanNpy.length - 32);
  put('nan.npy', nanNpy);
  put('st-header-size.safetensors', Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]));
  put('st-deep.safetensors', safetensors(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 0));
  put(
    'st-bad-offsets.safetensors',
    safetensors('{"U":{"dtype":"F32","shape":[2,2],"data_offsets":[0,99999999]}}', 16),
  );
  put(
    'st-wrong-dtype.safetensors',
    safetensors('{"U":{"dtype":"C64","shape":[2,2],"data_offsets":[0,32]}}', 32),
  );
  put(
    'st-huge-shape.safetensors',
    safetensors('{"U":{"dtype":"F32","shape":[1e15,1e15],"data_offsets":[0,16]}}', 16),
  );
  put('verify-dup.json', JSON.stringify({ seed: 1, claims: [{ id: 'a' }, { id: 'a' }], summary: {} }));
  put('run-nan.json', '{"trajectory":[{"step":NaN}]}');
  put('run-empty.json', '{"trajectory":[]}');
  const dirPath = join(dir, 'a-directory.json');
  mkdirSync(dirPath, { recursive: true });
  files['a-directory.json'] = dirPath;
  const fifo = join(dir, 'a-fifo.json');
  if (spawnSync('mkfifo', [fifo]).status === 0) files['a-fifo.json'] = fifo;
  files['missing.json'] = join(dir, 'does-not-exist.json');
  files['/dev/zero'] = '/dev/zero';
  files['/dev/urandom'] = '/dev/urandom';
  files['/dev/null'] = '/dev/null';
  if (large) {
    sparse('sparse-600M.json', Buffer.from('{"U":[['), 600_000_000);
    sparse('sparse-536870900.json', Buffer.from('{"U":'), 536_870_900);
    sparse('sparse-400M.csv', Buffer.from('0,0\n'), 400_000_000);
    sparse('sparse-1G-f32.npy', npyHeader('<f4', '(2, 125000000)'), 128 + 1_000_000_000);
    sparse('sparse-2G-f16.npy', npyHeader('<f2', '(2, 500000000)'), 128 + 2_000_000_000);
    const st = '{"U":{"dtype":"F16","shape":[2,500000000],"data_offsets":[0,2000000000]}}';
    const stHead = safetensors(st, 0);
    sparse('sparse-2G-f16.safetensors', stHead, stHead.length + 2_000_000_000);
  }
  return files;
}

/** Hostile values for number flags. */
const NUMBERS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '-1e308',
  '1e400',
  '0x10',
  '-0',
  '1e-320',
  '',
  'abc',
  '99999999999999999999',
  '-5',
  '0',
  '1'.repeat(100_000),
];

/** One fuzz case: the arguments of a sigcheck run. */
export type FuzzCase = readonly string[];

/**
 * The cases for `files`: every file-reading command on every file (unless `everyFile` is false),
 * then `count` random flag
 * combinations drawn with `seed`.
 */
export function fuzzCases(
  files: Record<string, string>,
  seed: number,
  count: number,
  out: string,
  everyFile = true,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const good = files['good.json']!;
  const goodCsv = files['good.csv']!;
  for (const path of everyFile ? Object.values(files) : []) {
    cases.push(['loss', '--config', path]);
    cases.push(['constellation', '--config', path, '--m', '0.1']);
    cases.push(['analyze', '--u', path, '--v', goodCsv]);
    cases.push(['analyze', '--u', goodCsv, '--v', goodCsv, '--labels', path]);
    cases.push(['report', '--from', path, '--out', join(out, 'r.html')]);
    cases.push([
      'report',
      '--from',
      files['verify.json'] ?? path,
      '--run',
      path,
      '--out',
      join(out, 'r.html'),
    ]);
  }
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const num = (): string => pick(NUMBERS);
  const generators: (() => FuzzCase)[] = [
    () => ['loss', '--config', good, '--t', num(), '--b', num()],
    () => ['loss', '--config', good, '--t', num(), '--b', num(), '--grad'],
    () => ['analyze', '--u', goodCsv, '--v', goodCsv, '--t', num(), '--b', num()],
    () => ['solve', '--N', num(), '--d', '2', '--steps', '5'],
    () => ['solve', '--N', '4', '--d', num(), '--steps', '5'],
    () => ['solve', '--N', '4', '--d', '2', '--steps', num(), '--every', num()],
    () => ['solve', '--N', '4', '--d', '2', '--steps', '20', '--t0', num()],
    () => ['solve', '--N', '4', '--d', '2', '--steps', '20', '--lr', num()],
    () => ['solve', '--N', pick(['25000', '100000', '3000']), '--d', pick(['2', '100000']), '--steps', '1'],
    () => ['bounds', '--d', pick(['2:1000001:1000000', `2:${num()}:10`, num()]), '--m', pick(['0.1', num()])],
    () => ['bounds', '--N', num(), '--m', pick(['0.1', num()])],
    () => ['ccem', '--N', pick(['3', num()]), '--t', pick(['1', num()])],
    () => [
      'verify',
      '--claim',
      'ccem-key-inequality/wrong-coefficient',
      '--path',
      pick(['1e9', 'abc', '-1', '0:0:99999999', num()]),
    ],
    () => ['explain', pick(['no-such-claim', 'x'.repeat(100_000), ''])],
    () => [pick(['nosuchcommand', 'loss', 'solve']), `--${pick(['zzz', 'N', 'config'])}`],
  ];
  for (let i = 0; i < count; i++) cases.push(pick(generators)());
  return cases;
}

/** What one run did. */
export interface FuzzOutcome {
  readonly args: FuzzCase;
  readonly code: number | null;
  readonly signal: string | null;
  readonly seconds: number;
  /** Peak resident set size in bytes (sampled), or null where /proc is missing. */
  readonly rssBytes: number | null;
  readonly stderr: string;
  /** Why the outcome breaks a rule, or null when it is fine. */
  readonly problem: string | null;
}

/** Peak and current resident set size of a live process, from /proc (Linux), in bytes. */
function memoryOf(pid: number): { peak: number; now: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { peak: kb('VmHWM') * 1024, now: kb('VmRSS') * 1024 };
  } catch {
    return null;
  }
}

/**
 * Runs one case as a child process and checks its outcome. A watchdog samples the child's peak
 * RSS every 20 ms and kills it (SIGKILL) above {@link MAX_CHILD_RSS_BYTES} or after
 * {@link MAX_CHILD_SECONDS}; both count as problems. (An address-space limit would break
 * WebAssembly, which reserves its memory up front.)
 */
export function runCase(args: FuzzCase, cli: 'src' | 'dist'): Promise<FuzzOutcome> {
  const entry =
    cli === 'src' ? ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')] : [join(ROOT, 'dist/src/cli/main.js')];
  const start = performance.now();
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, SIGCHECK_MAX_MEMORY: CHILD_MEMORY_CAP, SIGCHECK_SEED: '42' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stderrBytes = 0;
  child.stdout.resume();
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrBytes += chunk.length;
    if (stderr.length < 100_000) stderr += chunk;
  });
  let peak: number | null = null;
  let killedFor: string | null = null;
  const watch = setInterval(() => {
    const m = child.pid === undefined ? null : memoryOf(child.pid);
    if (m !== null && Number.isFinite(m.peak)) peak = Math.max(peak ?? 0, m.peak);
    if (killedFor !== null) return;
    if (peak !== null && peak > MAX_CHILD_RSS_BYTES)
      killedFor = `peak RSS above ${(MAX_CHILD_RSS_BYTES / 2 ** 20).toFixed(0)} MiB`;
    else if ((performance.now() - start) / 1000 > MAX_CHILD_SECONDS)
      killedFor = `no answer in ${MAX_CHILD_SECONDS} s`;
    if (killedFor !== null) child.kill('SIGKILL');
  }, 20);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(watch);
      const seconds = (performance.now() - start) / 1000;
      const lines = stderr.replace(/\n$/, '').split('\n');
      let problem: string | null = null;
      if (killedFor !== null) problem = `killed by the watchdog: ${killedFor}`;
      else if (signal !== null) problem = `killed by ${signal}`;
      else if (code === 3) problem = 'internal error (exit 3)';
      else if (code !== 0 && code !== 1 && code !== 2) problem = `exit ${code}`;
      else if (code === 2 && (lines.length !== 1 || !lines[0]!.startsWith('sigcheck: ')))
        problem = `refusal is not one 'sigcheck: ' line (${lines.length} lines)`;
      else if (code === 2 && stderrBytes > 600) problem = `refusal line of ${stderrBytes} characters`;
      resolve({
        args,
        code: signal !== null ? null : code,
        signal: signal ?? null,
        seconds,
        rssBytes: peak,
        stderr: stderr.length > 2000 ? `${stderr.slice(0, 2000)}...` : stderr,
        problem,
      });
    });
  });
}

/** Shortens a case's arguments for printing (long values cut). */
export function showCase(args: FuzzCase): string {
  return args.map((a) => (a.length > 60 ? `${a.slice(0, 40)}...(${a.length} chars)` : a)).join(' ');
}

interface Summary {
  runs: number;
  codes: Record<string, number>;
  problems: FuzzOutcome[];
  slowest: FuzzOutcome | null;
  peak: FuzzOutcome | null;
}

function summarize(outcomes: readonly FuzzOutcome[]): Summary {
  const codes: Record<string, number> = {};
  let slowest: FuzzOutcome | null = null;
  let peak: FuzzOutcome | null = null;
  for (const o of outcomes) {
    const key = o.signal !== null ? `signal` : `exit ${o.code}`;
    codes[key] = (codes[key] ?? 0) + 1;
    if (slowest === null || o.seconds > slowest.seconds) slowest = o;
    if (o.rssBytes !== null && (peak === null || o.rssBytes > (peak.rssBytes ?? 0))) peak = o;
  }
  return {
    runs: outcomes.length,
    codes,
    problems: outcomes.filter((o) => o.problem !== null),
    slowest,
    peak,
  };
}

function flag(argv: readonly string[], name: string): string | undefined {
  const k = argv.indexOf(name);
  return k >= 0 ? argv[k + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const seedFlag = flag(argv, '--seed');
  const runs = Number(flag(argv, '--runs') ?? '60');
  const budget = Number(flag(argv, '--budget') ?? '900');
  const cli = (flag(argv, '--cli') ?? 'src') as 'src' | 'dist';
  const seeds =
    seedFlag !== undefined ? [Number(seedFlag)] : [FIXED_SEED, Math.floor(Math.random() * 2 ** 31)];
  const dir = mkdtempSync(join(tmpdir(), 'sigcheck-fuzz-'));
  const started = performance.now();
  const outcomes: FuzzOutcome[] = [];
  try {
    const files = buildCorpus(dir, true);
    const verify = join(dir, 'verify.json');
    const v = await runCase(
      ['verify', '--claim', 'ccem-key-inequality', '--format', 'json', '--out', verify],
      cli,
    );
    if (v.code === 0) files['verify.json'] = verify;
    for (const [s, seed] of seeds.entries()) {
      process.stdout.write(`fuzz: seed ${seed}${s === 0 && seedFlag === undefined ? ' (fixed)' : ''}\n`);
      const cases = fuzzCases(files, seed, runs, dir, s === 0);
      for (const c of cases) {
        if ((performance.now() - started) / 1000 > budget) {
          process.stdout.write(`fuzz: time budget of ${budget} s reached\n`);
          break;
        }
        const o = await runCase(c, cli);
        outcomes.push(o);
        if (o.problem !== null)
          process.stdout.write(
            `  PROBLEM ${o.problem}: sigcheck ${showCase(c)}\n    ${o.stderr.split('\n')[0]}\n`,
          );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const s = summarize(outcomes);
  const mib = (b: number | null) => (b === null ? '?' : `${(b / 2 ** 20).toFixed(0)} MiB`);
  process.stdout.write(
    `fuzz: ${s.runs} runs in ${((performance.now() - started) / 1000).toFixed(0)} s; ${Object.entries(s.codes)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ')}\n` +
      `fuzz: peak RSS ${mib(s.peak?.rssBytes ?? null)} (sigcheck ${s.peak ? showCase(s.peak.args) : '-'})\n` +
      `fuzz: slowest ${s.slowest?.seconds.toFixed(1) ?? '-'} s (sigcheck ${s.slowest ? showCase(s.slowest.args) : '-'})\n` +
      `fuzz: limits: exit 0/1/2 only, no signal, ${MAX_CHILD_SECONDS} s, ${mib(MAX_CHILD_RSS_BYTES)} RSS (SIGCHECK_MAX_MEMORY=${CHILD_MEMORY_CAP}), refusals one line\n` +
      `fuzz: ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}\n`,
  );
  return s.problems.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && /fuzz\.[jt]s$/.test(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
