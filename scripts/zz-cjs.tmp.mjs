import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
await build({
  stdin: { contents: "export { main } from './cli/main.js';", resolveDir: '/work/wt/speed-3/dist', loader: 'js' },
  outfile: '/work/wt/speed-3/dist/bundle/briefing.cjs', bundle: true, format: 'cjs', platform: 'node', target: 'node20',
  external: ['canvas', 'piscina'], define: { 'import.meta.url': '__briefingUrl' },
  banner: { js: "var __briefingUrl = require('url').pathToFileURL(__filename).href;" }, logLevel: 'error',
  plugins: [{ name: 'pdfkit', setup(b) { b.onLoad({ filter: /pdfkit\.node\.mjs$/ }, (a) => ({ contents: "const __pdfkitUrl = require('url').pathToFileURL(require.resolve('pdfkit')).href;\n" + readFileSync(a.path, 'utf8').replaceAll('import.meta.url', '__pdfkitUrl'), loader: 'js' })); } }],
});
