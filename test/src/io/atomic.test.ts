import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { writeFileAtomic } from '../../../src/io/atomic.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigcheck-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic: the rename replaces a regular file, never another kind of node', () => {
  it('writes a new file and leaves no temporary file', () => {
    const sub = join(dir, 'new');
    mkdirSync(sub);
    writeFileAtomic(join(sub, 'a.json'), 'x\n');
    expect(readFileSync(join(sub, 'a.json'), 'utf8')).toBe('x\n');
    expect(readdirSync(sub)).toEqual(['a.json']);
  });

  it('through a symbolic link: the link stays a link and its target gets the bytes', () => {
    const target = join(dir, 'target.json');
    const link = join(dir, 'link.json');
    writeFileSync(target, 'old\n');
    symlinkSync(target, link);
    writeFileAtomic(link, 'new\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });

  it('a FIFO (like /dev/stdout, a device) is refused with one line and stays a FIFO', () => {
    const fifo = join(dir, 'pipe');
    const made = spawnSync('mkfifo', [fifo]);
    expect(made.status).toBe(0);
    expect(() => writeFileAtomic(fifo, 'x\n')).toThrow(UsageError);
    expect(() => writeFileAtomic(fifo, 'x\n')).toThrow(/cannot write .*pipe: it is a FIFO/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a directory is refused and left as it was', () => {
    const sub = join(dir, 'adir');
    mkdirSync(sub);
    expect(() => writeFileAtomic(sub, 'x\n')).toThrow(/it is a directory/);
    expect(lstatSync(sub).isDirectory()).toBe(true);
  });
});
