// Writing a build's files as one set: all old or all new, never a mix.
//
// `<out>/<id>` is a symbolic link to a hidden version folder beside it,
// `<out>/.<id>.<pid>-<random>/`. A build takes a lock for the id, writes every file of the new
// set (fsynced) into a fresh version folder, then makes a new link to it and renames that
// link over `<out>/<id>`: one rename(2), which replaces the old link atomically. Only then is
// the previous version folder removed. A reader that opens `<out>/<id>/…` therefore sees the
// whole previous set or the whole new one, whatever the moment the build fails or is killed.
// Left-overs of a killed build (a half-written version folder, a link not yet renamed, a lock
// whose process is gone) are recovered or removed by the next build of that id.
//
// A `<out>/<id>` that is still a plain folder (written by an older version of this tool) is
// converted on the first build: it is moved aside, the link put in its place, and the old
// folder removed; a build killed between those two renames is undone by the next one. A
// plain folder holding files this tool does not write is never touched (a located error).
import { accessSync, closeSync, constants, fsyncSync, lstatSync, mkdirSync, mkdtempSync, rmdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OUTPUT_FILES } from '../api/formats.js';

export interface FileToWrite {
  name: string;
  data: Uint8Array | string;
}

/** Steps of a commit, in order; a test can fail or kill the build at any of them. */
export const COMMIT_STEPS = ['locked', 'recovered', 'staging', 'staged', 'linked', 'swapped', 'cleaned'] as const;
export type CommitStep = (typeof COMMIT_STEPS)[number];

