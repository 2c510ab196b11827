// Keeps the mutation run's shared worker thread alive from one mutant's run to the next.
//
// Vitest 4 ends every run by stopping its worker threads, and Stryker's vitest runner starts one run
// per mutant: each mutant paid for a new thread, its environment and the imports of decimal.js,
// fast-check, mathjs and nerdamer (about 0.45 s on this machine; a theorems file whose tests take
// 20 ms ran in 430-700 ms). Here a thread of the shared project (isolate: false) is parked at the end
// of a run and handed to the next one: the worker gets a fresh "start" (config, test name filter)
// for each run, and every run invalidates all of the project's own modules, so each run evaluates
// the instrumented sources afresh, as a new thread would (a static mutant takes effect at import, a
// lazy cache filled under one mutant never reaches the next). Only node_modules stay loaded.
// A parked thread is retired after RUNS_PER_THREAD runs, so no slow leak in a library outlives that.
// SIGCHECK_MUTATE_FRESH_WORKERS=1 turns this off (a new thread per run, Vitest's own behaviour).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ThreadsPoolWorker } from 'vitest/node';

/** The env marker of the project whose threads may be kept (set in its `test.env`). */
export const SHARED_MARK = 'SIGCHECK_MUTATION_SHARED_THREAD';
/** Runs a kept thread serves before it is retired. */
const RUNS_PER_THREAD = 100;

interface PoolWorker {
  _thread?: Worker | undefined;
  env: Record<string, string | undefined>;
  execArgv: string[];
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}
interface RunMessage {
  __vitest_worker_request__?: boolean;
  type?: string;
  context?: { invalidates?: string[] };
}

const parked = new Map<string, Worker>();
const runsOf = new WeakMap<Worker, number>();
const keyOf = (w: PoolWorker) => JSON.stringify(w.execArgv);
const kept = (w: PoolWorker) => w.env[SHARED_MARK] === '1';

/** Every source file of the project (absolute paths, as the worker's module graph names them). */
function projectFiles(root: string): string[] {
  const out: string[] = [];
  for (const dir of ['src', 'theorems', 'constructions', 'test', 'mutation']) {
    let names: string[];
    try {
      names = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' });
    } catch {
      continue;
    }
    for (const n of names) if (/\.(ts|mts|js|mjs)$/.test(n)) out.push(resolve(root, dir, n));
  }
  return out;
}

/** Patches Vitest's thread workers once; returns the function that ends the parked threads. */
export function keepWorkerThreads(root: string): () => Promise<void> {
  const invalidates = projectFiles(root);
  const proto = ThreadsPoolWorker.prototype as unknown as {
    start(this: PoolWorker): Promise<void>;
    stop(this: PoolWorker): Promise<void>;
    send(this: PoolWorker, message: unknown): void;
  };
  const start = proto.start;
  const stop = proto.stop;
  const send = proto.send;
  proto.start = async function (this: PoolWorker) {
    if (this._thread === undefined && kept(this)) {
      const t = parked.get(keyOf(this));
      if (t !== undefined) {
        parked.delete(keyOf(this));
        t.removeAllListeners('exit');
        t.ref();
        this._thread = t;
      }
    }
    return start.call(this);
  };
  proto.send = function (this: PoolWorker, message: unknown) {
    const m = message as RunMessage;
    if (kept(this) && m.__vitest_worker_request__ === true) {
      // the worker's own stop would tear its message listener down: answer it here instead
      if (m.type === 'stop' && this._thread !== undefined) {
        const t = this._thread;
        setImmediate(() => t.emit('message', { type: 'stopped', __vitest_worker_response__: true }));
        return;
      }
      if ((m.type === 'run' || m.type === 'collect') && m.context !== undefined)
        m.context.invalidates = [...(m.context.invalidates ?? []), ...invalidates];
    }
    return send.call(this, message);
  };
  proto.stop = async function (this: PoolWorker) {
    const t = this._thread;
    if (t === undefined || !kept(this)) return stop.call(this);
    const runs = (runsOf.get(t) ?? 0) + 1;
    runsOf.set(t, runs);
    const key = keyOf(this);
    if (runs >= RUNS_PER_THREAD || parked.has(key)) return stop.call(this);
    t.stdout.unpipe(this.stdout);
    this.stdout.setMaxListeners(this.stdout.getMaxListeners() - 1);
    t.stderr.unpipe(this.stderr);
    this.stderr.setMaxListeners(this.stderr.getMaxListeners() - 1);
    for (const event of ['message', 'error', 'exit', 'messageerror']) t.removeAllListeners(event);
    parked.set(key, t);
    // a parked thread that dies is forgotten; it never holds the process open
    t.once('exit', () => {
      if (parked.get(key) === t) parked.delete(key);
    });
    t.unref();
    this._thread = undefined;
  };
  return async () => {
    const all = [...parked.values()];
    parked.clear();
    await Promise.all(all.map((t) => t.terminate()));
  };
}
