// Checks on places' coordinates and on map charts. Coordinates come from a reference source
// (a gazetteer), kept apart from the report's quotes: the record quoted must be in the
// reference text and must show the latitude and longitude given. A point is then checked
// against its country's outline (Natural Earth, 1:50m): a place that falls in another country
// or far out at sea is a warning, since a swapped latitude and longitude or a dropped minus
// sign are the usual mistakes. The country outlines are loaded only when a place has
// coordinates.
import type { BriefingDocument } from './schema.js';
import { error, warning, type Diagnostic } from '../diagnostics/index.js';
import { countryAt, countryByName, countryContains, distanceToBoundsKm } from '../geo/index.js';
import { normalise } from './check.js';
import type { CheckContext } from './check.js';

/** Kilometres a point may lie outside its country's outline (coast, border detail at 1:50m). */
const COAST_TOLERANCE_KM = 30;

export function checkGeography(doc: BriefingDocument, ctx: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: (string | number)[], k: 'key' | 'value' = 'value') => ({ file: ctx.file, ...ctx.locate(path, k), path: path.join('.') });
  const places = doc.entities.places;
  // Each reference text is normalised once, not once per place quoting it.
  const normalisedTexts = new Map<string, string>();

  for (const [id, place] of Object.entries(places)) {
    const loc = place.location;
    if (!loc) continue;
    const base = ['entities', 'places', id, 'location'];
    const source = doc.sources[loc.source];
    if (!source) {
      out.push(error('BR452', at([...base, 'source']), `unknown source \`${loc.source}\` for the coordinates of \`${id}\``));
      continue;
    }
    if (source.kind !== 'reference') {
      out.push(error('BR453', at([...base, 'source']), `coordinates must come from a source of kind reference (a gazetteer), but \`${loc.source}\` is a report`, 'add `kind: reference` to a source that holds the gazetteer records, and quote the record'));
    }
    const raw = ctx.sourceTexts.get(loc.source);
    let text = normalisedTexts.get(loc.source);
    if (raw !== undefined && text === undefined) normalisedTexts.set(loc.source, (text = normalise(raw)));
    if (text !== undefined && !text.includes(normalise(loc.quote))) {
      out.push(error('BR454', at([...base, 'quote']), `the record quoted for \`${id}\` is not in the reference source \`${loc.source}\``));
    }
    // The record must show both numbers as given (to the decimals given).
    const numbers = [...loc.quote.matchAll(/[-−–]?\d+(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/[−–]/, '-')));
    for (const [key, value] of [['lat', loc.lat], ['lon', loc.lon]] as const) {
      if (!numbers.some((n) => Math.abs(n - value) < 1e-9)) {
        out.push(error('BR455', at([...base, key]), `${key} ${value} is not in the quoted record "${loc.quote}"`));
      }
    }
    const country = countryByName(place.country);
    if (!country) {
      out.push(warning('BR456', at(['entities', 'places', id, 'country']), `"${place.country}" is not a country name in Natural Earth; the coordinates of \`${id}\` were not checked against it`, 'write the English short name, e.g. United Kingdom, Germany, China'));
      continue;
    }
    if (countryContains(country, loc.lat, loc.lon)) continue;
    const other = countryAt(loc.lat, loc.lon);
    if (other) {
      out.push(warning('BR457', at(base, 'key'), `\`${id}\` is in ${place.country}, but ${loc.lat}, ${loc.lon} lies in ${other.properties.name}`, 'check the signs and the order of latitude and longitude'));
    } else if (distanceToBoundsKm(country, loc.lat, loc.lon) > COAST_TOLERANCE_KM) {
      out.push(warning('BR457', at(base, 'key'), `\`${id}\` is in ${place.country}, but ${loc.lat}, ${loc.lon} lies outside it, at sea`, 'check the signs and the order of latitude and longitude'));
    }
  }

  for (const [id, chart] of Object.entries(doc.charts)) {
    if (chart.type !== 'map') continue;
    if (chart.events.length === 0) {
      out.push(error('BR450', at(['charts', id, 'events']), 'expected at least one event in a map chart, got none'));
      continue;
    }
    let stops = 0;
    chart.events.forEach((eid) => {
      const event = doc.events[eid];
      if (!event) return; // an unknown event is reported by the chart reference check
      for (const pid of event.places) {
        const place = places[pid];
        if (!place) continue;
        if (!place.location) out.push(error('BR451', at(['entities', 'places', pid], 'key'), `place \`${pid}\` is on map \`${id}\` (through event \`${eid}\`) but has no location`, 'add location: { lat, lon, source, quote } from a reference source'));
        else stops++;
      }
    });
    if (stops === 0 && !out.some((d) => d.code === 'BR451')) out.push(error('BR450', at(['charts', id, 'events']), `the events of map \`${id}\` have no places`));
  }
  return out;
}
