// Narrative stage: Facts + templates -> Narrative (typed blocks, slides, tiles, chart specs).
import Handlebars from 'handlebars';
import type { Facts, ResolvedFact } from '../facts/index.js';
import { BriefingInputError, error, sortDiagnostics, warning, type Diagnostic } from '../diagnostics/index.js';
import { chartScale, formatDate, formatDateRange, formatQuantity, joinList, wordsFor } from '../format/index.js';
import type { ChartSpec, MapStop, Narrative, SourceEntry, Tile, TimelineEntry } from './model.js';
import { buildHelpers, located, slideSourceLine, type RenderState } from './helpers.js';
import { sanitise, TokenTable } from './inline.js';
import { groupFacts } from './topics.js';
import { checkMarkdown, printFromMarkdown, slidesFromMarkdown, type SlideContext } from './markdown.js';
import { confinedPath } from '../facts/index.js';
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { guardPartials, templateSet, TemplateLimitError, type TemplateFile } from './templates.js';
import { checkTemplate, type TemplateRefs } from './check.js';
import type { BriefingDiff } from '../diff/index.js';
import { describeChanges, withChanges } from './changes.js';
import { COMPILE_OPTIONS, precompiledSpec } from './precompiled.js';

export type * from './model.js';
export { SLIDE_KINDS } from './model.js';
export { BUILTIN_TEMPLATES } from './templates.js';
export { mergeEditions } from './bilingual.js';

export interface NarrativeOptions {
  /** Folder whose templates override the built-in ones, file by file. */
  templatesDir?: string;
  /**
   * What changed since an earlier edition (the diff stage's result, old edition first): adds
   * the "What changed" rows and slide and marks every changed figure in the body.
   */
  changes?: BriefingDiff;
}

export interface NarrativeResult {
  narrative: Narrative;
  warnings: Diagnostic[];
}

const MAIN_TEMPLATES = ['print', 'slides'] as const;

// One Handlebars environment per process with no helpers of its own: compiling a template is
// most of the narrative stage's time, so compiled templates are cached by file and source, and
// each build hands its own helpers and partials to them at render time.
const env = Handlebars.create();
// Handlebars' `log` writes to the console, which a library must not do.
env.unregisterHelper('log');
// Prototype-access protections stay at Handlebars' defaults (off for everything); strict
// mode (COMPILE_OPTIONS, in precompiled.ts) makes a misspelt value an error instead of
// silently printing nothing.
const compiledTemplates = new Map<string, Handlebars.TemplateDelegate>();

function compiled(t: TemplateFile): Handlebars.TemplateDelegate {
  const key = `${t.file}\u0000${t.source}`;
  let template = compiledTemplates.get(key);
  if (!template) {
    const spec = precompiledSpec(t.source);
    template = spec ? env.template(spec) : env.compile(t.source, COMPILE_OPTIONS);
    if (compiledTemplates.size >= 500) compiledTemplates.clear(); // bound memory under watch/batch
    compiledTemplates.set(key, template);
  }
  return template;
}

