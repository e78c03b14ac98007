// The library as a package user imports it: the package's entry (the bundled library,
// dist/bundle/index.mjs), or the compiled dist/index.js in a checkout that predates it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function libraryEntry(root) {
  return ['dist/bundle/index.mjs', 'dist/index.js'].map((f) => join(root, f)).find((f) => existsSync(f)) ?? join(root, 'dist/index.js');
}
