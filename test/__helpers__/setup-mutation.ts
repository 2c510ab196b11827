import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setEnvironmentData } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { RUN_SEED } from './seed.js';

// The mutation run's setup: the same seed and runs as test/__helpers__/setup.ts, and a property
// stops at its first counterexample. Shrinking decides nothing there (a mutant is killed by any
// failure), and shrinking a broken law could outlast the mutant's timeout.
fc.configureGlobal({ seed: RUN_SEED, numRuns: 100, endOnFailure: true });

/** Stryker's coverage object: hits per mutant id, outside any test and per test id. */
interface Coverage {
  static: Record<string, number>;
  perTest: Record<string, Record<string, number>>;
}
interface StrykerGlobal {
  mutantCoverage?: Coverage;
}
interface HitState {
  hitCount?: number;
  hitLimit?: number;
  sigcheckSkipCover?: boolean;
}
/** The CPU watchdog's state (mutant runs), one per thread. */
interface Watch {
  budget: number | undefined;
  testStart: number;
  /** performance.now() before which the thread's CPU cannot have passed the budget. */
  nextRead: number;
  overrun: boolean;
  stopped: boolean;
  dryCpu: Record<string, number>;
}
/** What this setup keeps across the files that share one worker (isolate: false). */
interface Shared {
  live?: Coverage;
  seen: Coverage;
}

function minus(now: Record<string, number>, before: Record<string, number> | undefined) {
  const out: Record<string, number> = {};
  for (const [id, n] of Object.entries(now)) {
    const d = n - (before?.[id] ?? 0);
    if (d > 0) out[id] = d;
  }
  return out;
}

// Stryker's dry run hands each file its coverage object and sums the files' objects. Files sharing
// a worker (vitest.mutation.config.ts) share one object, so every file would hand on all earlier
// files' hits too and a mutant's hit count (its endless-loop limit is 100 times that) would grow with
// the number of files. Each file hands on only the hits since the previous file ended; the object
// the instrumented code writes to stays in place.
const ns = inject('globalNamespace' as never) as string | undefined;
if (ns !== undefined && inject('mode' as never) === 'dry-run') {
  const g = globalThis as unknown as Record<string, StrykerGlobal | Shared | undefined>;
  g[ns] ??= {};
  g.__sigcheckCoverage ??= { seen: { static: {}, perTest: {} } };
  const stryker = g[ns] as StrykerGlobal;
  const shared = g.__sigcheckCoverage as Shared;
  const restore = () => {
    if (shared.live !== undefined) stryker.mutantCoverage = shared.live;
  };
  restore();
  beforeAll(restore);
  // runs before Stryker's own afterAll (after hooks run in reverse order), which reads the object
  afterAll(() => {
    const live = stryker.mutantCoverage;
    if (live === undefined) return;
    shared.live = live;
    const perTest: Coverage['perTest'] = {};
    for (const [id, hits] of Object.entries(live.perTest)) {
      const d = minus(hits, shared.seen.perTest[id]);
      if (Object.keys(d).length > 0) perTest[id] = d;
    }
    stryker.mutantCoverage = { static: minus(live.static, shared.seen.static), perTest };
    shared.seen = {
      static: { ...live.static },
      perTest: Object.fromEntries(Object.entries(live.perTest).map(([id, h]) => [id, { ...h }])),
    };
  });
}

// One worker thread serves many runs (mutation/reuse-worker.ts), and the Stryker namespace outlives
// a run there. A new thread starts each run with no mutant active while the modules are imported and
// with the coverage counter on: the first file of each run puts both back to that state (a runtime
// mutant is switched on by Stryker's beforeAll, a static one by its setup file before this one).
{
  const g = globalThis as unknown as Record<string, unknown>;
  const run = (g.__vitest_worker__ as { ctx?: object } | undefined)?.ctx;
  g.__sigcheckRuns ??= new WeakSet<object>();
  const seen = g.__sigcheckRuns as WeakSet<object>;
  if (ns !== undefined && run !== undefined && !seen.has(run)) {
    seen.add(run);
    g[ns] ??= {};
    const stryker = g[ns] as HitState & { activeMutant?: unknown };
    const mode = inject('mode' as never) as string | undefined;
    if (mode !== 'mutant' || inject('mutantActivation' as never) !== 'static')
      stryker.activeMutant = undefined;
    if (mode !== 'mutant') stryker.sigcheckSkipCover = false;
    // startWorker hands each helper thread its native-load gate through this thread's environment
    // data (GATE_KEY of src/native-gate.ts, written out here: importing that module would read the
    // key before this line), which outlives a run. A new thread has none; on a kept one the next
    // run's native-gate read the last helper's closed gate, and loadBlas() then refused to load
    // (every OpenBLAS test of the run skipped: its mutants survived).
    setEnvironmentData('sigcheck.native-gate', undefined);
  }
}

/** This process's CPU time (all threads), ms. */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/**
 * This thread's CPU time, ms (Linux: /proc/thread-self/stat, in ticks of 10 ms), else the process's.
 * A test's own thread: a helper thread (the symbolic worker, OpenBLAS's) has its own clock.
 */
const THREAD_STAT = existsSync('/proc/thread-self/stat') ? '/proc/thread-self/stat' : null;
function threadCpu(): number {
  if (THREAD_STAT === null) return cpu();
  const stat = readFileSync(THREAD_STAT, 'latin1');
  // the fields after the command's closing parenthesis start at field 3; utime, stime are 14, 15
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Each test's CPU in the dry run (ms), by file and full name, in the sandbox the runs share. */
const TEST_CPU_FILE = join(process.cwd(), '.sigcheck-test-cpu.json');
interface TaskLike {
  name: string;
  file?: { filepath: string };
  suite?: TaskLike;
}
function testKey(task: TaskLike): string {
  const names: string[] = [];
  for (let t: TaskLike | undefined = task; t !== undefined; t = t.suite) names.unshift(t.name);
  return `${task.file?.filepath ?? ''}#${names.join(' ').trim()}`;
}
function readTestCpu(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(TEST_CPU_FILE, 'utf8')) as Record<string, number>;
  } catch {
    return {};
  }
}