/** The file-system calls used, so a test can make one of them fail part-way. */
export interface WriteIo {
  writeFile(path: string, data: Uint8Array | string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  /** Removes a file, link or folder (recursively). */
  remove(path: string): void;
  /** Called as each step completes (after `staging`, once per file written). */
  step?(step: CommitStep, detail?: string): void;
}

export const nodeIo: WriteIo = {
  writeFile(path, data) {
    // 'wx': a name is never shared; fsync so a crash after the switch cannot leave a
    // renamed but empty file.
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
  symlink: (target, path) => symlinkSync(target, path),
  remove: (path) => rmSync(path, { recursive: true, force: true }),
  step(step) {
    // Test hook for the kill-at-every-step test: a real SIGKILL right after `step`.
    if (process.env.BRIEFING_TEST_KILL_AT === step) process.kill(process.pid, 'SIGKILL');
  },
};

/** A problem writing the output set that the user can fix (not a bug): carries a code. */
export class OutputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Files this tool writes into an output folder; a legacy folder holding only these may be replaced. */
const OWN_FILES = new RegExp(`^(${[...Object.values(OUTPUT_FILES), 'briefing.eml', 'manifest.json'].map((n) => escapeRe(n)).join('|')}|\\..+\\.\\d+-[0-9a-f]+\\.tmp)$`);

/** How long a build waits for another build of the same id to finish writing. */
export const LOCK_WAIT_MS = 30_000;

/** Names beside `<id>` that belong to it: version folders, pending links, moved-aside folders. */
function ownEntries(id: string): RegExp {
  return new RegExp(`^\\.${escapeRe(id)}\\.(\\d+)-([0-9a-f]{8})(\\.link|\\.legacy)?$`);
}

function fresh(id: string): string {
  return `.${id}.${process.pid}-${randomBytes(4).toString('hex')}`;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** fsync a folder so renames in it survive a power cut (best effort: not every OS allows it). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported here; the rename is still atomic */
  }
}

/**
 * `<out>/<id>` resolved, after checking that it is one entry directly inside `out`. Callers
 * check the id's spelling first (idProblem); this guards against any id that slips past.
 */
export function confinedSetPath(out: string, id: string): string {
  const base = resolve(out);
  const full = resolve(base, id);
  const rel = relative(base, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel !== basename(full) || id !== rel) {
    throw new OutputError('BR511', `the id ${JSON.stringify(id)} would write outside ${out}`, out);
  }
  return full;
}

/**
 * Writes `files` as the new content of the folder `setPath` (= `<out>/<id>`), all at once.
 * Returns the final paths. On failure the previous set stays in place and nothing of the new
 * one remains. Throws OutputError for a user-fixable problem, else the file-system error.
 */
export async function writeOutputSet(setPath: string, files: readonly FileToWrite[], io: WriteIo = nodeIo, waitMs = LOCK_WAIT_MS): Promise<string[]> {
  const out = dirname(setPath);
  const id = basename(setPath);
  // Checked first: Node's recursive mkdir never returns where nothing can be created (/proc).
  checkWritable(out);
  try {
    mkdirSync(out, { recursive: true });
  } catch (e) {
    throw outputFolderError(out, e);
  }
  const release = await lock(out, id, waitMs);
  try {
    io.step?.('locked');
    recover(out, id, io);
    io.step?.('recovered');
    return commit(out, id, files, io);
  } finally {
    release();
  }
}

function commit(out: string, id: string, files: readonly FileToWrite[], io: WriteIo): string[] {
  const setPath = join(out, id);
  const current = lstatOrUndefined(setPath);
  if (current && !current.isSymbolicLink() && !current.isDirectory()) {
    throw new OutputError('BR513', `cannot write the output set to ${setPath}: it is a file, not a folder`, setPath);
  }
  if (current?.isDirectory()) {
    const foreign = readdirSync(setPath).filter((n) => !OWN_FILES.test(n));
    if (foreign.length) {
      throw new OutputError('BR514', `cannot replace the folder ${setPath}: it holds files this tool did not write (${foreign.slice(0, 3).map((n) => JSON.stringify(n)).join(', ')}${foreign.length > 3 ? ', …' : ''}); move them or choose another --out`, setPath);
    }
  }
  const name = fresh(id);
  const version = join(out, name);
  const link = `${version}.link`;
  let legacy: string | undefined;
  let switched = false;
  try {
    mkdirSync(version);
    io.step?.('staging');
    for (const f of files) {
      if (f.name !== basename(f.name) || f.name.startsWith('.') || f.name === '') throw new Error(`output file name ${JSON.stringify(f.name)} is not a plain file name`);
      io.writeFile(join(version, f.name), f.data);
      io.step?.('staging', f.name);
    }
    syncDir(version);
    io.step?.('staged');
    io.symlink(name, link);
    io.step?.('linked');
    if (current?.isDirectory()) {
      // A plain folder cannot be replaced by a link in one rename: move it aside first; the
      // next build puts it back if this one dies before the link is in place.
      legacy = `${version}.legacy`;
      io.rename(setPath, legacy);
    }
    io.rename(link, setPath);
    switched = true;
    syncDir(out);
    io.step?.('swapped');
  } catch (e) {
    if (!switched) {
      if (legacy) {
        try {
          io.rename(legacy, setPath);
        } catch {
          /* recover() restores it on the next build */
        }
      }
      io.remove(link);
      io.remove(version);
    }
    throw e;
  }
  // The new set is in place; what follows is tidying, and a failure here loses nothing.
  try {
    recover(out, id, io);
  } catch {
    /* the next build tidies */
  }
  io.step?.('cleaned');
  return files.map((f) => join(setPath, f.name));
}

/**
 * Puts an id's folder back in a consistent state after a crash: a plain folder moved aside
 * and never replaced is moved back; every version folder but the one the link points to,
 * every pending link and every moved-aside folder whose replacement is in place is removed.
 * Runs under the id's lock, so no other build is writing these names.
 */
export function recover(out: string, id: string, io: WriteIo = nodeIo): string[] {
  const setPath = join(out, id);
  const pattern = ownEntries(id);
  let names: string[];
  try {
    names = readdirSync(out);
  } catch {
    return [];
  }
  const mine = names.filter((n) => pattern.test(n));
  if (!lstatOrUndefined(setPath)) {
    const legacy = mine.find((n) => n.endsWith('.legacy'));
    if (legacy) io.rename(join(out, legacy), setPath);
  }
  const st = lstatOrUndefined(setPath);
  const target = st?.isSymbolicLink() ? readlinkSync(setPath) : undefined;
  const removed: string[] = [];
  for (const n of mine) {
    if (n === target || !lstatOrUndefined(join(out, n))) continue;
    io.remove(join(out, n));
    removed.push(n);
  }
  return removed;
}

// ---------------------------------------------------------------------------------------
// One file (`-o FILE`): written in full (fsynced) to a hidden temporary name beside it, then
// renamed over FILE: one rename(2), so FILE is always the whole old file or the whole new
// one. On failure the temporary file is removed; one left by a killed process is removed by
// the next write of the same file.

/** `.<name>.<pid>-<random>.tmp`; long names are shortened so the temporary name stays legal. */
function tempStem(name: string): string {
  return [...name].slice(0, 100).join('');
}

function tempFileName(name: string): string {
  return `.${tempStem(name)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Temporary files of `name` in `dir` whose process no longer runs (killed while writing). */
function sweepTempFiles(dir: string, name: string, io: WriteIo): void {
  const pattern = new RegExp(`^\\.${escapeRe(tempStem(name))}\\.(\\d+)-[0-9a-f]{8}\\.tmp$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const m = pattern.exec(n);
    if (m && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))) io.remove(join(dir, n));
  }
}

/** The file a write to `path` replaces: through a symbolic link, so the link stays a link. */
function realTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Throws OutputError unless `path` can take a file written with `-o`: not a folder, not a
 * device, pipe or socket (renaming over one would replace it; `-o -` is standard output),
 * not the facts file itself, and in a folder that exists or can be made, and is writable.
 * Checked before a build, so a mistake costs no build.
 */
