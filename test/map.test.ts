// Itinerary maps: projection bounds, label placement read back from the display list,
// coordinate validation by code, alt text, greyscale contrast, and the seed's map in both PDFs.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { loadFacts } from '../src/facts/index.js';
import { altText, renderChart } from '../src/charts/index.js';
import { layoutMap, mapProjection, MAP_HEIGHT, MAP_WIDTH } from '../src/charts/map.js';
import type { ChartSpec, MapStop } from '../src/narrative/index.js';
import type { DrawOp } from '../src/graphics/index.js';
import { pdftotext, tempDir, toFile } from './helpers/pdf.js';
import { root, seed } from './helpers/cli.js';

const stop = (order: number, name: string, country: string, lat: number, lon: number, dateText = '1 May 2024'): MapStop => ({ order, placeId: name.toLowerCase(), name, country, lat, lon, dateText, eventTitle: 'Visit' });

const TRIPS: Record<string, MapStop[]> = {
  western_europe: [stop(1, 'London', 'United Kingdom', 51.51, -0.13), stop(2, 'Paris', 'France', 48.85, 2.35), stop(3, 'Wolfsburg', 'Germany', 52.42, 10.78), stop(4, 'Lüdenscheid', 'Germany', 51.22, 7.63), stop(5, 'Hannover', 'Germany', 52.37, 9.73)],
  east_asia: [stop(1, 'Seoul', 'South Korea', 37.57, 126.98), stop(2, 'Osaka', 'Japan', 34.69, 135.5), stop(3, 'Shanghai', 'China', 31.22, 121.46)],
  // Five towns within 40 km: not every name can sit beside its marker.
  ruhr: [stop(1, 'Essen', 'Germany', 51.46, 7.01), stop(2, 'Bochum', 'Germany', 51.48, 7.22), stop(3, 'Dortmund', 'Germany', 51.51, 7.47), stop(4, 'Gelsenkirchen', 'Germany', 51.51, 7.1), stop(5, 'Duisburg', 'Germany', 51.43, 6.76)],
  pacific_antimeridian: [stop(1, 'Suva', 'Fiji', -18.14, 178.44), stop(2, 'Apia', 'Samoa', -13.83, -171.76), stop(3, 'Nukuʻalofa', 'Tonga', -21.14, -175.2)],
  single: [stop(1, 'Nairobi', 'Kenya', -1.29, 36.82)],
};

