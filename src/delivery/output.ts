// Writing a build's files: all or nothing, as far as a file system allows. Every file is
// first written in full (and fsynced) to a temporary name beside its target; only when all
// of them are on disk are they renamed into place, manifest last. A build that fails, or is
// interrupted, before the renames leaves the previous files untouched; the temporary files
// are removed on failure, and any left by a killed process are swept by the next build.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface FileToWrite {
  name: string;
  data: Uint8Array | string;
}

/** The file-system calls used, so a test can make one of them fail part-way. */
export interface WriteIo {
  writeFile(path: string, data: Uint8Array | string): void;
  rename(from: string, to: string): void;
  remove(path: string): void;
}

export const nodeIo: WriteIo = {
  writeFile(path, data) {
    // 'wx': a temporary name is never shared; fsync so a crash after the rename cannot
    // leave a renamed but empty file.
    const fd = openSync(path, 'wx');
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset, bytes.byteLength - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { force: true }),
};

// `.briefing.pdf.<pid>-<random>.tmp`: hidden, and names the process that owns it.
const TMP = /^\.(.+)\.(\d+)-[0-9a-f]+\.tmp$/;

function tmpName(name: string): string {
  return `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Temporary files are only being written while the build runs, so live processes never write here. */
const active = new Set<string>();

/**
 * Writes `files` into `dir` atomically as a set: nothing is renamed until everything is
 * written. Returns the final paths. Throws (after removing its temporary files) on failure.
 */
export function writeFilesAtomic(dir: string, files: readonly FileToWrite[], io: WriteIo = nodeIo): string[] {
  mkdirSync(dir, { recursive: true });
  sweepStaleTemporaries(dir, io);
  const staged: { tmp: string; final: string }[] = [];
  try {
    for (const f of files) {
      const tmp = join(dir, tmpName(f.name));
      active.add(tmp);
      staged.push({ tmp, final: join(dir, f.name) });
      io.writeFile(tmp, f.data);
    }
    for (const s of staged) {
      io.rename(s.tmp, s.final);
      active.delete(s.tmp);
    }
  } catch (e) {
    for (const s of staged) {
      if (active.delete(s.tmp)) io.remove(s.tmp);
    }
    throw e;
  }
  return staged.map((s) => s.final);
}

/** Removes what writeFilesAtomic has in flight; for a signal handler before exiting. */
export function removeActiveTemporaries(): void {
  for (const tmp of active) rmSync(tmp, { force: true });
  active.clear();
}

/** Removes temporary files left in `dir` by processes that no longer run (e.g. SIGKILLed). */
export function sweepStaleTemporaries(dir: string, io: WriteIo = nodeIo): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = TMP.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || isAlive(pid)) continue;
    io.remove(join(dir, name));
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses a byte budget: 250000, 250k, 1.5M, 2MB (k = 1024). Undefined when malformed. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(m[1]) * factor);
  return bytes > 0 ? bytes : undefined;
}