export function checkOutputFile(path: string, input?: string): void {
  const target = realTarget(path);
  let st;
  try {
    st = statSync(target);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new OutputError('BR519', `cannot write the output to ${path}: it is a folder; give a file name, or use --out for a folder of outputs`, path);
  if (st && !st.isFile()) throw new OutputError('BR519', `cannot write the output to ${path}: it is not a regular file (a device, pipe or socket); use -o - for standard output`, path);
  if (input !== undefined && st && realTarget(input) === target) throw new OutputError('BR519', `cannot write the output to ${path}: it is the facts file itself`, path);
  checkWritable(dirname(target));
}

/**
 * Writes one file atomically (see above) and returns the path written (through a symbolic
 * link, its target). Throws OutputError for a problem the user can fix, else the error.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, io: WriteIo = nodeIo): string {
  const target = realTarget(path);
  const dir = dirname(target);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw outputFolderError(dir, e);
  }
  sweepTempFiles(dir, basename(target), io);
  const tmp = join(dir, tempFileName(basename(target)));
  try {
    io.writeFile(tmp, data);
    io.step?.('staged', basename(target));
    io.rename(tmp, target);
  } catch (e) {
    io.remove(tmp);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOTEMPTY') throw new OutputError('BR519', `cannot write the output to ${path}: it is a folder`, path);
    throw outputFolderError(dir, e);
  }
  syncDir(dir);
  io.step?.('swapped', basename(target));
  return target;
}

// ---------------------------------------------------------------------------------------
// The lock: `<out>/.<id>.lock`, created exclusively, holding the owner's pid. A lock whose
// process no longer runs (killed) is taken over. Node has no flock(2); this is the usual
// lock-file protocol, with the takeover done by a rename so two waiters cannot both win.

function lockPath(out: string, id: string): string {
  return join(out, `.${id}.lock`);
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(path: string): { pid: number; ageMs: number } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return { pid: Number.parseInt(text, 10), ageMs: Date.now() - statSync(path).mtimeMs };
  } catch {
    return undefined;
  }
}

async function lock(out: string, id: string, waitMs: number): Promise<() => void> {
  const path = lockPath(out, id);
  const token = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      writeFileSync(path, token, { flag: 'wx' });
      return () => {
        // Only our own lock is removed.
        if (ownerText(path) === token) rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputFolderError(out, e);
    }
    const owner = ownerOf(path);
    // A lock with no readable pid is one being created right now, or torn by a crash: give
    // it a second before treating it as stale.
    const stale = owner === undefined ? false : Number.isNaN(owner.pid) ? owner.ageMs > 1000 : !isAlive(owner.pid);
    if (stale) {
      const aside = `${path}.${randomBytes(4).toString('hex')}.stale`;
      try {
        renameSync(path, aside);
        const moved = ownerOf(aside);
        if (moved && moved.pid !== owner!.pid && isAlive(moved.pid)) renameSync(aside, path); // not the one judged stale
        else rmSync(aside, { force: true });
      } catch {
        /* someone else took it over first */
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputError('BR515', `another build (process ${owner?.pid ?? '?'}) is writing ${join(out, id)}; waited ${Math.round(waitMs / 1000)} s`, join(out, id));
    }
    await sleep(50);
  }
}

/** The error for an --out folder that cannot be made or written; a plain Error when it is not the user's doing. */
export function outputFolderError(out: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return new OutputError('BR513', `cannot write to ${out}: it, or a folder above it, is a file`, out);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new OutputError('BR512', `cannot write to ${out} (${code}): the folder is read-only`, out);
  // Any other refusal of the file system (ENOENT under /proc, ENOSPC, EDQUOT…) is the
  // environment's, not a bug: named with its code.
  if (typeof code === 'string') return new OutputError('BR512', `cannot write to ${out} (${code}): ${(e as Error).message.replace(/^\w+: /, '')}`, out);
  return e instanceof Error ? e : new Error(String(e));
}

function ownerText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Throws unless `dir` exists as a writable folder or could be created as one. */
export function checkWritable(dir: string): void {
  let at = dir;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch {
      const up = dirname(at);
      if (up === at) return;
      at = up;
      continue;
    }
    if (!isDir) throw new OutputError('BR513', `cannot write to ${dir}: ${at} is a file, not a folder`, dir);
    // access(2) says yes to root everywhere, even where nothing can be created (/sys, a
    // read-only mount): make and remove a probe folder instead.
    try {
      accessSync(at, constants.W_OK);
      rmdirSync(mkdtempSync(join(at, '.briefing-probe-')));
    } catch (e) {
      throw outputFolderError(at, e);
    }
    return;
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
