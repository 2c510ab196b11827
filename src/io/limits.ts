import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, type Stats } from 'node:fs';
import { freemem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { UsageError } from '../errors.js';

/**
 * The resource model of sigcheck: file-type checks before reading, a memory budget compared with
 * each command's estimate before it allocates, and short descriptions of offending values so an
 * error stays one readable line.
 * @packageDocumentation
 */

/** Environment variable holding the memory cap (bytes, or with a K/M/G/T suffix). */
export const MEMORY_CAP_ENV = 'SIGCHECK_MAX_MEMORY';

/** Memory cap when {@link MEMORY_CAP_ENV} is unset: 4 GiB. */
export const DEFAULT_MEMORY_CAP = 4 * 2 ** 30;

/**
 * Largest JSON or CSV text read whole: 256 MiB, well below V8's string maximum (2^29 - 24
 * characters), and small enough that no single JSON array can reach V8's element limit
 * (2^27 elements, each at least 2 bytes of text). Larger exports belong in .npy.
 */
export const MAX_TEXT_BYTES = 256 * 2 ** 20;

/** Deepest JSON nesting accepted; sigcheck's own documents nest fewer than 12 levels. */
export const MAX_JSON_DEPTH = 64;

/** Most characters of an offending value quoted in an error line. */
export const MAX_QUOTE = 40;

/** JS heap bytes a parsed JSON value costs, per scalar (pointer + boxed double, rounded up). */
const HEAP_BYTES_PER_JSON_VALUE = 32;

/** Parses a size such as `4G`, `512M`, `1e9` (bytes). */
export function parseByteSize(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  const unit =
    m === null ? undefined : { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase()];
  const x = m === null || unit === undefined ? Number.NaN : Number(m[1]) * unit;
  if (!(x > 0) || !Number.isFinite(x)) {
    throw new UsageError(`${where}: expected a size such as 4G or 512M, got '${quote(text)}'`);
  }
  return x;
}

/** A byte count for people: `1.86 GiB`, `512 MiB`, `3.1 KiB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let x = n;
  let i = 0;
  while (Math.abs(x) >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${i === 0 ? x.toFixed(0) : x.toPrecision(3)} ${units[i]}`;
}

/** The stated memory cap: {@link MEMORY_CAP_ENV} if set, else {@link DEFAULT_MEMORY_CAP}. */
export function memoryCap(): number {
  const s = process.env[MEMORY_CAP_ENV];
  return s === undefined || s.trim() === '' ? DEFAULT_MEMORY_CAP : parseByteSize(s, MEMORY_CAP_ENV);
}

function readNumberFile(path: string): number | undefined {
  try {
    const s = readFileSync(path, 'utf8').trim();
    const x = Number(s);
    return s === '' || !Number.isFinite(x) ? undefined : x;
  } catch {
    return undefined;
  }
}

/** Free memory of the machine and of the cgroup (v1 or v2) this process runs in, in bytes. */
export function systemAvailable(): number {
  let avail = freemem();
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m !== null) avail = Math.max(avail, Number(m[1]) * 1024);
  } catch {
    // not Linux: os.freemem() stands
  }
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers, path] = line.split(':');
      if (path === undefined) continue;
      const pairs: [string, string][] =
        controllers === ''
          ? [[`/sys/fs/cgroup${path}/memory.max`, `/sys/fs/cgroup${path}/memory.current`]]
          : controllers!.split(',').includes('memory')
            ? [
                [
                  `/sys/fs/cgroup/memory${path}/memory.limit_in_bytes`,
                  `/sys/fs/cgroup/memory${path}/memory.usage_in_bytes`,
                ],
              ]
            : [];
      for (const [limitFile, usageFile] of pairs) {
        const limit = readNumberFile(limitFile);
        const usage = readNumberFile(usageFile);
        if (limit !== undefined && usage !== undefined && limit < 2 ** 60) {
          avail = Math.min(avail, Math.max(0, limit - usage));
        }
      }
    }
  } catch {
    // no cgroup information
  }
  return avail;
}

