#!/usr/bin/env node
// Bundles the compiled CLI (dist/, from tsc) into dist/bundle/briefing.mjs, which bin/briefing.js
// runs when it is there (else dist/cli/main.js), the library into dist/bundle/index.mjs (the
// package's entry: one file to load instead of ~300 modules, about 0.7 of the import time), and
// the worker-thread entries beside them.
// One file instead of ~300 modules spares the cold CLI the resolution, the file reads and the
// ESM linking of each (issue #17: module loading was ~40 % of a cold build). Run by
// `npm run compile`, scripts/setup.sh and prepack, after tsc; it also writes the atlas's country
// bounds (scripts/country-bounds.mjs) and the precompiled built-in templates
// (scripts/precompile-templates.mjs).
//
// What stays outside the bundle, loaded from node_modules as before:
//   canvas   optional peer with a native addon (the PNG chart preview);
//   piscina  starts its own worker file beside itself (batch builds, which run dist/ in workers).
// PDFKit finds its data (the sRGB profile for PDF/A, its standard-font metrics) relative to its
// own file through import.meta.url; inside the bundle that URL would be the bundle's, so the
// plugin below gives PDFKit the URL of its installed file instead.
import { build } from 'esbuild';
import { readFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCountryBounds } from './country-bounds.mjs';
import { writePrecompiledTemplates } from './precompile-templates.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
export const BUNDLE = join(dist, 'bundle', 'briefing.mjs');

/** Rewrites import.meta.url in PDFKit's module to the URL of the installed pdfkit module. */
const pdfkitData = {
  name: 'pdfkit-data',
  setup(b) {
    b.onLoad({ filter: /[\\/]pdfkit[\\/]js[\\/]pdfkit\.node\.mjs$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const prelude =
        "import { createRequire as __briefingCreateRequire } from 'node:module';\n" +
        "import { pathToFileURL as __briefingPathToFileURL } from 'node:url';\n" +
        // pdfkit's "require" export is js/pdfkit.js, beside js/pdfkit.node.mjs and its data/.
        "const __pdfkitUrl = __briefingPathToFileURL(__briefingCreateRequire(import.meta.url).resolve('pdfkit')).href;\n";
      return { contents: prelude + source.replaceAll('import.meta.url', '__pdfkitUrl'), loader: 'js' };
    });
  },
};

/**
 * fontkit imports brotli's decoder for WOFF2 fonts, and that module decodes its 120 KB
 * dictionary as it loads. The bundled fonts are TTF, so the decoder is loaded from
 * node_modules on its first call instead (never, in practice): fontkit gets a stand-in that
 * requires the real module then. The decoder stays out of the bundle: its dictionary is 1.3 MB
 * of source that every process would otherwise read and scan when fontkit's chunk loads.
 */
const lazyBrotli = {
  name: 'lazy-brotli',
  setup(b) {
    b.onResolve({ filter: /^brotli\/decompress(\.js)?$/ }, (args) => (/[\\/]fontkit[\\/]/.test(args.importer) ? { path: 'lazy-brotli', namespace: 'briefing-lazy' } : undefined));
    b.onLoad({ filter: /^lazy-brotli$/, namespace: 'briefing-lazy' }, () => ({
      contents: "let real;\nmodule.exports = function decompress(buffer, outSize) {\n  // Resolved from fontkit's own folder, as fontkit would; not a literal require, so not bundled.\n  real ??= require('node:module').createRequire(require.resolve('fontkit'))('brotli/decompress.js');\n  return real(buffer, outSize);\n};\n",
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * fontkit's complex-script shapers and unicode-properties build Unicode tries (base64 text,
 * inflated with tiny-inflate) as their modules load: about 40 ms of every cold process, for
 * code the tool never runs (its shaper, src/fonts/shaper.ts, uses neither). Each trie is built
 * on its first `get` instead. `lazyTries` rewrites a module's source; it must find exactly
 * `expected` tries, so that a new version of either package is noticed rather than left slow
 * or half-rewritten. test/bundle-lazy-tries.test.ts runs the rewritten modules against the
 * originals.
 */
const TRIE = /^const (\S+) = new \(0, (\$\w+\$unicodetrie)\)\((.*)\);$/gm;
export const LAZY_TRIE_MODULES = { 'fontkit/dist/module.mjs': 3, 'unicode-properties/dist/module.mjs': 1 };
export function lazyTries(source, expected) {
  let found = 0;
  const out = source.replace(TRIE, (_, name, ctor, args) => {
    found++;
    return `const ${name} = __briefingLazyTrie(() => new (0, ${ctor})(${args}));`;
  });
  if (found !== expected) throw new Error(`lazy tries: expected ${expected} Unicode tries, found ${found}; update scripts/bundle.mjs`);
  return `${out}\nfunction __briefingLazyTrie(make) {\n  let trie;\n  return { get: (codePoint) => (trie ??= make()).get(codePoint) };\n}\n`;
}
const lazyTriesPlugin = {
  name: 'lazy-tries',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/](fontkit|unicode-properties)[\\/]dist[\\/]module\.mjs$/ }, (args) => {
      const key = Object.keys(LAZY_TRIE_MODULES).find((k) => args.path.replaceAll('\\', '/').endsWith(`node_modules/${k}`));
      return { contents: lazyTries(readFileSync(args.path, 'utf8'), LAZY_TRIE_MODULES[key]), loader: 'js' };
    });
  },
};

export async function bundle() {
  rmSync(dirname(BUNDLE), { recursive: true, force: true });
  mkdirSync(dirname(BUNDLE), { recursive: true });
  // The CLI, plus the two worker-thread entries (one build per CLI file or batch
  // task, and the service's pool): every build runs on a worker thread, so the worker must
  // start from the bundle too, or each cold build would load ~300 modules from dist/ again.
  // The code they share is split into chunks. All files sit in dist/bundle/ itself, two
  // levels below the package root like dist/<stage>/, so the modules' relative URLs (templates,
  // starter, studio, a worker "beside" its pool) resolve the same from the bundle.
  const entry = join(dist, 'bundle-entry.js');
  // The CLI entry exports main only: the CLI imports the pipeline lazily (builds run it on the
  // worker), so re-exporting the library here would make every cold CLI process evaluate the
  // whole pipeline on its main thread too (about 0.4 s of CPU and 20 MB for nothing).
  writeFileSync(entry, "export { main, EXIT } from './cli/main.js';\n");
  const result = await build({
    entryPoints: { briefing: entry, index: join(dist, 'index.js'), worker: join(dist, 'delivery', 'worker.js'), 'build-worker': join(dist, 'service', 'build-worker.js') },
    outdir: dirname(BUNDLE),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['canvas', 'piscina'],
    plugins: [pdfkitData, lazyBrotli, lazyTriesPlugin],
    // CommonJS dependencies (handlebars, jszip, …) call require() for node built-ins, which an
    // ES module does not have: give the bundle one.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeCountryBounds();
  await writePrecompiledTemplates();
  const r = await bundle();
  const bytes = Object.values(r.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  if (process.argv.includes('--verbose')) process.stderr.write(`bundle: ${Object.keys(r.metafile.inputs).length} modules, ${(bytes / 1024).toFixed(0)} KB\n`);
}
