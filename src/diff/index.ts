// What changed between two editions of a briefing: two checked fact sets in, one typed
// report out. Facts are matched by id (ids are the stable handle an analyst keeps across
// editions); a fact whose figure, qualifier, period or source changed is reported with both
// sides, each with its own source, so a reader can see which publication moved the figure.
// Events are matched by id too and reported as moved when their dates change; a chart is
// reported when its definition changed or when any figure it draws changed.
import { absoluteValue, type Facts, type ResolvedFact } from '../facts/index.js';
import { formatDate, formatDateRange, formatQuantity } from '../format/index.js';

export type FactField = 'value' | 'unit' | 'scale' | 'qualifier' | 'period' | 'label' | 'source' | 'quote' | 'formula';
export type EventField = 'date' | 'title' | 'what' | 'places' | 'who' | 'planned' | 'source';
export type ChartField = 'type' | 'title' | 'facts' | 'events' | 'annotate' | 'data';

export interface SourceRef {
  id: string;
  title: string;
  date: string;
  url?: string;
}

export interface FactSide {
  value: number;
  unit: string;
  scale: string;
  qualifier: string;
  period: string;
  label: string;
  /** The figure as the briefing prints it, qualifier included: "more than 4,300". */
  text: string;
  derived: boolean;
  quote?: string;
  formula?: string;
  sources: SourceRef[];
}

export interface FactChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  /** Fields that differ (empty for added and removed facts). */
  fields: FactField[];
  old?: FactSide;
  new?: FactSide;
  /** Relative change of the absolute quantity, new/old − 1, when both sides are comparable. */
  relative?: number;
}

export interface EventSide {
  title: string;
  /** ISO dates; start equals end for a one-day event. */
  start: string;
  end: string;
  /** The dates as the briefing prints them. */
  when: string;
  places: string[];
  source: string;
}

export interface EventChange {
  id: string;
  kind: 'added' | 'removed' | 'moved' | 'changed';
  fields: EventField[];
  old?: EventSide;
  new?: EventSide;
}

export interface ChartChange {
  id: string;
  kind: 'added' | 'removed' | 'changed';
  title: string;
  fields: ChartField[];
  /** Ids of the charted facts whose figures changed (the chart's data changed through them). */
  changedFacts: string[];
}

export interface MetaChange {
  field: 'title' | 'subtitle' | 'date' | 'locale';
  old?: string;
  new?: string;
}

export interface BriefingDiff {
  /** The locale the figures, dates and report words are printed in (a BCP 47 tag). */
  locale: string;
  old: { file: string; title: string; date: string; sha256: string };
  new: { file: string; title: string; date: string; sha256: string };
  meta: MetaChange[];
  facts: FactChange[];
  events: EventChange[];
  charts: ChartChange[];
  keyFigures: { added: string[]; removed: string[] };
  sources: { added: SourceRef[]; removed: SourceRef[] };
  /** Counts, for a one-line summary and for scripts. */
  summary: { factsAdded: number; factsRemoved: number; factsChanged: number; eventsChanged: number; chartsChanged: number; unchanged: boolean };
}

export interface DiffOptions {
  /** Locale for the printed figures and dates; defaults to the new edition's. */
  locale?: string;
}

