import {
  closeSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/** What a non-regular file is, for the refusal. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The file a write to `path` must replace: `path` itself when it does not exist, its real path
 * when it is a regular file or a symbolic link to one (the rename replaces the file, not the
 * link); anything else (a device such as /dev/stdout, a FIFO, a directory) is refused, since
 * renaming over it would replace the node itself.
 */
function writeTarget(path: string): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return path;
    throw new UsageError(`cannot write ${path}: ${code ?? String(e)}`);
  }
  if (!st.isFile()) {
    throw new UsageError(
      `cannot write ${path}: it is ${kindOf(st)}; --out writes a regular file atomically (omit --out for stdout)`,
    );
  }
  return realpathSync(path);
}

/**
 * Writes a file so that readers never see it half-written: the data goes to a temporary file in
 * the same directory, is flushed to disk, then renamed over the target (atomic on POSIX). A
 * symbolic link is followed (its target is replaced); a device, FIFO or directory is refused.
 */
export function writeFileAtomic(userPath: string, data: string | Uint8Array): void {
  const path = writeTarget(userPath);
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new UsageError(`cannot write ${userPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw new UsageError(`cannot write ${userPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
