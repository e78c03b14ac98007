// Template helpers. Each returns a token (never fact text), so the block model is built from
// what the helpers registered, and fact values cannot inject structure.
import type Handlebars from 'handlebars';
import type { Facts } from '../facts/index.js';
import { formatDate, formatDatePhrase, formatDateRange, formatQuantity, joinList, wordsFor } from '../format/index.js';
import type { Block, DataRef, Inline, Slide, SlideKind } from './model.js';
import { EM_CLOSE, EM_OPEN, STRONG_CLOSE, STRONG_OPEN, TokenTable } from './inline.js';

/** What a reference argument must name; drives both the static check and the runtime lookup. */
export type RefKind = 'fact' | 'source' | 'entity' | 'person' | 'event' | 'chart';

export interface HelperSpec {
  /** Kinds of the positional string arguments that are ids. */
  refs: RefKind[];
  /** Kinds of hash arguments that are ids. */
  hashRefs?: Record<string, RefKind>;
  block?: boolean;
}

export const HELPERS: Record<string, HelperSpec> = {
  fact: { refs: ['fact'], hashRefs: { with: 'fact' } },
  label: { refs: ['fact'] },
  period: { refs: ['fact'] },
  cite: { refs: ['source'] },
  citeFact: { refs: ['fact'] },
  name: { refs: ['entity'] },
  role: { refs: ['person'] },
  when: { refs: ['event'] },
  places: { refs: ['event'] },
  names: { refs: ['entity', 'entity', 'entity', 'entity', 'entity', 'entity', 'entity', 'entity'] },
  sentence: { refs: ['fact'] },
  eventSentence: { refs: ['event'] },
  lead: { refs: [] },
  heading: { refs: [], block: true },
  em: { refs: [], block: true },
  strong: { refs: [], block: true },
  link: { refs: [] },
  section: { refs: [], block: true },
  summary: { refs: [], block: true },
  p: { refs: [], block: true },
  quote: { refs: [], hashRefs: { who: 'entity', source: 'source' }, block: true },
  note: { refs: [], block: true },
  chart: { refs: ['chart'] },
  keyFigures: { refs: [] },
  timeline: { refs: [] },
  people: { refs: [] },
  slide: { refs: [], hashRefs: { chart: 'chart' }, block: true },
  headline: { refs: [], block: true },
  notes: { refs: [], block: true },
};

/** A rendering problem with its place in the template (line and 1-based column). */
export class TemplateError extends Error {
  file?: string;
  constructor(
    message: string,
    readonly at?: { line: number; column: number },
  ) {
    super(message);
  }
}

/** Any error thrown while rendering -> a TemplateError located as precisely as we know. */
export function located(e: unknown, loc?: { start: { line: number; column: number } }): TemplateError {
  if (e instanceof TemplateError) return e;
  const err = e as Error & { lineNumber?: number; column?: number };
  // Handlebars' own errors end with " - line:column"; we report the place separately.
  const message = String(err.message ?? e).split('\n')[0]!.replace(/ - \d+:\d+$/, '');
  const friendly = message.replace(/^"(.+)" not defined in .*$/, '"$1" is neither a helper nor a value in the template data');
  if (typeof err.lineNumber === 'number') return new TemplateError(friendly, { line: err.lineNumber, column: (err.column ?? 0) + 1 });
  return new TemplateError(friendly, loc ? { line: loc.start.line, column: loc.start.column + 1 } : undefined);
}

export interface RenderState {
  tokens: TokenTable;
  sections: { id: string; title: string; blocks: Block[] }[];
  summary: Block[];
  slides: Slide[];
  /** Source ids in order of first citation; their index + 1 is the footnote number. */
  citationOrder: string[];
  usedFacts: Set<string>;
  /** The template file being rendered (a partial while it runs), for slides' origins. */
  file?: string;
  /** Slide under construction: headline/notes helpers fill it. */
  currentSlide?: { headline?: Inline[]; notes: Inline[][]; citations: Set<string> };
}

type Options = Handlebars.HelperOptions;

/**
 * This build's helpers, closed over its facts and render state. They are passed to the
 * (process-wide, cached) compiled templates as runtime options, so templates compile once
 * per process while every build gets helpers of its own.
 */