/** Compares two checked fact sets, old edition first. */
export function diffFacts(before: Facts, after: Facts, options: DiffOptions = {}): BriefingDiff {
  const locale = options.locale ?? after.doc.meta.locale;
  const facts = diffFactMaps(before, after, locale);
  const changedIds = new Set(facts.filter((f) => f.kind !== 'added' && f.fields.some((x) => x === 'value' || x === 'unit' || x === 'scale' || x === 'qualifier')).map((f) => f.id));
  const events = diffEvents(before, after, locale);
  const charts = diffCharts(before, after, changedIds);
  const meta = (['title', 'subtitle', 'date', 'locale'] as const)
    .map((field) => ({ field, old: text(before.doc.meta[field]), new: text(after.doc.meta[field]) }))
    .filter((m) => m.old !== m.new)
    .map((m) => ({ field: m.field, ...(m.old !== undefined ? { old: m.old } : {}), ...(m.new !== undefined ? { new: m.new } : {}) }));
  const oldKeys = new Set(before.doc.keyFigures);
  const newKeys = new Set(after.doc.keyFigures);
  const sourceRef = (f: Facts, id: string): SourceRef => sourceOf(f, id);
  const sources = {
    added: Object.keys(after.doc.sources).filter((id) => !(id in before.doc.sources)).map((id) => sourceRef(after, id)),
    removed: Object.keys(before.doc.sources).filter((id) => !(id in after.doc.sources)).map((id) => sourceRef(before, id)),
  };
  const summary = {
    factsAdded: facts.filter((f) => f.kind === 'added').length,
    factsRemoved: facts.filter((f) => f.kind === 'removed').length,
    factsChanged: facts.filter((f) => f.kind === 'changed').length,
    eventsChanged: events.length,
    chartsChanged: charts.length,
    unchanged: false,
  };
  const keyFigures = { added: after.doc.keyFigures.filter((id) => !oldKeys.has(id)), removed: before.doc.keyFigures.filter((id) => !newKeys.has(id)) };
  summary.unchanged = facts.length + events.length + charts.length + meta.length + keyFigures.added.length + keyFigures.removed.length + sources.added.length + sources.removed.length === 0;
  return {
    locale,
    old: edition(before),
    new: edition(after),
    meta,
    facts,
    events,
    charts,
    keyFigures,
    sources,
    summary,
  };
}

function edition(f: Facts): BriefingDiff['old'] {
  return { file: f.file, title: text(f.doc.meta.title) ?? '', date: f.doc.meta.date, sha256: f.inputSha256 };
}

/** Printed text of a field that may later carry one value per language. */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).map(String)[0];
  return String(v);
}

function sourceOf(f: Facts, id: string): SourceRef {
  const s = f.doc.sources[id];
  return { id, title: text(s?.title) ?? id, date: s?.date ?? '', ...(s?.url ? { url: s.url } : {}) };
}

function side(f: Facts, fact: ResolvedFact, locale: string): FactSide {
  return {
    value: fact.value,
    unit: fact.unit,
    scale: fact.scale,
    qualifier: fact.qualifier,
    period: fact.period,
    label: text(fact.label) ?? fact.id,
    text: formatQuantity(fact, locale).text,
    derived: fact.derived !== undefined,
    ...(fact.quote !== undefined ? { quote: fact.quote } : {}),
    ...(fact.derived ? { formula: fact.derived.formula } : {}),
    sources: fact.sources.map((id) => sourceOf(f, id)),
  };
}

function diffFactMaps(before: Facts, after: Facts, locale: string): FactChange[] {
  const out: FactChange[] = [];
  const ids = [...new Set([...before.facts.keys(), ...after.facts.keys()])];
  for (const id of ids) {
    const a = before.facts.get(id);
    const b = after.facts.get(id);
    if (a && !b) {
      out.push({ id, kind: 'removed', fields: [], old: side(before, a, locale) });
      continue;
    }
    if (!a && b) {
      out.push({ id, kind: 'added', fields: [], new: side(after, b, locale) });
      continue;
    }
    const o = side(before, a!, locale);
    const n = side(after, b!, locale);
    const fields: FactField[] = [];
    if (o.value !== n.value) fields.push('value');
    if (o.unit !== n.unit) fields.push('unit');
    if (o.scale !== n.scale) fields.push('scale');
    if (o.qualifier !== n.qualifier) fields.push('qualifier');
    if (o.period !== n.period) fields.push('period');
    if (o.label !== n.label) fields.push('label');
    if (o.sources.map((s) => s.id).join() !== n.sources.map((s) => s.id).join()) fields.push('source');
    if (o.quote !== n.quote) fields.push('quote');
    if (o.formula !== n.formula) fields.push('formula');
    if (fields.length === 0) continue;
    const change: FactChange = { id, kind: 'changed', fields, old: o, new: n };
    // Only quantities of the same unit compare; a scale change alone is still a real change.
    const va = absoluteValue(a!);
    const vb = absoluteValue(b!);
    if (o.unit === n.unit && va !== 0 && Number.isFinite(vb / va)) change.relative = vb / va - 1;
    out.push(change);
  }
  return out.sort((x, y) => order(x.kind) - order(y.kind) || x.id.localeCompare(y.id));
}

