// The one content hash of the tool: the input's and every output's sha256 in the manifest.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