function mapSpec(stops: MapStop[], id = 'trip'): ChartSpec {
  return { id, locale: 'en-GB', type: 'map', title: 'Where the mission went', unitCaption: '', data: [], timeline: [], stops, sourceLine: 'Source: test' };
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
const overlap = (a: Box, b: Box) => a.x < b.x + b.w - 0.01 && b.x < a.x + a.w - 0.01 && a.y < b.y + b.h - 0.01 && b.y < a.y + a.h - 0.01;
const textBox = (op: Extract<DrawOp, { op: 'fillText' }>): Box => ({ x: op.x, y: op.y - op.size * 0.8, w: op.width, h: op.size });

describe('map projection', () => {
  for (const [name, stops] of Object.entries(TRIPS)) {
    it(`${name}: every stop projects inside the frame, clear of its edges`, () => {
      const p = mapProjection(stops);
      for (const s of stops) {
        const [x, y] = p([s.lon, s.lat])!;
        expect(x).toBeGreaterThan(MAP_WIDTH * 0.15);
        expect(x).toBeLessThan(MAP_WIDTH * 0.85);
        expect(y).toBeGreaterThan(MAP_HEIGHT * 0.15);
        expect(y).toBeLessThan(MAP_HEIGHT * 0.85);
      }
    });
  }

  it('a single stop still shows at least 150 km around it', () => {
    const p = mapProjection(TRIPS['single']!);
    // 1 degree of latitude (~111 km) spans well under a fifth of the frame's height.
    const a = p([36.82, -1.29])!;
    const b = p([36.82, -0.29])!;
    expect(Math.abs(b[1] - a[1])).toBeLessThan(MAP_HEIGHT * 0.6);
    expect(Math.abs(b[1] - a[1])).toBeGreaterThan(5);
  });
});

describe('map labels', () => {
  for (const [name, stops] of Object.entries(TRIPS)) {
    it(`${name}: no text overlaps other text, every name is drawn once, all inside the frame`, () => {
      const list = renderChart(mapSpec(stops)).list;
      const texts = list.ops.filter((o): o is Extract<DrawOp, { op: 'fillText' }> => o.op === 'fillText');
      const numbers = texts.filter((t) => /^[\d,]+$/.test(t.text));
      const words = texts.filter((t) => !/^[\d,]+$/.test(t.text) && !t.text.startsWith('Basemap: Natural Earth'));
      // Every stop's name appears exactly once: beside its marker or in the key line.
      for (const s of stops) {
        const hits = words.filter((w) => w.text.split(/, |; | /).includes(s.name) || w.text === s.name);
        expect(hits, s.name).toHaveLength(1);
      }
      expect(numbers.map((n) => n.text.split(',')).flat().map(Number).sort((a, b) => a - b)).toEqual(stops.map((s) => s.order));
      const boxes = [...words, ...numbers].map(textBox);
      for (let i = 0; i < boxes.length; i++) {
        const b = boxes[i]!;
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w).toBeLessThanOrEqual(MAP_WIDTH);
        for (let j = i + 1; j < boxes.length; j++) expect(overlap(b, boxes[j]!), `${[...words, ...numbers][i]!.text} / ${[...words, ...numbers][j]!.text}`).toBe(false);
      }
    });
  }

  it('labels avoid the other markers, not only other labels', () => {
    for (const stops of Object.values(TRIPS)) {
      const layout = layoutMap(stops);
      const markers = layout.markers.map((m) => ({ x: m.x - 8, y: m.y - 8, w: 16, h: 16 }));
      for (const m of layout.markers) if (m.label) for (const k of markers) expect(overlap(m.label, k)).toBe(false);
    }
  });

  it('the crowded Ruhr trip lists what it could not label in a key, so no stop is unnamed', () => {
    const layout = layoutMap(TRIPS['ruhr']!);
    const list = renderChart(mapSpec(TRIPS['ruhr']!, 'ruhr')).list;
    const key = list.ops.find((o) => o.op === 'fillText' && o.text.startsWith('Also: '));
    if (layout.unlabelled.length) expect(key).toBeDefined();
    else expect(key).toBeUndefined();
  });
});