export function buildHelpers(facts: Facts, state: RenderState): Record<string, Handlebars.HelperDelegate> {
  const { doc } = facts;
  const locale = doc.meta.locale;
  const words = wordsFor(locale);
  const { tokens } = state;

  const citation = (sourceId: string): number => {
    let index = state.citationOrder.indexOf(sourceId);
    if (index < 0) {
      state.citationOrder.push(sourceId);
      index = state.citationOrder.length - 1;
    }
    state.currentSlide?.citations.add(sourceId);
    return index + 1;
  };
  const fact = (id: string) => {
    const f = facts.facts.get(id);
    if (!f) throw new Error(`unknown fact "${id}"`);
    state.usedFacts.add(id);
    f.sources.forEach((s) => state.currentSlide?.citations.add(s));
    return f;
  };
  const entityName = (id: string): string => {
    const e = doc.entities;
    const found = own(e.people, id) ?? own(e.organisations, id) ?? own(e.places, id);
    if (!found) throw new Error(`unknown person, organisation or place "${id}"`);
    return found.name;
  };
  const event = (id: string) => {
    const e = own(doc.events, id);
    if (!e) throw new Error(`unknown event "${id}"`);
    // A slide that prints an event's date or places rests on that event's source.
    state.currentSlide?.citations.add(e.source);
    return e;
  };
  const text = (s: string, ref: DataRef) => tokens.data(s, ref);
  const inner = (options: Options, context: unknown) => options.fn(context);
  const idOf = (value: unknown, what: string): string => {
    if (typeof value !== 'string') throw new Error(`expected ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} id (a string), got ${value === undefined ? 'nothing' : typeof value}`);
    return value;
  };

  const helpers: Record<string, Handlebars.HelperDelegate> = {
    fact(this: unknown, factId: unknown, options: Options) {
      const f = fact(idOf(factId, 'fact'));
      const formatted = formatQuantity(f, locale);
      let shown = options.hash.bare ? formatted.bare : formatted.text;
      if (options.hash.with !== undefined) {
        const other = fact(idOf(options.hash.with, 'fact'));
        shown += `${words.open}${formatQuantity(other, locale).bare}${other.derived ? words.derivedMark : ''}${words.close}`;
      }
      if (f.derived) shown += words.derivedMark;
      return tokens.span({ type: 'fact', factId: f.id, text: shown, derived: f.derived !== undefined });
    },
    // A fact as a sentence in the edition's language ("Label stood at more than 4,300 in 2023.",
    // "标签为4300多（2023年）。"), its citations after it, a derived fact followed by its note.
    sentence(factId: unknown) {
      const id = idOf(factId, 'fact');
      const f = fact(id);
      let shown = formatQuantity(f, locale).text;
      if (f.derived) shown += words.derivedMark;
      const parts = [
        words.figureSentence(
          text(f.label, { kind: 'label', id }),
          tokens.span({ type: 'fact', factId: id, text: shown, derived: f.derived !== undefined }),
          text(f.period, { kind: 'period', id }),
          f.period,
        ),
        ...f.sources.map((s) => tokens.span({ type: 'cite', number: citation(s), sourceId: s })),
      ];
      if (f.derived) parts.push(words.sentenceGap, text(f.derived.note, { kind: 'note', id }));
      return parts.join('');
    },
    // An event as a sentence: "3–5 May 2024: Title (Place A and Place B). What happened.[1]"
    eventSentence(eventId: unknown) {
      const eid = idOf(eventId, 'event');
      const e = event(eid);
      const [start, end] = [e.date ?? e.start!, e.date ?? e.end!];
      const places = e.places.map(entityName);
      const what = e.what.trim();
      return (
        words.eventSentence(
          text(formatDateRange(start, end, locale), { kind: 'date', id: eid }),
          text(e.title, { kind: 'event', id: eid }),
          places.length ? text(joinList(places, locale), { kind: 'places', id: eid }) : '',
          `${text(what, { kind: 'event', id: eid })}${words.stop(what)}`,
          e.note ? text(e.note, { kind: 'note', id: eid }) : '',
        ) + tokens.span({ type: 'cite', number: citation(e.source), sourceId: e.source })
      );
    },
    // The subtitle as the summary's opening sentence (a full stop added when it has none).
    lead() {
      const subtitle = doc.meta.subtitle?.trim();
      if (!subtitle) return '';
      return `${text(subtitle, { kind: 'meta', id: 'subtitle' })}${words.stop(subtitle)}`;
    },
    label: (factId: unknown) => text(fact(idOf(factId, 'fact')).label, { kind: 'label', id: String(factId) }),
    period: (factId: unknown) => text(fact(idOf(factId, 'fact')).period, { kind: 'period', id: String(factId) }),
    cite: (sourceId: unknown) => {
      const s = idOf(sourceId, 'source');
      if (!own(doc.sources, s)) throw new Error(`unknown source "${s}"`);
      return tokens.span({ type: 'cite', number: citation(s), sourceId: s });
    },
    citeFact: (factId: unknown) =>
      fact(idOf(factId, 'fact'))
        .sources.map((s) => tokens.span({ type: 'cite', number: citation(s), sourceId: s }))
        .join(''),
    name: (entityId: unknown) => text(entityName(idOf(entityId, 'entity')), { kind: 'name', id: String(entityId) }),
    names(...args: unknown[]) {
      const ids = args.slice(0, -1).map((a) => idOf(a, 'entity'));
      return text(joinList(ids.map(entityName), locale), { kind: 'name', id: ids.join(',') });
    },
    role(personId: unknown) {
      const pid = idOf(personId, 'person');
      const p = own(doc.entities.people, pid);
      if (!p) throw new Error(`unknown person "${pid}"`);
      return text(p.role, { kind: 'role', id: pid });
    },
    when(eventId: unknown, options: Options) {
      const eid = idOf(eventId, 'event');
      const e = event(eid);
      const [start, end] = [e.date ?? e.start!, e.date ?? e.end!];
      // prose=true gives the phrase for running text: "on 11 July 2023", "from 16 to 21 July 2023".
      const shown = options.hash.prose ? formatDatePhrase(start, end, locale) : formatDateRange(start, end, locale);
      return text(shown, { kind: 'date', id: eid });
    },
    places(eventId: unknown, options: Options) {
      const eid = idOf(eventId, 'event');
      const ids = event(eid).places;
      if (!options.hash.countries) return text(joinList(ids.map(entityName), locale), { kind: 'places', id: eid });
      // countries=true groups the places by country: "France (Paris) and Germany (Bonn and Kiel)".
      const groups = new Map<string, string[]>();
      for (const pid of ids) {
        const place = own(doc.entities.places, pid);
        const country = place?.country ?? '';
        groups.set(country, [...(groups.get(country) ?? []), entityName(pid)]);
      }
      const parts = [...groups].map(([country, names]) => (country ? `${country}${words.open}${joinList(names, locale)}${words.close}` : joinList(names, locale)));
      return text(joinList(parts, locale), { kind: 'places', id: eid });
    },
    heading(this: unknown, options: Options) {
      return tokens.block([{ type: 'heading', level: 2, text: tokens.plain(inner(options, this)) }]);
    },
    em(this: unknown, options: Options) {
      return `${EM_OPEN}${inner(options, this)}${EM_CLOSE}`;
    },
    strong(this: unknown, options: Options) {
      return `${STRONG_OPEN}${inner(options, this)}${STRONG_CLOSE}`;
    },
    link(label: unknown, url: unknown) {
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`link needs an http(s) URL, got ${JSON.stringify(url)}`);
      return tokens.span({ type: 'link', text: tokens.plain(String(label)), url });
    },
    section(this: unknown, title: unknown, options: Options) {
      const shown = tokens.plain(String(title ?? ''));
      const sectionId = typeof options.hash.id === 'string' ? options.hash.id : slug(shown);
      state.sections.push({ id: sectionId, title: shown, blocks: tokens.blocksOf(inner(options, this)) });
      return '';
    },
    summary(this: unknown, options: Options) {
      state.summary.push(...tokens.blocksOf(inner(options, this)));
      return '';
    },
    p(this: unknown, options: Options) {
      return tokens.block([{ type: 'paragraph', inlines: tokens.inlines(inner(options, this)) }]);
    },
    note(this: unknown, options: Options) {
      return tokens.block([{ type: 'note', inlines: tokens.inlines(inner(options, this)) }]);
    },
    quote(this: unknown, options: Options) {
      const attribution: Inline[] = [];
      if (options.hash.who !== undefined) {
        const who = idOf(options.hash.who, 'entity');
        attribution.push({ type: 'text', text: entityName(who), ref: { kind: 'name', id: who } });
      } else if (options.hash.by !== undefined) {
        // by="the report": words of the template naming an unnamed speaker.
        attribution.push({ type: 'text', text: tokens.plain(String(options.hash.by)) });
      }
      if (options.hash.source !== undefined) {
        const s = idOf(options.hash.source, 'source');
        if (!own(doc.sources, s)) throw new Error(`unknown source "${s}"`);
        attribution.push({ type: 'cite', number: citation(s), sourceId: s });
      }
      const block: Block = { type: 'quote', inlines: tokens.inlines(inner(options, this)) };
      if (attribution.length) block.attribution = attribution;
      // Quotes stay in their source's language (that of the facts file's own texts).
      if (facts.translated) block.lang = facts.translated.from;
      return tokens.block([block]);
    },
    chart(chartId: unknown) {
      const cid = idOf(chartId, 'chart');
      if (!own(doc.charts, cid)) throw new Error(`unknown chart "${cid}"`);
      return tokens.block([{ type: 'chart', chartId: cid }]);
    },
    keyFigures: () => tokens.block([{ type: 'keyFigures' }]),
    timeline: () => tokens.block([{ type: 'timeline' }]),
    people: () => tokens.block([{ type: 'people' }]),
    slide(this: unknown, options: Options) {
      const kind = String(options.hash.kind ?? 'bullets') as SlideKind;
      const chartId = options.hash.chart === undefined ? undefined : idOf(options.hash.chart, 'chart');
      if (chartId !== undefined && !own(doc.charts, chartId)) throw new Error(`unknown chart "${chartId}"`);
      state.currentSlide = { notes: [], citations: new Set() };
      if (chartId) {
        doc.charts[chartId]?.facts.forEach((f) => fact(f));
        doc.charts[chartId]?.events.forEach((e) => event(e));
      }
      const body = inner(options, this);
      const { headline, notes, citations } = state.currentSlide;
      state.currentSlide = undefined;
      const title = options.hash.title !== undefined ? tokens.plain(String(options.hash.title)) : chartId ? (doc.charts[chartId]?.title ?? '') : '';
      const slide: Slide = { kind, title, bullets: tokens.items(body), sourceLine: sourceLine([...citations]), notes };
      const loc = (options as Options & { loc?: { start: { line: number; column: number } } }).loc;
      if (state.file) slide.origin = { file: state.file, line: loc?.start.line ?? 0, column: loc ? loc.start.column + 1 : 0, path: '' };
      const cited = [...citations].filter((id) => own(doc.sources, id));
      if (cited.length) slide.sourceOrigins = cited.map((id) => ({ file: facts.file, ...facts.locate(['sources', id, 'title']), path: `sources.${id}.title` }));
      if (headline) slide.headline = headline;
      if (chartId) slide.chartId = chartId;
      state.slides.push(slide);
      return '';
    },
    headline(this: unknown, options: Options) {
      if (state.currentSlide) state.currentSlide.headline = tokens.inlines(inner(options, this));
      return '';
    },
    notes(this: unknown, options: Options) {
      if (state.currentSlide) state.currentSlide.notes = tokens.items(inner(options, this));
      return '';
    },
  };

  const sourceLine = (ids: string[]) => slideSourceLine(facts, ids);

  const wrapped: Record<string, Handlebars.HelperDelegate> = {};
  for (const [name, fn] of Object.entries(helpers)) {
    // Every helper's error carries the place of the call (options.loc is the call's position).
    wrapped[name] = function (this: unknown, ...args: unknown[]) {
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (e) {
        throw located(e, (args[args.length - 1] as Options & { loc?: { start: { line: number; column: number } } }).loc);
      }
    };
  }
  return wrapped;
}

/** The line at the foot of a slide naming the sources of what it shows. */
export function slideSourceLine(facts: Facts, ids: readonly string[]): string {
  const { doc } = facts;
  const locale = doc.meta.locale;
  const words = wordsFor(locale);
  const names = ids
    .map((id) => own(doc.sources, id))
    .filter((s) => s !== undefined)
    .map((s) => words.sourceName(s.publisher, s.title, formatDate(s.date, locale)));
  return names.length ? words.sourceLine(names) : '';
}

/** A record's own entry only: an id such as "constructor" must not find Object's members. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'section'
  );
}