/** Bytes this process may still allocate: the cap minus what it holds, bounded by free memory. */
export function memoryAvailable(): number {
  const held = process.memoryUsage.rss();
  return Math.max(0, Math.min(memoryCap() - held, systemAvailable()));
}

/** JS heap bytes still available to this process (V8's limit minus the heap in use). */
export function heapAvailable(): number {
  const h = getHeapStatistics();
  return Math.max(0, h.heap_size_limit - h.used_heap_size);
}

/**
 * Refuses, before allocating, work that needs more than the memory available: one line with
 * what it needs, what is available and how to change the cap. `heapBytes` is the part held as
 * JS objects (bounded by V8's heap limit as well); the rest is typed arrays and buffers.
 */
export function requireMemory(bytes: number, where: string, what: string, heapBytes = 0): void {
  const avail = memoryAvailable();
  if (!Number.isFinite(bytes) || bytes > avail) {
    throw new UsageError(
      `${where}: ${what} needs ${formatBytes(bytes)}, ${formatBytes(avail)} available (memory cap ${formatBytes(memoryCap())}; set ${MEMORY_CAP_ENV} to change it)`,
    );
  }
  if (heapBytes > 0) {
    const heap = heapAvailable();
    if (heapBytes > heap) {
      throw new UsageError(
        `${where}: ${what} needs ${formatBytes(heapBytes)} of JS heap, ${formatBytes(heap)} available (node --max-old-space-size raises it; .npy needs none)`,
      );
    }
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'is a directory';
  if (st.isCharacterDevice()) return 'is a character device, not a regular file';
  if (st.isBlockDevice()) return 'is a block device, not a regular file';
  if (st.isFIFO()) return 'is a FIFO, not a regular file';
  if (st.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/**
 * Opens `path` for reading if it is a regular file (FIFOs are opened non-blocking, so checking
 * one never waits for a writer); devices, directories, FIFOs and sockets are refused.
 */
export function openRegularFile(path: string, where = path): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new UsageError(`${where}: is a directory`);
    throw new UsageError(`${where}: cannot read (${code ?? quote(String(e))})`);
  }
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch (e) {
    closeSync(fd);
    throw new UsageError(`${where}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'stat failed'})`);
  }
  if (!st.isFile()) {
    closeSync(fd);
    throw new UsageError(`${where}: ${kindOf(st)}`);
  }
  return { fd, size: st.size };
}

/** Reads `length` bytes at `position` of an open file into `buf` (from `offset`), in chunks. */
export function readFully(
  fd: number,
  buf: Uint8Array,
  offset: number,
  length: number,
  position: number,
): number {
  let done = 0;
  while (done < length) {
    const got = readSync(fd, buf, offset + done, Math.min(length - done, 1 << 30), position + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}

/** Shape of a JSON text found by a linear scan: nesting depth, largest array, value count. */
export interface JsonScan {
  readonly depth: number;
  readonly longestArray: number;
  readonly values: number;
}

/**
 * Scans JSON text without recursion and without building it: the deepest nesting, the longest
 * array and the number of values (so the cost of `JSON.parse` is known before paying it).
 * Malformed text is left for `JSON.parse` to report.
 */
export function scanJson(buf: Uint8Array): JsonScan {
  const counts: number[] = [];
  const isArray: boolean[] = [];
  let depth = 0;
  let maxDepth = 0;
  let longest = 0;
  let values = 0;
  let inString = false;
  let sawValue = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        sawValue = true;
        break;
      case 0x5b: // [
      case 0x7b: // {
        counts[depth] = 0;
        isArray[depth] = c === 0x5b;
        depth++;
        sawValue = false;
        if (depth > maxDepth) maxDepth = depth;
        break;
      case 0x5d: // ]
      case 0x7d: // }
        if (depth > 0) {
          depth--;
          const n = counts[depth]! + (sawValue ? 1 : 0);
          if (isArray[depth] && n > longest) longest = n;
          values += n;
        }
        sawValue = true;
        break;
      case 0x2c: // ,
        if (depth > 0) counts[depth - 1]!++;
        sawValue = false;
        break;
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
      case 0x3a: // :
        break;
      default:
        sawValue = true;
    }
  }
  return { depth: maxDepth, longestArray: longest, values };
}

/** Largest JSON array accepted (V8 cannot hold one above 2^27 elements; .npy has no such limit). */
export const MAX_JSON_ARRAY = 2 ** 26;

/**
 * Reads and parses a JSON file with every limit checked first: a regular file, at most
 * {@link MAX_TEXT_BYTES}, nesting at most {@link MAX_JSON_DEPTH}, no array beyond
 * {@link MAX_JSON_ARRAY} elements, and the parsed size within the memory and heap available.
 * `where` names the input in messages; `malformed` words JSON.parse's own message.
 */
export function readJsonFile(
  path: string,
  where = path,
  malformed: (why: string) => string = (why) => `${where}: malformed JSON (${why})`,
): unknown {
  const text = readTextFile(path, where, 'JSON');
  const scan = scanJson(text);
  if (scan.depth > MAX_JSON_DEPTH) {
    throw new UsageError(
      `${where}: malformed input: JSON nested ${scan.depth} levels deep (limit ${MAX_JSON_DEPTH})`,
    );
  }
  if (scan.longestArray > MAX_JSON_ARRAY) {
    throw new UsageError(
      `${where}: a JSON array of ${scan.longestArray} elements is more than the ${MAX_JSON_ARRAY} limit; use .npy`,
    );
  }
  const heap = scan.values * HEAP_BYTES_PER_JSON_VALUE + text.length * 2;
  requireMemory(heap, where, `parsing this ${formatBytes(text.length)} JSON`, heap);
  const s = withoutBom(text.toString('utf8'));
  try {
    return JSON.parse(s);
  } catch (e) {
    if (/(?<![\w"])-?(NaN|Infinity)(?![\w"])/.test(s)) {
      throw new UsageError(`${where}: contains NaN or Infinity; every number must be finite`);
    }
    const why = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    throw new UsageError(malformed(cut(why, 120)));
  }
}

/** `s` without a leading byte-order mark (editors on Windows write one before UTF-8 text). */
export function withoutBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Reads a whole text file of at most {@link MAX_TEXT_BYTES} bytes (a regular file). */
export function readTextFile(path: string, where = path, kind = 'text'): Buffer {
  const { fd, size } = openRegularFile(path, where);
  try {
    if (size > MAX_TEXT_BYTES) {
      throw new UsageError(
        `${where}: ${formatBytes(size)} is more than the ${formatBytes(MAX_TEXT_BYTES)} limit for ${kind} input; use .npy`,
      );
    }
    const buf = Buffer.allocUnsafe(size);
    const got = readFully(fd, buf, 0, size, 0);
    if (got !== size) throw new UsageError(`${where}: file changed while reading (${got} of ${size} bytes)`);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** `s` cut to `n` characters, with the length of what was cut. */
export function cut(s: string, n = MAX_QUOTE): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  return flat.length <= n ? flat : `${flat.slice(0, n)}... (${flat.length} characters)`;
}

/** `s` cut for quoting in an error line (see {@link cut}). */
export function quote(s: string): string {
  return cut(s, MAX_QUOTE);
}

/**
 * A short description of any JSON value for an error line, never longer than a few dozen
 * characters and never recursive: numbers and short strings as themselves, long strings cut,
 * arrays and objects by their size.
 */
export function describeValue(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length} element${x.length === 1 ? '' : 's'}`;
  switch (typeof x) {
    case 'string':
      return JSON.stringify(cut(x, MAX_QUOTE));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(x);
    case 'object': {
      const n = Object.keys(x as object).length;
      return `an object with ${n} key${n === 1 ? '' : 's'}`;
    }
    default:
      return typeof x;
  }
}