describe('map drawing', () => {
  it('is vector: paths and real text, with the route drawn dashed between stops in order', () => {
    const list = renderChart(mapSpec(TRIPS['western_europe']!)).list;
    const route = list.ops.find((o) => o.op === 'stroke' && o.style.dash.length > 0);
    expect(route).toBeDefined();
    expect(list.ops.filter((o) => o.op === 'fill').length).toBeGreaterThan(5);
  });

  it('stays legible in greyscale: markers and route are far darker than land and sea', () => {
    const list = renderChart(mapSpec(TRIPS['western_europe']!)).list;
    const luma = (c: readonly [number, number, number]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    const fills = list.ops.filter((o): o is Extract<DrawOp, { op: 'fill' }> => o.op === 'fill').map((o) => luma(o.paint.color));
    const background = Math.min(...fills.filter((l) => l > 150));
    const darkest = Math.min(...fills);
    expect(background - darkest).toBeGreaterThan(120);
    const route = list.ops.find((o): o is Extract<DrawOp, { op: 'stroke' }> => o.op === 'stroke' && o.style.dash.length > 0)!;
    expect(background - luma(route.paint.color)).toBeGreaterThan(120);
  });

  it('alt text lists the stops in date order with their dates', () => {
    const stops = TRIPS['east_asia']!;
    expect(altText(mapSpec(stops))).toBe('Map of where the mission went: 3 stops in date order, joined by a route line: 1 Seoul, South Korea (1 May 2024); 2 Osaka, Japan (1 May 2024); 3 Shanghai, China (1 May 2024).');
  });

  it('refuses coordinates that are not a point on Earth', () => {
    expect(() => renderChart(mapSpec([stop(1, 'Nowhere', 'X', 95, 10)]))).toThrow(/not a point on Earth/);
  });
});

// A small trade-mission briefing with a gazetteer, used for the coordinate checks.
function missionDir(gazetteer: string): string {
  const dir = tempDir('briefing-map-');
  writeFileSync(join(dir, 'release.txt'), 'Sample release written for the tests. The delegation met investors in Lyon on 3 June 2024 and in Turin on 5 June 2024, where 14 companies joined the talks.\n');
  writeFileSync(join(dir, 'gazetteer.txt'), `Gazetteer records written for the tests.\n${gazetteer}\n`);
  return dir;
}

function missionDoc(places: Record<string, unknown>, gazetteerKind = 'reference'): object {
  return {
    meta: { title: 'Mission to Lyon and Turin', date: '2024-06-10' },
    sources: {
      release: { title: 'Mission release', date: '2024-06-07', document: 'release.txt', quotes: ['The delegation met investors in Lyon'] },
      gazetteer: { title: 'Gazetteer', kind: gazetteerKind, date: '2024-06-10', document: 'gazetteer.txt', quotes: ['Gazetteer records written for the tests.'] },
    },
    entities: { places },
    facts: { companies: { label: 'Companies in the talks', value: 14, unit: 'count', period: 'June 2024', source: 'release', quote: '14 companies joined the talks' } },
    events: {
      lyon: { date: '2024-06-03', title: 'Investors met in Lyon', what: 'Meeting.', places: ['lyon'], source: 'release', quote: 'in Lyon on 3 June 2024' },
      turin: { date: '2024-06-05', title: 'Talks in Turin', what: 'Talks.', places: ['turin'], source: 'release', quote: 'in Turin on 5 June 2024' },
    },
    charts: { route: { type: 'map', title: 'The mission', events: ['lyon', 'turin'] } },
    keyFigures: ['companies'],
  };
}

const place = (name: string, country: string, location?: object) => ({ name, country, source: 'release', quote: name === 'Lyon' ? 'in Lyon' : 'in Turin', ...(location ? { location } : {}) });
const GAZ = 'Lyon, France, 45.76, 4.84\nTurin, Italy, 45.07, 7.69';

function check(places: Record<string, unknown>, gazetteer = GAZ, kind = 'reference'): Diagnostic[] {
  const dir = missionDir(gazetteer);
  try {
    const file = join(dir, 'mission.yaml');
    writeFileSync(file, stringify(missionDoc(places, kind)));
    return loadFacts(file).warnings;
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
}

describe('coordinate validation', () => {
  const lyon = { lat: 45.76, lon: 4.84, source: 'gazetteer', quote: 'Lyon, France, 45.76, 4.84' };
  const turin = { lat: 45.07, lon: 7.69, source: 'gazetteer', quote: 'Turin, Italy, 45.07, 7.69' };

  it('accepts places inside their countries, quoted from a reference source', () => {
    expect(check({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Italy', turin) })).toEqual([]);
  });

  it('BR457: latitude and longitude swapped put the place in another country or at sea', () => {
    const swapped = { ...lyon, lat: 4.84, lon: 45.76, quote: 'Lyon, France, 4.84, 45.76' };
    const d = check({ lyon: place('Lyon', 'France', swapped), turin: place('Turin', 'Italy', turin) }, `${GAZ}\nLyon, France, 4.84, 45.76`);
    expect(d.map((x) => [x.code, x.severity, x.path])).toEqual([['BR457', 'warning', 'entities.places.lyon.location']]);
    expect(d[0]!.line).toBeGreaterThan(0);
    // A dropped minus sign: Turin in the Atlantic south of the equator is outside Italy.
    const d2 = check({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Italy', { ...turin, lat: -45.07, quote: 'Turin, Italy, -45.07, 7.69' }) }, `${GAZ}\nTurin, Italy, -45.07, 7.69`);
    expect(d2.map((x) => x.code)).toEqual(['BR457']);
  });

  it('BR455: a figure not in the quoted record; BR454: a record not in the reference', () => {
    const d = check({ lyon: place('Lyon', 'France', { ...lyon, lat: 45.8 }), turin: place('Turin', 'Italy', { ...turin, quote: 'Turin, Italy, 45.07, 7.70' }) });
    expect(d.filter((x) => x.severity === 'error').map((x) => [x.code, x.path]).sort()).toEqual([
      ['BR454', 'entities.places.turin.location.quote'],
      ['BR455', 'entities.places.lyon.location.lat'],
      ['BR455', 'entities.places.turin.location.lon'],
    ]);
  });

  it('BR453: coordinates must come from a reference source, not the report', () => {
    const d = check({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Italy', turin) }, GAZ, 'report');
    expect(d.filter((x) => x.code === 'BR453')).toHaveLength(2);
  });

  it('BR451: a place on a map without a location; BR456: a country name Natural Earth does not know', () => {
    const d = check({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Piedmont Republic', turin) });
    expect(d.map((x) => x.code)).toEqual(['BR456']);
    const d2 = check({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Italy') });
    expect(d2.map((x) => [x.code, x.path])).toEqual([['BR451', 'entities.places.turin']]);
  });

  it('a latitude out of range is a schema error at the value', () => {
    const d = check({ lyon: place('Lyon', 'France', { ...lyon, lat: 95 }), turin: place('Turin', 'Italy', turin) });
    expect(d.some((x) => x.path === 'entities.places.lyon.location.lat' && /at most 90/.test(x.message) && x.line > 0)).toBe(true);
  });

  it('a mission briefing with a map builds, and its map names both cities in the PDF text', async () => {
    const dir = missionDir(GAZ);
    const r = await buildBriefing(missionDoc({ lyon: place('Lyon', 'France', lyon), turin: place('Turin', 'Italy', turin) }), { baseDir: dir, formats: ['print'] });
    const text = pdftotext(toFile(r.print!, 'mission.pdf'));
    expect(text).toContain('Basemap: Natural Earth');
  });
});

describe("the seed's itinerary map", () => {
  it('is in the print briefing (searchable city names, the ordering note) and on the itinerary slide, within the size budget', async () => {
    const out = tempDir('briefing-seed-map-');
    cpSync(join(root, 'data'), join(out, 'data'), { recursive: true });
    const r = await buildBriefing(seed);
    expect(r.print!.byteLength).toBeLessThanOrEqual(150 * 1024);
    const print = pdftotext(toFile(r.print!, 'print.pdf'));
    for (const city of ['London', 'Paris', 'Wolfsburg', 'Lüdenscheid', 'Hannover', 'Basemap: Natural Earth']) expect(print).toContain(city);
    expect(print).toContain('Stops 2–5 are numbered in the order the source lists them');
    expect(print).toMatch(/coordinates: GeoNames, gazetteer extract/);
    const slides = pdftotext(toFile(r.slides!, 'slides.pdf'));
    expect(slides).toContain('Basemap: Natural Earth · coordinates: GeoNames');
    expect(r.warnings).toEqual([]);
    const facts = parse(readFileSync(seed, 'utf8')) as { charts: Record<string, { type: string }> };
    expect(Object.values(facts.charts).some((c) => c.type === 'map')).toBe(true);
  });
});
