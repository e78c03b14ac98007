// The one content hash of the tool: the input's and every output's sha256 in the manifest,
// and the key of the caches of work that depends only on content (ContentCache).
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Results of work on bytes (compressing a stream, a zip entry), kept under the sha256 of
 * those bytes so that the same content is never worked on twice, and bounded by the size of
 * what is kept: the least recently used results go first once `limit` is passed. Never keyed
 * by a name, so a result can only be reused for exactly the bytes it was made from.
 */
export class ContentCache<V> {
  private readonly entries = new Map<string, V>();
  private held = 0;

  /** `limit`: most units (as `size` counts them) held; a result larger than `largest` is never kept. */
  constructor(
    readonly limit: number,
    private readonly size: (value: V) => number,
    private readonly largest = limit / 8,
  ) {}

  /** The result for `bytes`: the kept one, or `make(bytes)` (then kept). */
  get(bytes: Uint8Array, make: (bytes: Uint8Array) => V): V {
    const key = createHash('sha256').update(bytes).digest('base64');
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Map order is insertion order: a hit moves to the end, so the first entry is the stalest.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make(bytes);
    const size = this.size(made);
    if (size > this.largest) return made;
    this.entries.set(key, made);
    this.held += size;
    for (const [k, v] of this.entries) {
      if (this.held <= this.limit) break;
      this.entries.delete(k);
      this.held -= this.size(v);
    }
    return made;
  }

  stats(): { entries: number; bytes: number; limit: number } {
    return { entries: this.entries.size, bytes: this.held, limit: this.limit };
  }
}
