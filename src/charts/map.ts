// Locator map of an itinerary: the region its stops span, country outlines from Natural Earth
// (src/geo), the stops numbered in date order, a route line between them and labels placed
// where they overlap nothing. Drawn with d3-geo straight onto the recording canvas, so the
// map reaches the PDF as vector paths and real, searchable text like every other chart.
//
// Label placement is a small greedy search over eight candidate positions per stop (the
// usual cartographic preference order: right, left, above, below, then the diagonals); no
// maintained library does point-label placement against a custom canvas, and the problem
// here is a handful of stops. A stop that cannot be labelled without overlap is listed in a
// key at the foot of the map instead, so no stop is ever unnamed.
import { geoAzimuthalEqualArea, geoPath, type GeoContext, type GeoProjection, type GeoStream } from 'd3-geo';
import type { ChartSpec, MapStop } from '../narrative/index.js';
import { measure } from '../fonts/index.js';
import { borders, countries as allCountries, countriesWhere, countryAt, countryBounds, countryByName, type CountryFeature } from '../geo/index.js';
import type { DisplayList } from '../graphics/index.js';
import { RecordingContext } from './canvas/recording-context.js';
import { ChartSpecError } from './plan.js';
import { wordsFor } from '../format/index.js';
import { cssFont, MUTED, PALETTE, REGULAR, SEMIBOLD, TEXT } from './theme.js';

export const MAP_WIDTH = 460;
export const MAP_HEIGHT = 220;

const SEA = '#eef3f8';
const LAND = '#dfe4ea';
const HOST = '#c5cfdb';
const BORDER = '#ffffff';
const ROUTE = PALETTE[0];
const MARKER = PALETTE[0];
const LABEL_SIZE = 10.5;
const NUMBER_SIZE = 8.5;
const RADIUS = 7.5;
/** Smallest distance, in points, between two kept vertices of an outline. */
const SIMPLIFY_PT = 1.5;
/** Space kept clear at the map's edges, for labels and the attribution. */
const MARGIN = 6;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedStop {
  stop: MapStop;
  /** The place names at this marker: one, or several when their markers would overlap. */
  names: string[];
  /** Numbers drawn in this marker: several stops at one place share a marker. */
  numbers: number[];
  x: number;
  y: number;
  label?: Box;
}

