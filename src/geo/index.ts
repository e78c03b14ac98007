// Country outlines for locator maps and coordinate checks: Natural Earth (public domain) at
// 1:50m, as TopoJSON from the world-atlas package, turned into GeoJSON with topojson-client.
// Parsed on first use only (a briefing without a map or coordinates never loads it) and kept
// for the process. Shared by the facts stage (is a place inside its country?) and the charts
// stage (the basemap), so it imports no stage.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { geoBounds, geoContains } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { Feature, Geometry, MultiLineString } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

export type CountryFeature = Feature<Geometry, { name: string }>;

let topology: Topology | undefined;
let full: CountryFeature[] | undefined;
let bordersCache: MultiLineString | undefined;

function load(): Topology {
  if (!topology) {
    const path = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
    topology = JSON.parse(readFileSync(path, 'utf8')) as Topology;
  }
  return topology;
}

type CountryGeometry = GeometryCollection<{ name: string }>['geometries'][number];

function geometries(): CountryGeometry[] {
  const t = load();
  return (t.objects['countries'] as GeometryCollection<{ name: string }>).geometries;
}

// Countries are turned from TopoJSON into GeoJSON one at a time, when first asked for: a
// locator map needs the few in its frame and a coordinate check one, not all 240 at full
// detail. feature() of one geometry is exactly the element feature() of the whole collection
// gives (each arc is decoded on its own), so nothing drawn depends on which way it was made.
const byIndex: (CountryFeature | undefined)[] = [];
const indexOf = new WeakMap<CountryFeature, number>();

function country(i: number): CountryFeature {
  let c = byIndex[i];
  if (!c) {
    c = feature(load(), geometries()[i]!) as CountryFeature;
    byIndex[i] = c;
    indexOf.set(c, i);
  }
  return c;
}

/** Every country at full 1:50m detail (drawing thins them after projection). */
export function countries(): CountryFeature[] {
  return (full ??= geometries().map((_, i) => country(i)));
}

type Bounds = [[number, number], [number, number]];

/**
 * The countries' bounding boxes, by index: computed at compile time (scripts/country-bounds.mjs
 * writes dist/geo/country-bounds.json with d3's geoBounds, the same call as below), so a cold
 * process does not take the spherical bounds of every outline to frame one map. Used only when
 * it was made from this version of the atlas; otherwise each box is computed when first asked.
 */
let boundsTable: (Bounds | undefined)[] | undefined;

function table(): (Bounds | undefined)[] {
  if (!boundsTable) {
    boundsTable = [];
    try {
      const require = createRequire(import.meta.url);
      const made = JSON.parse(readFileSync(new URL('../geo/country-bounds.json', import.meta.url), 'utf8')) as { atlas: string; count: number; bounds: Bounds[] };
      const atlas = (require('world-atlas/package.json') as { version: string }).version;
      if (made.atlas === atlas && made.count === geometries().length && made.bounds.length === made.count) boundsTable = made.bounds;
    } catch {
      // Not made (dist/ compiled by tsc alone): computed as needed.
    }
  }
  return boundsTable;
}

function boundsAt(i: number): Bounds {
  const t = table();
  return (t[i] ??= geoBounds(country(i)));
}

/** A country's bounding box, [[west, south], [east, north]], computed once per process. */
export function countryBounds(c: CountryFeature): Bounds {
  const i = indexOf.get(c);
  if (i === undefined) throw new Error('countryBounds: not a country of the atlas');
  return boundsAt(i);
}

/** The countries whose bounding box passes `keep`, in the atlas's order (the others are never converted). */
export function countriesWhere(keep: (bounds: Bounds) => boolean): CountryFeature[] {
  const out: CountryFeature[] = [];
  const n = geometries().length;
  for (let i = 0; i < n; i++) if (keep(boundsAt(i))) out.push(country(i));
  return out;
}

/** Every country's bounding box in the atlas's order, as geoBounds gives it (for scripts/country-bounds.mjs). */
export function allCountryBounds(): Bounds[] {
  return geometries().map((_, i) => geoBounds(country(i)));
}

/** Land borders between countries, each drawn once (shared arcs are not doubled). */
export function borders(): MultiLineString {
  if (!bordersCache) {
    const t = load();
    bordersCache = mesh(t, t.objects['countries'] as GeometryCollection, (a, b) => a !== b);
  }
  return bordersCache;
}

// Names in facts files are free text: "United Kingdom", "UK", "Germany". Natural Earth's names
// are English short names; these are the common alternatives users write.
const ALIASES: Record<string, string> = {
  uk: 'United Kingdom',
  'great britain': 'United Kingdom',
  britain: 'United Kingdom',
  england: 'United Kingdom',
  scotland: 'United Kingdom',
  wales: 'United Kingdom',
  'northern ireland': 'United Kingdom',
  usa: 'United States of America',
  us: 'United States of America',
  'united states': 'United States of America',
  "people's republic of china": 'China',
  prc: 'China',
  'czech republic': 'Czechia',
  'south korea': 'South Korea',
  'republic of korea': 'South Korea',
  holland: 'Netherlands',
  'the netherlands': 'Netherlands',
};

/** The Natural Earth feature of a country named as a user would, or undefined. */
export function countryByName(name: string): CountryFeature | undefined {
  const wanted = (ALIASES[name.trim().toLowerCase()] ?? name.trim()).toLowerCase();
  const i = geometries().findIndex((g) => (g.properties as { name?: string } | undefined)?.name?.toLowerCase() === wanted);
  return i < 0 ? undefined : country(i);
}

// Whether a country's outline contains a point, per country and point: the spherical test walks
// every ring of the outline, and each build checks the same places. At most 1,000 points are
// kept per country; past that its cache starts again.
const containsCache = new WeakMap<CountryFeature, Map<string, boolean>>();

/** geoContains(c, [lon, lat]), remembered per country and point. */
export function countryContains(c: CountryFeature, lat: number, lon: number): boolean {
  let known = containsCache.get(c);
  if (!known) containsCache.set(c, (known = new Map()));
  const key = `${lon},${lat}`;
  let inside = known.get(key);
  if (inside === undefined) {
    inside = geoContains(c, [lon, lat]);
    if (known.size >= 1_000) known.clear();
    known.set(key, inside);
  }
  return inside;
}

/** The country containing a point, at 1:50m detail, or undefined (at sea, or a tiny island). */
export function countryAt(lat: number, lon: number): CountryFeature | undefined {
  return countries().find((c) => geoContains(c, [lon, lat]));
}

/** Distance in kilometres from a point to the nearest part of a country's bounding box. */
export function distanceToBoundsKm(c: CountryFeature, lat: number, lon: number): number {
  const [[w, s], [e, n]] = countryBounds(c);
  const clampedLat = Math.min(Math.max(lat, s), n);
  const clampedLon = w <= e ? Math.min(Math.max(lon, w), e) : lon;
  const rad = Math.PI / 180;
  const dLat = (lat - clampedLat) * rad;
  const dLon = (lon - clampedLon) * rad * Math.cos(lat * rad);
  return Math.hypot(dLat, dLon) * 6371;
}
