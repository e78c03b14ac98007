// Country outlines for locator maps and coordinate checks: Natural Earth (public domain) at
// 1:50m, as TopoJSON from the world-atlas package, turned into GeoJSON with topojson-client.
// Parsed on first use only (a briefing without a map or coordinates never loads it) and kept
// for the process. Shared by the facts stage (is a place inside its country?) and the charts
// stage (the basemap), so it imports no stage.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { geoBounds, geoContains } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, MultiLineString } from 'geojson';
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

function features(t: Topology): CountryFeature[] {
  const fc = feature(t, t.objects['countries'] as GeometryCollection<{ name: string }>) as FeatureCollection<Geometry, { name: string }>;
  return fc.features;
}

/** Every country at full 1:50m detail (drawing thins them after projection). */
export function countries(): CountryFeature[] {
  return (full ??= features(load()));
}

const boundsCache = new WeakMap<CountryFeature, [[number, number], [number, number]]>();

/** A country's bounding box, [[west, south], [east, north]], computed once per process. */
export function countryBounds(c: CountryFeature): [[number, number], [number, number]] {
  let b = boundsCache.get(c);
  if (!b) {
    b = geoBounds(c);
    boundsCache.set(c, b);
  }
  return b;
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
  return countries().find((c) => c.properties.name.toLowerCase() === wanted);
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