const order = (k: string) => ['changed', 'moved', 'added', 'removed'].indexOf(k);

function eventSide(f: Facts, id: string, locale: string): EventSide {
  const e = f.doc.events[id]!;
  const start = e.date ?? e.start!;
  const end = e.date ?? e.end!;
  return {
    title: text(e.title) ?? id,
    start,
    end,
    when: start === end ? formatDate(start, locale) : formatDateRange(start, end, locale),
    places: e.places.map((p) => text(f.doc.entities.places[p]?.name) ?? p),
    source: e.source,
  };
}

function diffEvents(before: Facts, after: Facts, locale: string): EventChange[] {
  const out: EventChange[] = [];
  const ids = [...new Set([...Object.keys(before.doc.events), ...Object.keys(after.doc.events)])];
  for (const id of ids) {
    const inOld = id in before.doc.events;
    const inNew = id in after.doc.events;
    if (inOld && !inNew) {
      out.push({ id, kind: 'removed', fields: [], old: eventSide(before, id, locale) });
      continue;
    }
    if (!inOld && inNew) {
      out.push({ id, kind: 'added', fields: [], new: eventSide(after, id, locale) });
      continue;
    }
    const a = before.doc.events[id]!;
    const b = after.doc.events[id]!;
    const o = eventSide(before, id, locale);
    const n = eventSide(after, id, locale);
    const fields: EventField[] = [];
    if (o.start !== n.start || o.end !== n.end) fields.push('date');
    if (o.title !== n.title) fields.push('title');
    if (text(a.what) !== text(b.what)) fields.push('what');
    if (a.places.join() !== b.places.join()) fields.push('places');
    if (a.who.join() !== b.who.join()) fields.push('who');
    if (a.planned !== b.planned) fields.push('planned');
    if (a.source !== b.source) fields.push('source');
    if (fields.length === 0) continue;
    out.push({ id, kind: fields.includes('date') ? 'moved' : 'changed', fields, old: o, new: n });
  }
  return out.sort((x, y) => order(x.kind) - order(y.kind) || (x.new?.start ?? x.old!.start).localeCompare(y.new?.start ?? y.old!.start) || x.id.localeCompare(y.id));
}

function diffCharts(before: Facts, after: Facts, changedFacts: ReadonlySet<string>): ChartChange[] {
  const out: ChartChange[] = [];
  const ids = [...new Set([...Object.keys(before.doc.charts), ...Object.keys(after.doc.charts)])];
  for (const id of ids) {
    const a = before.doc.charts[id];
    const b = after.doc.charts[id];
    if (a && !b) {
      out.push({ id, kind: 'removed', title: text(a.title) ?? id, fields: [], changedFacts: [] });
      continue;
    }
    if (!a && b) {
      out.push({ id, kind: 'added', title: text(b.title) ?? id, fields: [], changedFacts: [] });
      continue;
    }
    const fields: ChartField[] = [];
    if (a!.type !== b!.type) fields.push('type');
    if (text(a!.title) !== text(b!.title)) fields.push('title');
    if (a!.facts.join() !== b!.facts.join()) fields.push('facts');
    if (a!.events.join() !== b!.events.join()) fields.push('events');
    if (a!.annotate !== b!.annotate) fields.push('annotate');
    const drawn = [...b!.facts, ...(b!.annotate ? [b!.annotate] : [])].filter((f) => changedFacts.has(f));
    const movedEvents = b!.events.some((e) => {
      const x = before.doc.events[e];
      const y = after.doc.events[e];
      return x && y && ((x.date ?? x.start) !== (y.date ?? y.start) || (x.date ?? x.end) !== (y.date ?? y.end));
    });
    if (drawn.length || movedEvents) fields.push('data');
    if (fields.length === 0) continue;
    out.push({ id, kind: 'changed', title: text(b!.title) ?? id, fields, changedFacts: drawn });
  }
  return out.sort((x, y) => order(x.kind) - order(y.kind) || x.id.localeCompare(y.id));
}