export interface MapLayout {
  projection: GeoProjection;
  markers: PlacedStop[];
  /** Stops that could not be labelled on the map, listed in the key instead. */
  unlabelled: PlacedStop[];
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The projection: centred on the stops, scaled so they fill the map with context around. */
export function mapProjection(stops: readonly MapStop[], width = MAP_WIDTH, height = MAP_HEIGHT): GeoProjection {
  if (stops.length === 0) throw new RangeError('a map needs at least one stop');
  const lons = stops.map((s) => s.lon);
  const lats = stops.map((s) => s.lat);
  // Centre on the middle of the stops' extent (longitudes unwrapped around the first stop).
  const ref = lons[0]!;
  const unwrapped = lons.map((l) => ref + ((((l - ref) % 360) + 540) % 360) - 180);
  const lon0 = (Math.min(...unwrapped) + Math.max(...unwrapped)) / 2;
  const lat0 = (Math.min(...lats) + Math.max(...lats)) / 2;
  const projection = geoAzimuthalEqualArea().rotate([-lon0, -lat0]).clipAngle(60).precision(0).translate([0, 0]).scale(1);
  const points = stops.map((s) => projection([s.lon, s.lat])!);
  const dx = Math.max(...points.map((p) => p[0])) - Math.min(...points.map((p) => p[0]));
  const dy = Math.max(...points.map((p) => p[1])) - Math.min(...points.map((p) => p[1]));
  // Stops fill the middle half of the map, so neighbouring countries give context; a single
  // stop, or stops a few kilometres apart, still show at least ~150 km around them.
  const minSpan = 150 / 6371;
  const scale = Math.min((width * 0.5) / Math.max(dx, minSpan), (height * 0.5) / Math.max(dy, minSpan));
  const cx = (Math.max(...points.map((p) => p[0])) + Math.min(...points.map((p) => p[0]))) / 2;
  const cy = (Math.max(...points.map((p) => p[1])) + Math.min(...points.map((p) => p[1]))) / 2;
  return projection
    .scale(scale)
    .translate([width / 2 - cx * scale, height / 2 - cy * scale])
    .clipExtent([
      [0, 0],
      [width, height],
    ]);
}

/** Markers at projected positions and labels placed without overlap, or listed in the key. */
export function layoutMap(stops: readonly MapStop[], width = MAP_WIDTH, height = MAP_HEIGHT): MapLayout {
  const projection = mapProjection(stops, width, height);
  const markers: PlacedStop[] = [];
  for (const stop of [...stops].sort((a, b) => a.order - b.order)) {
    const [x, y] = projection([stop.lon, stop.lat])!;
    // Stops whose markers would overlap share one marker: its numbers and names list them all.
    const same = markers.find((m) => Math.hypot(m.x - x, m.y - y) < 2 * RADIUS);
    if (same) {
      same.numbers.push(stop.order);
      if (!same.names.includes(stop.name)) same.names.push(stop.name);
    } else markers.push({ stop, names: [stop.name], numbers: [stop.order], x, y });
  }
  const obstacles: Box[] = markers.map((m) => markerBox(m));
  const bounds: Box = { x: MARGIN, y: MARGIN, w: width - 2 * MARGIN, h: height - 2 * MARGIN - 12 };
  const unlabelled: PlacedStop[] = [];
  const segments = routeSegments(markers);
  for (const m of markers) {
    const w = measure(labelOf(m), LABEL_SIZE, REGULAR);
    const h = LABEL_SIZE * 1.25;
    const r = markerBox(m).w / 2;
    const gap = 3;
    const candidates: Box[] = [
      { x: m.x + r + gap, y: m.y - h / 2, w, h },
      { x: m.x - r - gap - w, y: m.y - h / 2, w, h },
      { x: m.x - w / 2, y: m.y - r - gap - h, w, h },
      { x: m.x - w / 2, y: m.y + r + gap, w, h },
      { x: m.x + r * 0.7 + gap, y: m.y - r * 0.7 - gap - h, w, h },
      { x: m.x + r * 0.7 + gap, y: m.y + r * 0.7 + gap, w, h },
      { x: m.x - r * 0.7 - gap - w, y: m.y - r * 0.7 - gap - h, w, h },
      { x: m.x - r * 0.7 - gap - w, y: m.y + r * 0.7 + gap, w, h },
    ];
    const inside = (b: Box) => b.x >= bounds.x && b.y >= bounds.y && b.x + b.w <= bounds.x + bounds.w && b.y + b.h <= bounds.y + bounds.h;
    const fits = candidates.filter((b) => inside(b) && !obstacles.some((o) => overlaps(o, b)));
    // Among the boxes that fit, prefer one the route does not cross.
    const best = fits.find((b) => !segments.some(([p, q]) => segmentHitsBox(p, q, b))) ?? fits[0];
    if (best) {
      m.label = best;
      obstacles.push(best);
    } else {
      unlabelled.push(m);
    }
  }
  return { projection, markers, unlabelled };
}

function labelOf(m: PlacedStop): string {
  return m.names.join(', ');
}

function markerBox(m: PlacedStop): Box {
  const text = m.numbers.join(',');
  const r = Math.max(RADIUS, measure(text, NUMBER_SIZE, SEMIBOLD) / 2 + 3);
  return { x: m.x - r, y: m.y - r, w: 2 * r, h: 2 * r };
}

type Point = readonly [number, number];

function routeSegments(markers: readonly PlacedStop[]): [Point, Point][] {
  const byOrder = markers.flatMap((m) => m.numbers.map((n) => [n, [m.x, m.y] as Point] as const)).sort((a, b) => a[0] - b[0]);
  const out: [Point, Point][] = [];
  for (let i = 1; i < byOrder.length; i++) out.push([byOrder[i - 1]![1], byOrder[i]![1]]);
  return out;
}

/** Whether segment pq passes through box b (Liang–Barsky clipping). */
function segmentHitsBox(p: Point, q: Point, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const edges: [number, number][] = [
    [-dx, p[0] - b.x],
    [dx, b.x + b.w - p[0]],
    [-dy, p[1] - b.y],
    [dy, b.y + b.h - p[1]],
  ];
  for (const [pp, qq] of edges) {
    if (pp === 0) {
      if (qq < 0) return false;
    } else {
      const t = qq / pp;
      if (pp < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** Draws the map of `spec.stops` as a display list. */
export function drawMap(spec: ChartSpec): DisplayList {
  const stops = spec.stops ?? [];
  if (stops.length === 0) throw new ChartSpecError(spec.id, 'a map needs at least one place with coordinates');
  for (const s of stops) {
    if (!(Number.isFinite(s.lat) && Number.isFinite(s.lon) && Math.abs(s.lat) <= 90 && Math.abs(s.lon) <= 180)) {
      throw new ChartSpecError(spec.id, `coordinates of "${s.name}" are not a point on Earth: ${s.lat}, ${s.lon}`);
    }
  }
  const width = MAP_WIDTH;
  const height = MAP_HEIGHT;
  const layout = layoutMap(stops, width, height);
  const ctx = new RecordingContext({ width, height });

  ctx.fillStyle = SEA;
  ctx.fillRect(0, 0, width, height);

  // Outlines are thinned to vertices at least SIMPLIFY_PT apart after projection (finer
  // detail does not show at this scale and would only make the PDF bigger), and rings smaller
  // than that vanish.
  // A host country is found by its name, or (a name in another language: 法国) by the stop's point.
  const hosts = new Set(stops.map((s) => (countryByName(s.country) ?? countryAt(s.lat, s.lon))?.properties.name).filter((n): n is string => n !== undefined));
  const countries = visibleCountries(layout.projection, width, height);
  const thinned = { stream: (out: GeoStream) => layout.projection.stream(thinStream(out, SIMPLIFY_PT)) };
  const path = geoPath(thinned, ctx as unknown as GeoContext);
  // Land as fills only; borders once, as one mesh, over them.
  const fill = (list: CountryFeature[], colour: string) => {
    ctx.beginPath();
    for (const c of list) path(c);
    ctx.fillStyle = colour;
    ctx.fill();
  };
  fill(countries.filter((c) => !hosts.has(c.properties.name)), LAND);
  fill(countries.filter((c) => hosts.has(c.properties.name)), HOST);
  ctx.beginPath();
  path(borders());
  ctx.strokeStyle = BORDER;
  ctx.lineWidth = 0.7;
  ctx.stroke();

  // The route, in date order.
  const segments = routeSegments(layout.markers);
  if (segments.length) {
    ctx.beginPath();
    for (const [p, q] of segments) {
      ctx.moveTo(p[0], p[1]);
      ctx.lineTo(q[0], q[1]);
    }
    ctx.setLineDash([4, 3]);
    ctx.strokeStyle = ROUTE;
    ctx.lineWidth = 1.4;
    ctx.stroke();
    ctx.setLineDash([]);
  }

  for (const m of layout.markers) {
    const box = markerBox(m);
    ctx.beginPath();
    ctx.arc(m.x, m.y, box.w / 2, 0, Math.PI * 2);
    ctx.fillStyle = MARKER;
    ctx.fill();
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 1.2;
    ctx.stroke();
    ctx.font = cssFont(NUMBER_SIZE, SEMIBOLD);
    ctx.fillStyle = '#ffffff';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(m.numbers.join(','), m.x, m.y);
  }

  ctx.font = cssFont(LABEL_SIZE, REGULAR);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const m of layout.markers) {
    if (!m.label) continue;
    const x = m.label.x;
    const y = m.label.y + m.label.h / 2;
    // A white halo keeps the name legible over borders and the route.
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 3;
    ctx.lineJoin = 'round';
    ctx.strokeText(labelOf(m), x, y);
    ctx.fillStyle = TEXT;
    ctx.fillText(labelOf(m), x, y);
  }

  ctx.font = cssFont(7, REGULAR);
  ctx.fillStyle = MUTED;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'right';
  ctx.fillText(spec.mapCredit ?? wordsFor(spec.locale).mapCredit(''), width - MARGIN, height - MARGIN);
  if (layout.unlabelled.length) {
    ctx.textAlign = 'left';
    ctx.font = cssFont(8, REGULAR);
    ctx.fillStyle = TEXT;
    ctx.fillText(wordsFor(spec.locale).mapAlso(layout.unlabelled.map((m) => `${m.numbers.join(',')} ${labelOf(m)}`)), MARGIN, height - MARGIN);
  }
  const { ops } = ctx.toDisplayList();
  return { width, height, ops };
}

/**
 * A projected-geometry stream that drops vertices closer than `tolerance` to the last kept one
 * (radial-distance simplification) and rings whose whole extent is below it. Written here
 * because it must run on d3-geo's projected, clipped stream, where the TopoJSON simplifiers
 * (which weigh arcs before projection, at a cost of a full pass over the world) cannot reach.
 */
export function thinStream(out: GeoStream, tolerance: number): GeoStream {
  let line: [number, number][] | null = null;
  return {
    point(x: number, y: number) {
      if (line) line.push([x, y]);
      else out.point(x, y);
    },
    lineStart() {
      line = [];
    },
    lineEnd() {
      const pts = line ?? [];
      line = null;
      let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
      for (const [x, y] of pts) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
      if (pts.length === 0 || maxX - minX + (maxY - minY) < tolerance) return;
      out.lineStart();
      let last = pts[0]!;
      out.point(last[0], last[1]);
      for (let i = 1; i < pts.length; i++) {
        const p = pts[i]!;
        if (i === pts.length - 1 || Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) {
          out.point(p[0], p[1]);
          last = p;
        }
      }
      out.lineEnd();
    },
    polygonStart() {
      out.polygonStart();
    },
    polygonEnd() {
      out.polygonEnd();
    },
    sphere() {
      out.sphere?.();
    },
  };
}

/**
 * The countries whose bounding boxes meet the map's: the frame's edges are inverted to
 * longitude and latitude, so the far side of the world is never projected only to be clipped.
 */
function visibleCountries(projection: GeoProjection, width: number, height: number): CountryFeature[] {
  const lons: number[] = [];
  const lats: number[] = [];
  for (let i = 0; i <= 8; i++) {
    for (const [x, y] of [[(width * i) / 8, 0], [(width * i) / 8, height], [0, (height * i) / 8], [width, (height * i) / 8]] as const) {
      const p = projection.invert?.([x, y]);
      if (p) {
        lons.push(p[0]);
        lats.push(p[1]);
      }
    }
  }
  const west = Math.min(...lons);
  const east = Math.max(...lons);
  // A frame across the antimeridian or a pole is rare for a locator map; draw everything then.
  if (lons.length === 0 || east - west > 180 || Math.max(...lats) > 85 || Math.min(...lats) < -85) return allCountries();
  const south = Math.min(...lats);
  const north = Math.max(...lats);
  return countriesWhere(([[w, s], [e, n]]) => s <= north && n >= south && (w > e || (w <= east && e >= west)));
}