export function renderNarrative(facts: Facts, options: NarrativeOptions = {}): NarrativeResult {
  const { doc } = facts;
  const set = templateSet(doc.meta.templates, options.templatesDir, { file: facts.file, ...facts.locate(['meta', 'templates']), path: 'meta.templates' }, facts.translated ? doc.meta.locale : undefined);
  const diagnostics: Diagnostic[] = [];
  // Markdown prose named by the facts file (meta.prose) replaces the template set's file.
  const mains = MAIN_TEMPLATES.map((name) => proseBeside(facts, name, diagnostics) ?? set.main(name));
  const partials = set.partials();

  // Static pass first: every helper, partial and id is checked with its file:line, so a
  // typo fails before anything renders, and literal figures in prose are flagged.
  const refs: TemplateRefs = {
    fact: [...facts.facts.keys()],
    source: Object.keys(doc.sources),
    entity: [...Object.keys(doc.entities.people), ...Object.keys(doc.entities.organisations), ...Object.keys(doc.entities.places)],
    person: Object.keys(doc.entities.people),
    event: Object.keys(doc.events),
    chart: Object.keys(doc.charts),
    partial: partials.map((p) => p.name.replace(/^partials\//, '').replace(/\.hbs$/, '')),
  };
  const usedInTemplates = new Set<string>();
  MAIN_TEMPLATES.forEach((name, i) => {
    if (!mains[i]) diagnostics.push(error('BR200', { file: set.folders[0] ?? 'templates' }, `missing template ${name}.hbs`));
    // A translated edition's prose must be written in its language: no template falls back to another language's.
    else if (facts.translated && !mains[i]!.locale) diagnostics.push(error('BR622', { file: mains[i]!.file, line: 0, column: 0 }, `no ${doc.meta.locale} template for ${name}: the ${name}.hbs found is not in a ${doc.meta.locale}/ folder`, `write ${doc.meta.locale}/${name}.hbs beside it (and the partials it uses in ${doc.meta.locale}/partials/)`));
  });
  for (const t of [...mains.filter((m): m is TemplateFile => m !== undefined), ...partials]) {
    diagnostics.push(...checkTemplate(t, refs, usedInTemplates));
  }
  MAIN_TEMPLATES.forEach((name, i) => {
    const t = mains[i];
    if (t && isMarkdown(t)) diagnostics.push(...checkMarkdown(t, name, refs.chart));
  });
  if (diagnostics.some((d) => d.severity === 'error')) throw new BriefingInputError(sortDiagnostics(diagnostics));

  const state: RenderState = { tokens: new TokenTable(), sections: [], summary: [], slides: [], citationOrder: [], usedFacts: new Set() };
  const helpers = buildHelpers(facts, state);
  const partialFns: Record<string, Handlebars.TemplateDelegate> = {};
  for (const p of partials) {
    const template = compiled(p);
    // A wrapper so an error inside a partial is reported against the partial's own file.
    partialFns[p.name.replace(/^partials\//, '').replace(/\.hbs$/, '')] = (context: unknown, opts?: Handlebars.RuntimeOptions) => {
      const caller = state.file;
      state.file = p.file;
      try {
        return template(context, opts);
      } catch (e) {
        if (e instanceof TemplateLimitError) throw e;
        const err = located(e);
        err.file ??= p.file;
        throw err;
      } finally {
        state.file = caller;
      }
    };
  }

  const guard = guardPartials(partialFns, Object.fromEntries(partials.map((p) => [p.name.replace(/^partials\//, '').replace(/\.hbs$/, ''), p.file])));
  const context = templateContext(facts, state.tokens, diagnostics);
  for (const [i, t] of mains.entries()) {
    if (!t) continue;
    state.file = t.file;
    try {
      const rendered = compiled(t)(context, { helpers, partials: guard.partials });
      guard.count(rendered, t.file);
      if (!isMarkdown(t)) continue;
      // Markdown is parsed after Handlebars has run: fact text is still only tokens here.
      if (MAIN_TEMPLATES[i] === 'print') {
        const { summary, sections } = printFromMarkdown(rendered, state.tokens, facts.translated?.from);
        state.summary.push(...summary);
        state.sections.push(...sections);
      } else {
        state.slides.push(...slidesFromMarkdown(rendered, state.tokens, slideContext(facts), t));
      }
    } catch (e) {
      if (e instanceof TemplateLimitError) throw new BriefingInputError([e.diagnostic]);
      const err = located(e);
      throw new BriefingInputError([error('BR209', { file: err.file ?? t.file, line: err.at?.line ?? 0, column: err.at?.column ?? 0 }, err.message)]);
    }
  }

  // Every source is listed; cited ones first, in citation order, so footnote numbers run 1..n.
  for (const id of Object.keys(doc.sources)) if (!state.citationOrder.includes(id)) state.citationOrder.push(id);
  const number = (id: string) => state.citationOrder.indexOf(id) + 1;
  const locale = doc.meta.locale;

  const keyFigures: Tile[] = doc.keyFigures.map((id) => {
    const t = tile(facts.facts.get(id)!, locale, number);
    const kind = id in doc.derived ? 'derived' : 'facts';
    const field = t.label === facts.facts.get(id)!.short ? 'short' : 'label';
    return { ...t, origin: { file: facts.file, ...facts.locate([kind, id, field]), path: `${kind}.${id}.${field}` } };
  });
  const order = eventsByDate(doc.events);
  const timeline: TimelineEntry[] = Object.entries(doc.events)
    .map(([id, e]) => ({
      eventId: id,
      start: e.date ?? e.start!,
      end: e.date ?? e.end!,
      dateText: e.date ? formatDate(e.date, locale) : formatDateRange(e.start!, e.end!, locale),
      title: e.title,
      what: e.what,
      placesText: joinList(e.places.map((p) => doc.entities.places[p]!.name), locale),
      ...(e.note ? { note: e.note } : {}),
      citations: [number(e.source)],
    }))
    .sort((a, b) => order.indexOf(a.eventId) - order.indexOf(b.eventId));

  const sources: SourceEntry[] = state.citationOrder.map((id) => {
    const s = doc.sources[id]!;
    return { number: number(id), id, kind: s.kind, title: s.kind === 'reference' ? wordsFor(locale).referenceTitle(s.title) : s.title, dateText: formatDate(s.date, locale), quotes: s.quotes, ...(facts.translated ? { lang: facts.translated.from } : {}), ...(s.publisher ? { publisher: s.publisher } : {}), ...(s.url ? { url: s.url } : {}), origin: { file: facts.file, ...facts.locate(['sources', id, 'title']), path: `sources.${id}.title` } };
  });

  const words = wordsFor(locale);
  const charts: ChartSpec[] = Object.entries(doc.charts).map(([id, c]) => {
    // A chart's values share one scale per unit (Chinese moves them onto 万/亿 together).
    const scales = new Map<string, ReturnType<typeof chartScale>>();
    const scaleOf = (f: ResolvedFact) => {
      const key = `${f.unit}|${f.scale}`;
      let sc = scales.get(key);
      if (!sc) {
        const peers = c.facts.map((x) => facts.facts.get(x)!).filter((x) => x.unit === f.unit && x.scale === f.scale);
        sc = chartScale(f.unit, f.scale, c.type === 'multiples' ? [f.value] : peers.map((x) => x.value), locale);
        if (c.type !== 'multiples') scales.set(key, sc);
      }
      return sc;
    };
    const data = c.facts.map((fid) => {
      const f = facts.facts.get(fid)!;
      const sc = scaleOf(f);
      return { factId: fid, label: f.short, value: sc.factor === 1 ? f.value : Number((f.value * sc.factor).toPrecision(12)), text: formatQuantity(f, locale).text, unitCaption: sc.caption, derived: f.derived !== undefined };
    });
    // Events in date order, as everywhere else (the order the chart lists them in does not matter).
    const events = timeline.filter((t) => c.events.includes(t.eventId));
    const cited = new Set<string>([...c.facts.flatMap((f) => facts.facts.get(f)!.sources), ...c.events.map((e) => doc.events[e]!.source)]);
    const derivedNotes = c.facts.map((f) => facts.facts.get(f)!.derived?.note).filter((n): n is string => n !== undefined);
    const annotation = c.annotate ? facts.facts.get(c.annotate) : undefined;
    const spec: ChartSpec = {
      id,
      locale,
      type: c.type,
      title: c.title,
      unitCaption: data[0]?.unitCaption ?? '',
      data,
      timeline: events,
      sourceLine: words.sourceLine([...cited].map((s) => sourceName(doc.sources[s]!, locale))),
    };
    if (annotation) spec.annotation = { text: formatQuantity(annotation, locale).text, label: annotation.short };
    if (c.type === 'map') {
      // Stops in date order (the timeline's order), each event's places in the order listed.
      const inChart = new Set(c.events);
      const stops: MapStop[] = [];
      const references = new Set<string>();
      for (const t of timeline.filter((e) => inChart.has(e.eventId))) {
        for (const pid of doc.events[t.eventId]!.places) {
          const place = doc.entities.places[pid]!;
          if (!place.location) continue; // the facts stage has already refused this
          references.add(place.location.source);
          stops.push({ order: stops.length + 1, placeId: pid, name: place.name, country: place.country, lat: place.location.lat, lon: place.location.lon, dateText: t.dateText, eventTitle: t.title });
        }
      }
      spec.stops = stops;
      // Places of one event share its dates; the source lists them, it does not order them.
      const groups = timeline.filter((e) => inChart.has(e.eventId)).map((e) => stops.filter((s) => s.eventTitle === e.title && s.dateText === e.dateText));
      const range = (g: MapStop[]) => (g.length > 1 ? `${g[0]!.order}–${g[g.length - 1]!.order}` : `${g[0]!.order}`);
      const dated = groups.filter((g) => g.length > 0).map((g) => words.mapStops(range(g), g[0]!.dateText));
      const listed = groups.filter((g) => g.length > 1).map(range);
      spec.mapNote = words.mapNote(dated, listed.length ? joinList(listed, locale) : '');
      if (references.size) spec.sourceLine += words.coordinatesFrom([...references].map((s) => sourceName(doc.sources[s]!, locale)));
      const gazetteers = [...references].map((s) => doc.sources[s]!.publisher ?? doc.sources[s]!.title);
      spec.mapCredit = words.mapCredit(gazetteers.length ? joinList(gazetteers, locale) : '');
    }
    if (derivedNotes.length) spec.derivedNote = derivedNotes.join(' ');
    return spec;
  });

  // Facts nobody prints are probably a mistake in the file or the templates.
  const used = new Set<string>([...usedInTemplates, ...state.usedFacts, ...doc.keyFigures, ...Object.values(doc.charts).flatMap((c) => [...c.facts, ...(c.annotate ? [c.annotate] : [])])]);
  for (const f of facts.facts.values()) f.derived?.inputs.forEach((i) => used.has(f.id) && used.add(i));
  for (const eq of doc.equivalents) if (eq.facts.some((f) => used.has(f))) used.add(eq.rate);
  const warnings = [...diagnostics];
  for (const id of facts.facts.keys()) {
    if (!used.has(id)) {
      const derived = id in doc.derived;
      warnings.push(warning('BR210', { file: facts.file, ...facts.locate([derived ? 'derived' : 'facts', id]), path: `${derived ? 'derived' : 'facts'}.${id}` }, `fact \`${id}\` is not used by any template, chart or key figure`));
    }
  }

  const m = doc.meta;
  const narrative: Narrative = {
      meta: {
        title: m.title,
        date: m.date,
        dateText: formatDate(m.date, locale),
        locale,
        keywords: m.keywords,
        ...(m.subtitle ? { subtitle: m.subtitle } : {}),
        ...(m.author ? { author: m.author } : {}),
        ...(m.organisation ? { organisation: m.organisation } : {}),
        ...(m.classification ? { classification: m.classification } : {}),
        origins: Object.fromEntries((['title', 'subtitle', 'organisation', 'author', 'classification'] as const).filter((k) => m[k]).map((k) => [k, { file: facts.file, ...facts.locate(['meta', k]), path: `meta.${k}` }])),
      },
      summary: state.summary,
      sections: state.sections,
      slides: state.slides,
      keyFigures,
      timeline,
      people: Object.values(doc.entities.people).map((p) => ({ name: p.name, role: p.role, ...(p.organisation ? { organisation: doc.entities.organisations[p.organisation]!.name } : {}) })),
      organisations: Object.values(doc.entities.organisations).map((o) => ({ name: o.name, kind: o.kind, ...(o.description ? { description: o.description } : {}) })),
      sources,
      charts,
      ...(facts.translated ? { translationNote: words.translated(facts.translated.language, facts.translated.editorial) } : {}),
  };
  if (!options.changes) return { narrative, warnings: sortDiagnostics(warnings) };
  const sourceTitle = (id: string) => (doc.sources[id] ? sourceName(doc.sources[id], locale) : undefined);
  const described = describeChanges(options.changes, locale, (id) => (doc.sources[id] ? number(id) : 0), sourceTitle);
  return { narrative: withChanges(narrative, described), warnings: sortDiagnostics(warnings) };
}

const isMarkdown = (t: TemplateFile) => t.name.endsWith('.md');

/** Largest Markdown prose file read from beside the facts file. */
const MAX_PROSE_BYTES = 1024 * 1024;

/** The Markdown prose file meta.prose names for `name`, read from beside the facts file. */
function proseBeside(facts: Facts, name: (typeof MAIN_TEMPLATES)[number], diagnostics: Diagnostic[]): TemplateFile | undefined {
  const written = facts.doc.meta.prose?.[name];
  if (written === undefined) return undefined;
  const path = ['meta', 'prose', name];
  const at = { file: facts.file, ...facts.locate(path), path: path.join('.') };
  if (!written.endsWith('.md')) {
    diagnostics.push(error('BR287', at, `expected a Markdown file (.md) for the ${name} prose, got ${JSON.stringify(written)}`));
    return undefined;
  }
  const resolved = confinedPath(written, facts.dir);
  if (typeof resolved !== 'string') {
    diagnostics.push(error('BR287', at, resolved.error));
    return undefined;
  }
  try {
    const stat = statSync(resolved);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > MAX_PROSE_BYTES) throw Object.assign(new Error('too big'), { code: 'EFBIG' });
    const rel = relative(process.cwd(), resolved);
    return { name: `${name}.md`, file: rel.startsWith('..') ? resolved : rel, source: sanitise(readFileSync(resolved, 'utf8')) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'not a file' : code === 'EFBIG' ? `larger than ${MAX_PROSE_BYTES / 1024 / 1024} MB` : `cannot be read (${code ?? (e as Error).message})`;
    diagnostics.push(error('BR287', at, `the ${name} prose ${JSON.stringify(written)}: ${why}`));
    return undefined;
  }
}

/** What Markdown slides need from the facts to name the sources behind each slide. */
function slideContext(facts: Facts): SlideContext {
  const { doc } = facts;
  const factSources = (id: string) => facts.facts.get(id)?.sources ?? [];
  const eventSource = (id: string) => (Object.hasOwn(doc.events, id) ? [doc.events[id]!.source] : []);
  return {
    chartTitle: (id) => (Object.hasOwn(doc.charts, id) ? doc.charts[id]!.title : ''),
    chartSources: (id) => {
      const c = Object.hasOwn(doc.charts, id) ? doc.charts[id]! : undefined;
      return c ? [...c.facts.flatMap(factSources), ...c.events.flatMap(eventSource)] : [];
    },
    inlineSources(inline) {
      if (inline.type === 'fact') return factSources(inline.factId);
      if (inline.type === 'cite') return [inline.sourceId];
      if (inline.type === 'text' && inline.ref) {
        if (inline.ref.kind === 'label' || inline.ref.kind === 'period') return factSources(inline.ref.id);
        if (inline.ref.kind === 'date' || inline.ref.kind === 'places') return eventSource(inline.ref.id);
      }
      return [];
    },
    sourceLine: (ids) => slideSourceLine(facts, ids),
    sourceOrigin: (id) => (Object.hasOwn(doc.sources, id) ? { file: facts.file, ...facts.locate(['sources', id, 'title']), path: `sources.${id}.title` } : undefined),
  };
}

/**
 * Event ids in date order: by start, then the shorter first (a single day before a range
 * starting that day), then by id, so the table, the charts and the slides agree.
 */
export function eventsByDate(events: Facts['doc']['events']): string[] {
  const span = (e: Facts['doc']['events'][string]) => [e.date ?? e.start!, e.date ?? e.end!] as const;
  return Object.keys(events).sort((a, b) => {
    const [sa, ea] = span(events[a]!);
    const [sb, eb] = span(events[b]!);
    return sa.localeCompare(sb) || ea.localeCompare(eb) || a.localeCompare(b);
  });
}

function tile(f: ResolvedFact, locale: string, number: (id: string) => number): Tile {
  const formatted = formatQuantity(f, locale);
  // The derived mark is part of the label's wording, settled here once for every format.
  return { factId: f.id, label: tileLabel(f) + (f.derived ? wordsFor(locale).derivedMark : ''), value: formatted.bare, qualifier: formatted.qualifier, period: f.period, derived: f.derived !== undefined, citations: f.sources.map(number) };
}

/**
 * A tile names its figure with the fact's short label, unless that label only names the
 * period (a chart category such as "2022" or "End of 2023"): beside the tile's period line it
 * would say nothing, so the full label is used instead.
 */
export function tileLabel(f: Pick<ResolvedFact, 'short' | 'label' | 'period'>): string {
  const bare = (s: string) => s.replace(/\(derived\)/gi, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return bare(f.short) === bare(f.period) ? f.label : f.short;
}

function sourceName(s: { title: string; publisher?: string | undefined; date: string }, locale: string): string {
  return wordsFor(locale).chartSourceName(s.publisher, s.title, formatDate(s.date, locale));
}

/**
 * The data templates may read directly, on null-prototype objects. Text from the facts file
 * enters as tokens (its text is inserted after parsing), so it prints literally; ids are
 * plain strings, checked by the schema's id pattern.
 */
function templateContext(facts: Facts, tokens: TokenTable, warnings: Diagnostic[]): unknown {
  const { doc } = facts;
  const m = doc.meta;
  const meta = Object.assign(dataObject(), {
    title: tokens.data(m.title, { kind: 'meta', id: 'title' }),
    subtitle: tokens.data(m.subtitle ?? '', { kind: 'meta', id: 'subtitle' }),
    date: tokens.data(formatDate(m.date, m.locale), { kind: 'date', id: 'meta.date' }),
    organisation: tokens.data(m.organisation ?? '', { kind: 'meta', id: 'organisation' }),
    author: tokens.data(m.author ?? '', { kind: 'meta', id: 'author' }),
    classification: tokens.data(m.classification ?? '', { kind: 'meta', id: 'classification' }),
  });
  const eventIds = Object.keys(doc.events);
  const people = Object.keys(doc.entities.people);
  const byDate = eventsByDate(doc.events);
  const grouping = groupFacts(facts);
  const topics = grouping.topics.map((t) =>
    Object.assign(dataObject(), {
      id: t.id,
      // The heading's anchor as print.md writes it ("# {{title}} {{anchor}}"): the same id in every edition.
      anchor: `{#${t.id}}`,
      title: tokens.data(t.title, { kind: 'topic', id: t.from.id || 'other' }),
      factIds: t.factIds,
      chartIds: t.chartIds,
    }),
  );
  // Charts in the order the default briefing places them: each topic's, then the timelines.
  const chartOrder = [...grouping.topics.flatMap((t) => t.chartIds), ...grouping.eventChartIds];
  const chartList = chartOrder.map((id) => {
    const c = doc.charts[id]!;
    return Object.assign(dataObject(), { id, factIds: [...c.facts, ...(c.annotate ? [c.annotate] : [])], eventIds: byDate.filter((e) => c.events.includes(e)) });
  });
  const context = Object.assign(dataObject(), {
    summaryFactIds: grouping.summaryFactIds,
    eventChartIds: grouping.eventChartIds,
    // A timeline chart makes the timeline slide redundant; a map does not (it shows places, not the whole order).
    timelineChartIds: grouping.eventChartIds.filter((id) => doc.charts[id]!.type === 'timeline'),
    chartList,
    eventIdsByDate: byDate,
    meta,
    charts: Object.keys(doc.charts),
    factIds: Object.keys(doc.facts),
    derivedIds: Object.keys(doc.derived),
    eventIds,
    keyFigureIds: [...doc.keyFigures],
    peopleIds: people,
    sourceIds: Object.keys(doc.sources),
    hasTimeline: eventIds.length > 0,
    hasPeople: people.length > 0 || Object.keys(doc.entities.organisations).length > 0,
  });
  // The topics' warnings (a heading not in the edition's language) concern only templates that
  // print the topics, so they are reported when a template reads them.
  let reported = false;
  Object.defineProperty(context, 'topics', {
    enumerable: true,
    get() {
      if (!reported) warnings.push(...grouping.warnings);
      reported = true;
      return topics;
    },
  });
  return context;
}

/**
 * A null-prototype object that still converts to a string: Handlebars' strict mode names the
 * object in its "not defined in …" message. The symbol key is out of templates' reach.
 */
function dataObject(): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  Object.defineProperty(o, Symbol.toPrimitive, { value: () => 'the template data', enumerable: false });
  return o;
}
