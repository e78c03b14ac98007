// Input arguments as users type them: `-` for standard input, and glob patterns expanded
// here when the shell did not (Windows shells, or a quoted 'data/*.yaml').
import { existsSync } from 'node:fs';

/**
 * Expands each argument that is a pattern and not an existing file, in order (a file named
 * twice stays twice: the id check refuses it). The glob library loads only for an argument
 * that is not a file, so the usual build of named files does not compile it.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<{ files: string[]; unmatched: string[] }> {
  const files: string[] = [];
  const unmatched: string[] = [];
  for (const arg of args) {
    if (arg === '-' || existsSync(arg)) {
      files.push(arg);
      continue;
    }
    const { globSync, isDynamicPattern } = await import('tinyglobby');
    if (!isDynamicPattern(arg.replace(/\\/g, '/'))) {
      files.push(arg);
      continue;
    }
    const found = globSync(arg.replace(/\\/g, '/'), { cwd, onlyFiles: true, expandDirectories: false }).sort();
    // A pattern that matches nothing stays as typed, so the loader reports it as a missing
    // file (exit 1), as it would a misspelt name.
    if (found.length === 0) {
      unmatched.push(arg);
      files.push(arg);
    } else files.push(...found);
  }
  return { files, unmatched };
}

/**
 * Reads standard input, but never more than `limit` bytes: past it, reading stops (the rest
 * is not buffered, so an endless pipe costs no memory) and `over` is set.
 */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, limit = Infinity): Promise<{ bytes: Buffer; over: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.byteLength;
    // Leaving the loop ends the stream: what follows is never read.
    if (size > limit) return { bytes: Buffer.alloc(0), over: true };
    chunks.push(b);
  }
  return { bytes: Buffer.concat(chunks), over: false };
}
