// Template helpers. Each returns a token (never fact text), so the block model is built from
// what the helpers registered, and fact values cannot inject structure.
import type Handlebars from 'handlebars';
import type { Facts } from '../facts/index.js';
import { formatDate, formatDateRange, formatQuantity, joinList } from '../format/index.js';
import type { Block, Inline, Slide, SlideKind } from './model.js';
import { EM_CLOSE, EM_OPEN, sanitise, STRONG_CLOSE, STRONG_OPEN, TokenTable } from './inline.js';

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

export interface RenderState {
  tokens: TokenTable;
  sections: { id: string; title: string; blocks: Block[] }[];
  summary: Block[];
  slides: Slide[];
  /** Source ids in order of first citation; their index + 1 is the footnote number. */
  citationOrder: string[];
  usedFacts: Set<string>;
  /** Slide under construction: headline/notes helpers fill it. */
  currentSlide?: { headline?: Inline[]; notes: Inline[][]; citations: Set<string> };
}

type Options = Handlebars.HelperOptions;

export function registerHelpers(hb: typeof Handlebars, facts: Facts, state: RenderState): void {
  const { doc } = facts;
  const locale = doc.meta.locale;
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
    const found = e.people[id] ?? e.organisations[id] ?? e.places[id];
    if (!found) throw new Error(`unknown person, organisation or place "${id}"`);
    return found.name;
  };
  const event = (id: string) => {
    const e = doc.events[id];
    if (!e) throw new Error(`unknown event "${id}"`);
    return e;
  };
  const text = (s: string) => tokens.span({ type: 'text', text: sanitise(s) });
  const inner = (options: Options, context: unknown) => options.fn(context);

  const helpers: Record<string, Handlebars.HelperDelegate> = {
    fact(this: unknown, id: string, options: Options) {
      const f = fact(id);
      const formatted = formatQuantity(f, locale);
      let shown = options.hash.bare ? formatted.bare : formatted.text;
      if (typeof options.hash.with === 'string') {
        const other = fact(options.hash.with);
        shown += ` (${formatQuantity(other, locale).bare})`;
      }
      return tokens.span({ type: 'fact', factId: id, text: shown, derived: f.derived !== undefined });
    },
    label: (id: string) => text(fact(id).label),
    period: (id: string) => text(fact(id).period),
    cite: (id: string) => tokens.span({ type: 'cite', number: citation(id), sourceId: id }),
    citeFact: (id: string) => fact(id).sources.map((s) => tokens.span({ type: 'cite', number: citation(s), sourceId: s })).join(''),
    name: (id: string) => text(entityName(id)),
    role(id: string) {
      const p = doc.entities.people[id];
      if (!p) throw new Error(`unknown person "${id}"`);
      return text(p.role);
    },
    when(id: string) {
      const e = event(id);
      return text(e.date ? formatDate(e.date, locale) : formatDateRange(e.start!, e.end!, locale));
    },
    places: (id: string) => text(joinList(event(id).places.map(entityName), locale)),
    em(this: unknown, options: Options) {
      return `${EM_OPEN}${inner(options, this)}${EM_CLOSE}`;
    },
    strong(this: unknown, options: Options) {
      return `${STRONG_OPEN}${inner(options, this)}${STRONG_CLOSE}`;
    },
    link(label: string, url: string) {
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error(`link needs an http(s) URL, got ${JSON.stringify(url)}`);
      return tokens.span({ type: 'link', text: sanitise(String(label)), url });
    },
    section(this: unknown, title: string, options: Options) {
      const id = typeof options.hash.id === 'string' ? options.hash.id : slug(title);
      state.sections.push({ id, title: sanitise(title), blocks: tokens.blocksOf(inner(options, this)) });
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
      if (typeof options.hash.who === 'string') attribution.push({ type: 'text', text: entityName(options.hash.who) });
      if (typeof options.hash.source === 'string') attribution.push({ type: 'cite', number: citation(options.hash.source), sourceId: options.hash.source });
      const block: Block = { type: 'quote', inlines: tokens.inlines(inner(options, this)) };
      if (attribution.length) block.attribution = attribution;
      return tokens.block([block]);
    },
    chart(id: string) {
      if (!doc.charts[id]) throw new Error(`unknown chart "${id}"`);
      return tokens.block([{ type: 'chart', chartId: id }]);
    },
    keyFigures: () => tokens.block([{ type: 'keyFigures' }]),
    timeline: () => tokens.block([{ type: 'timeline' }]),
    people: () => tokens.block([{ type: 'people' }]),
    slide(this: unknown, options: Options) {
      const kind = String(options.hash.kind ?? 'bullets') as SlideKind;
      const chartId = typeof options.hash.chart === 'string' ? options.hash.chart : undefined;
      state.currentSlide = { notes: [], citations: new Set() };
      if (chartId) doc.charts[chartId]?.facts.forEach((f) => fact(f));
      const body = inner(options, this);
      const { headline, notes, citations } = state.currentSlide;
      state.currentSlide = undefined;
      const title = options.hash.title ?? (chartId ? doc.charts[chartId]?.title : '');
      const slide: Slide = { kind, title: sanitise(String(title ?? '')), bullets: tokens.items(body), sourceLine: sourceLine([...citations]), notes };
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

  const sourceLine = (ids: string[]): string => {
    const names = ids.map((id) => doc.sources[id]).filter((s) => s !== undefined).map((s) => `${s.publisher ? `${s.publisher}, ` : ''}${s.title} (${formatDate(s.date, locale)})`);
    return names.length ? `Source: ${names.join('; ')}` : '';
  };

  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
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
