// What the compile step precomputes for a faster cold start (scripts/bundle.mjs): the built-in
// templates and Markdown prose precompiled by Handlebars (dist/narrative/builtin-templates.cjs) and the atlas's
// country bounding boxes (dist/geo/country-bounds.json). dist/ reads them; the sources under
// test here have no such files beside them, so they compile and compute at run time. Both
// paths must give the same bytes: these tests build through each and compare.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { renderChart } from '../src/charts/index.js';
import { allCountryBounds } from '../src/geo/index.js';
import { sanitise } from '../src/narrative/inline.js';
import type { ChartSpec, MapStop } from '../src/narrative/index.js';
import { root } from './helpers/cli.js';

const dist = (path: string) => import(pathToFileURL(join(root, 'dist', path)).href);

describe('precompiled built-in templates', () => {
  it('holds every template and Markdown prose file in templates/, compiled with the options the narrative stage uses', () => {
    const table = createRequire(import.meta.url)(join(root, 'dist/narrative/builtin-templates.cjs')) as { handlebars: string; options: string; templates: [string, unknown][] };
    const files = readdirSync(join(root, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) => /[\\/]/.test(f) && /\.(hbs|md)$/.test(f));
    expect(files.filter((f) => f.endsWith('.hbs')).length).toBeGreaterThanOrEqual(2);
    // The Markdown prose of the built-in sets (print.md, slides.md in each language).
    expect(files.filter((f) => f.endsWith('.md')).length).toBeGreaterThanOrEqual(8);
    // templates/README.md documents the folder; it is no template.
    expect(table.templates.some(([source]) => source === sanitise(readFileSync(join(root, 'templates', 'README.md'), 'utf8')))).toBe(false);
    const sources = new Set(table.templates.map(([source]) => source));
    for (const f of files) expect(sources.has(sanitise(readFileSync(join(root, 'templates', f), 'utf8'))), f).toBe(true);
    expect(JSON.parse(table.options)).toEqual({ strict: true, noEscape: true });
    expect(table.handlebars).toBe((createRequire(import.meta.url)('handlebars/package.json') as { version: string }).version);
  });

  // Different subjects, a map or none, a second edition: dist/ (precompiled templates, bounds
  // table) and the sources (compiled and computed here) write the same bytes.
  for (const facts of ['data/shanghai-uk-2023.yaml', 'data/example-renewables.yaml', 'test/fixtures/layout/trade-mission.yaml']) {
    it(`builds ${facts} to the same bytes either way`, async () => {
      const { buildBriefing: built } = (await dist('index.js')) as { buildBriefing: typeof buildBriefing };
      const options = { formats: ['print', 'slides'] as const, date: new Date('2024-01-02T00:00:00Z') };
      const a = await built(join(root, facts), { ...options, formats: [...options.formats] });
      const b = await buildBriefing(join(root, facts), { ...options, formats: [...options.formats] });
      expect(a.print!.byteLength).toBeGreaterThan(10_000);
      expect(Buffer.from(a.print!).equals(Buffer.from(b.print!))).toBe(true);
      expect(Buffer.from(a.slides!).equals(Buffer.from(b.slides!))).toBe(true);
    }, 120_000);
  }
});

describe('country bounds computed at compile time', () => {
  it('are exactly the boxes geoBounds gives, for every country of the atlas', () => {
    const made = JSON.parse(readFileSync(join(root, 'dist/geo/country-bounds.json'), 'utf8')) as { atlas: string; count: number; bounds: number[][][] };
    const computed = allCountryBounds();
    expect(made.count).toBe(computed.length);
    expect(made.count).toBeGreaterThan(200);
    expect(made.bounds).toEqual(computed);
    expect(made.atlas).toBe((createRequire(import.meta.url)('world-atlas/package.json') as { version: string }).version);
  });

  const stop = (order: number, name: string, country: string, lat: number, lon: number): MapStop => ({ order, placeId: name.toLowerCase(), name, country, lat, lon, dateText: '1 May 2024', eventTitle: 'Visit' });
  const trips: Record<string, MapStop[]> = {
    europe: [stop(1, 'Lisbon', 'Portugal', 38.72, -9.14), stop(2, 'Warsaw', 'Poland', 52.23, 21.01)],
    southern_africa: [stop(1, 'Windhoek', 'Namibia', -22.56, 17.08), stop(2, 'Maputo', 'Mozambique', -25.97, 32.57)],
    // A frame across the antimeridian draws every country.
    pacific: [stop(1, 'Suva', 'Fiji', -18.14, 178.44), stop(2, 'Apia', 'Samoa', -13.83, -171.76)],
    andes: [stop(1, 'Quito', 'Ecuador', -0.18, -78.47), stop(2, 'La Paz', 'Bolivia', -16.5, -68.15)],
  };
  for (const [name, stops] of Object.entries(trips)) {
    it(`frame the same map either way: ${name}`, async () => {
      const { renderChart: drawn } = (await dist('charts/index.js')) as { renderChart: typeof renderChart };
      const spec: ChartSpec = { id: name, locale: 'en-GB', type: 'map', title: 'Route', unitCaption: '', data: [], timeline: [], stops, sourceLine: 'Source: test' };
      const a = drawn(spec).list;
      const b = renderChart(spec).list;
      expect(a.ops.length).toBeGreaterThan(10);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    });
  }
});