// The dry run records each test's CPU for the watchdog below; the files run one at a time (one worker).
if (ns !== undefined && inject('mode' as never) === 'dry-run') {
  const own: Record<string, number> = {};
  let start = 0;
  beforeEach(() => {
    start = threadCpu();
  });
  afterEach(({ task }) => {
    own[testKey(task as TaskLike)] = threadCpu() - start;
  });
  afterAll(() => {
    const tmp = `${TEST_CPU_FILE}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...readTestCpu(), ...own }));
    renameSync(tmp, TEST_CPU_FILE);
  });
}

/** Extra CPU a mutant's run may spend once it is past 10 times its dry-run hits (ms). */
const LOOP_CPU_MS = 1_000;
/**
 * CPU a test may spend in a mutant's run beyond twice its dry-run CPU (ms): a mutant's run evaluates
 * the project's modules afresh, so a test pays a cache or a mathjs rule set that an earlier test
 * filled in the dry run (1 s was too little: six survivors of relative-bias-equivalence.ts tripped).
 * Stryker's own allowance beyond its factor is the same 5 s (timeoutMS).
 */
const TEST_CPU_SLACK_MS = 5_000;

// Stryker ends a loop made endless by the active mutant at 100 times the mutant's hits in the whole
// dry run; a loop the tests reach 10^5 times then spins for 10^7 hits, past the timeout, and a
// timeout also restarts the runner process (seconds each; a tenth of src/loss timed out). Here the
// loop ends at 10 times the dry run's hits once the run has also spent LOOP_CPU_MS of CPU: a mutant
// that merely does more work than the whole dry run but ends soon still ends on its own. The end is
// reported as Stryker's own hit limit (a timeout), never as a kill.
if (ns !== undefined && inject('mode' as never) === 'mutant') {
  const g = globalThis as unknown as Record<string, HitState | undefined>;
  g[ns] ??= {};
  const stryker = g[ns] as HitState;
  // a mutant's run reads no coverage: the instrumented counter becomes a no-op (vitest.mutation.config.ts)
  stryker.sigcheckSkipCover = true;
  let limit = inject('hitLimit' as never) as number | undefined;
  let tripped = false;
  let cpuAtStart = 0;
  Object.defineProperty(stryker, 'hitLimit', {
    configurable: true,
    get() {
      if (limit === undefined) return undefined;
      const hits = stryker.hitCount ?? 0;
      if (!tripped && hits > limit / 10 && hits % 1024 === 0 && cpu() - cpuAtStart > LOOP_CPU_MS)
        tripped = true;
      return tripped ? 0 : limit;
    },
    set(v: number | undefined) {
      limit = v;
    },
  });
  beforeAll(() => {
    tripped = false;
    cpuAtStart = cpu();
  });

  // A loop that never reaches the active mutant (a mutated bound or step ahead of it) escapes the
  // hit limit and runs to Stryker's timer, which then also restarts the runner process: 12-50 s a
  // mutant. The instrumenter's isActive runs at every mutation point reached and calls sigcheckTick
  // every 4096th time (vitest.mutation.config.ts): a test past twice its dry-run CPU plus
  // TEST_CPU_SLACK_MS is stopped there, and the stop is reported as the hit limit too (a timeout).
  // The test thread's CPU, not wall time: a busy machine does not move the line. The dry run counts
  // coverage, so twice its CPU is about four times a test's own in a mutant's run. The state is kept
  // per thread, across the runs a kept thread serves.
  const gw = globalThis as { __sigcheckWatch?: Watch };
  gw.__sigcheckWatch ??= {
    budget: undefined,
    testStart: 0,
    nextRead: 0,
    overrun: false,
    stopped: false,
    dryCpu: readTestCpu(),
  };
  const watch = gw.__sigcheckWatch;
  (stryker as { sigcheckTick?: () => void }).sigcheckTick = () => {
    const b = watch.budget;
    if (b === undefined) return;
    if (!watch.overrun) {
      // a thread's CPU cannot outrun the wall clock: its clock (a file read) is read only once the
      // wall time since the last reading could have used up the rest of the budget
      const now = performance.now();
      if (now < watch.nextRead) return;
      const used = threadCpu() - watch.testStart;
      if (used <= b) {
        watch.nextRead = now + (b - used);
        return;
      }
      watch.overrun = true;
      watch.stopped = true;
    }
    throw new Error('sigcheck: test past its CPU budget (reported as a timeout)');
  };
  beforeAll(() => {
    watch.stopped = false;
  });
  beforeEach(({ task }) => {
    const d = watch.dryCpu[testKey(task as TaskLike)];
    watch.budget = d === undefined || limit === undefined ? undefined : 2 * d + TEST_CPU_SLACK_MS;
    // the thread's clock is a file read: read it only for a test the watchdog watches
    if (watch.budget === undefined) return;
    watch.testStart = threadCpu();
    watch.nextRead = performance.now() + watch.budget;
  });
  afterEach(() => {
    watch.budget = undefined;
    watch.overrun = false;
  });
  // before Stryker's afterAll reads the count: a stopped loop counts as past Stryker's limit
  afterAll(() => {
    if ((tripped || watch.stopped) && limit !== undefined) stryker.hitCount = limit + 1;
  });
}
