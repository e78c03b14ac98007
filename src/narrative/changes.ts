// "What changed since the earlier edition": the diff stage's result (src/diff), turned into the
// narrative's words once, so that every format shows the same rows and every changed figure in
// the body carries the same note. No comparing happens here: the diff is the only judge of
// what changed; this file only words it and finds where the changed figures are printed.
import type { BriefingDiff, ChartChange, EventChange, FactChange, FactSide, SourceRef } from '../diff/index.js';
import { formatDate, formatNumber } from '../format/index.js';
import type { Block, ChangeRow, Changes, Inline, Narrative } from './model.js';

const FIELD_WORDS: Record<string, string> = {
  value: 'figure',
  unit: 'unit',
  scale: 'scale',
  qualifier: 'qualifier',
  period: 'period',
  label: 'label',
  source: 'source',
  quote: 'quoted passage',
  formula: 'formula',
  date: 'dates',
  title: 'title',
  what: 'description',
  places: 'places',
  who: 'people',
  planned: 'planned or held',
  type: 'chart type',
  facts: 'charted facts',
  events: 'charted events',
  annotate: 'annotation',
  data: 'data',
};

const words = (fields: readonly string[]) => fields.map((f) => FIELD_WORDS[f] ?? f).join(', ');
const cite = (sources: readonly SourceRef[], locale: string) => sources.map((s) => [s.title, s.date && formatDate(s.date, locale)].filter(Boolean).join(', ')).join('; ');
const shown = (s: FactSide) => `${s.text}, ${s.period}`;

function percent(relative: number, locale: string): string {
  const pct = relative * 100;
  const digits = Math.abs(pct) < 10 ? 1 : 0;
  return `${pct >= 0 ? '+' : '−'}${formatNumber(Math.abs(Number(pct.toFixed(digits))), locale, digits)}%`;
}

function factRow(c: FactChange, locale: string, number: (id: string) => number): Omit<ChangeRow, 'phrase'> {
  const side = c.new ?? c.old!;
  return {
    what: 'fact',
    kind: c.kind,
    id: c.id,
    label: side.label,
    before: c.old ? shown(c.old) : '',
    now: c.new ? shown(c.new) + (c.relative !== undefined && c.fields.includes('value') ? ` (${percent(c.relative, locale)})` : '') : 'removed',
    detail: c.kind === 'changed' ? words(c.fields) : c.kind === 'added' ? 'new in this edition' : 'no longer in this edition',
    source: cite(side.sources, locale),
    citations: c.new ? c.new.sources.map((s) => number(s.id)).filter((n) => n > 0) : [],
  };
}

function eventRow(c: EventChange, sourceOf: (id: string) => string, number: (id: string) => number): Omit<ChangeRow, 'phrase'> {
  const side = c.new ?? c.old!;
  const where = (s: NonNullable<EventChange['new']>) => `${s.when}${s.places.length ? `, ${s.places.join(', ')}` : ''}`;
  return {
    what: 'event',
    kind: c.kind,
    id: c.id,
    label: side.title,
    before: c.old ? where(c.old) : '',
    now: c.new ? where(c.new) : 'removed',
    detail: c.kind === 'added' ? 'new in this edition' : c.kind === 'removed' ? 'no longer in this edition' : words(c.fields),
    source: sourceOf(side.source),
    citations: c.new && number(c.new.source) > 0 ? [number(c.new.source)] : [],
  };
}

function chartRow(c: ChartChange, labels: (ids: readonly string[]) => string): Omit<ChangeRow, 'phrase'> {
  const through = c.changedFacts.length ? ` with the new figure${c.changedFacts.length > 1 ? 's' : ''} for ${labels(c.changedFacts)}` : '';
  return {
    what: 'chart',
    kind: c.kind,
    id: c.id,
    label: c.title,
    before: '',
    now: c.kind === 'removed' ? 'removed' : c.kind === 'added' ? 'new chart' : `redrawn${through}`,
    detail: c.kind === 'changed' ? words(c.fields) : c.kind === 'added' ? 'new in this edition' : 'no longer in this edition',
    source: '',
    citations: [],
  };
}

/** The one-line summary: how many of each kind of change ("facts: 2 changed, 1 added; events: 1 moved"). */
function summaryOf(d: BriefingDiff): string {
  const tally = (list: readonly { kind: string }[], kinds: readonly string[]) =>
    kinds
      .map((k) => [k, list.filter((x) => x.kind === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
  const parts = [
    ['facts', tally(d.facts, ['changed', 'added', 'removed'])],
    ['events', tally(d.events, ['moved', 'changed', 'added', 'removed'])],
    ['charts', tally(d.charts, ['changed', 'added', 'removed'])],
  ].filter(([, t]) => t);
  return parts.length ? parts.map(([what, t]) => `${what}: ${t}`).join('; ') : 'no facts, events or charts changed';
}

function phraseOf(r: Omit<ChangeRow, 'phrase'>): string {
  if (r.kind === 'added') return `new: ${r.now}`;
  if (r.kind === 'removed') return `no longer listed (was ${r.before || 'in the earlier edition'})`;
  return r.before ? `${r.before} → ${r.now}` : r.now;
}

export interface ChangesResult {
  changes: Changes;
  /** Fact id → what changed, in words, for every fact printed with a different figure. */
  facts: Map<string, string>;
  events: Map<string, string>;
}

/**
 * Words the diff for this briefing. `number` gives a source's citation number in this
 * briefing (0 when it is not listed, e.g. a source only the earlier edition had).
 */
export function describeChanges(d: BriefingDiff, locale: string, number: (id: string) => number, sourceTitle: (id: string) => string | undefined): ChangesResult {
  const sinceText = formatDate(d.old.date, locale);
  const since = `since the edition of ${sinceText}`;
  const labelOf = new Map(d.facts.map((f) => [f.id, (f.new ?? f.old)!.label]));
  const labels = (ids: readonly string[]) => ids.map((id) => labelOf.get(id) ?? id).join('; ');
  const rows: ChangeRow[] = [
    ...d.facts.map((c) => factRow(c, locale, number)),
    ...d.events.map((c) => eventRow(c, (id) => sourceTitle(id) ?? id, number)),
    ...d.charts.map((c) => chartRow(c, labels)),
  ].map((r) => ({ ...r, phrase: phraseOf(r) }));
  const facts = new Map<string, string>();
  for (const c of d.facts) {
    if (c.kind === 'changed') facts.set(c.id, `changed ${since}: was ${shown(c.old!)}`);
    else if (c.kind === 'added') facts.set(c.id, `new ${since}`);
  }
  const events = new Map<string, string>();
  for (const c of d.events) {
    if (c.kind === 'moved') events.set(c.id, `moved ${since}: was ${c.old!.when}`);
    else if (c.kind === 'changed') events.set(c.id, `changed ${since} (${words(c.fields)})`);
    else if (c.kind === 'added') events.set(c.id, `new ${since}`);
  }
  const charts: Record<string, string> = {};
  for (const c of d.charts) {
    if (c.kind === 'changed') charts[c.id] = `chart changed ${since}${c.changedFacts.length ? `: new figure${c.changedFacts.length > 1 ? 's' : ''} for ${labels(c.changedFacts)}` : ` (${words(c.fields)})`}`;
    else if (c.kind === 'added') charts[c.id] = `chart new ${since}`;
  }
  return { changes: { sinceText, summaryText: summaryOf(d), rows, charts }, facts, events };
}

function markInlines(list: readonly Inline[], facts: ReadonlyMap<string, string>): Inline[] {
  return list.map((i) => (i.type === 'fact' && facts.has(i.factId) ? { ...i, change: facts.get(i.factId)! } : i));
}

function markBlock(b: Block, facts: ReadonlyMap<string, string>): Block {
  switch (b.type) {
    case 'paragraph':
    case 'note':
      return { ...b, inlines: markInlines(b.inlines, facts) };
    case 'list':
      return { ...b, items: b.items.map((item) => markInlines(item, facts)) };
    case 'quote':
      return { ...b, inlines: markInlines(b.inlines, facts), ...(b.attribution ? { attribution: markInlines(b.attribution, facts) } : {}) };
    default:
      return b;
  }
}

/**
 * The narrative with the changes in it: the rows, a note on every printed figure, tile and
 * timeline entry that changed, and a "What changed" slide after the opening title (and
 * agenda) slides.
 */
export function withChanges(n: Narrative, described: ChangesResult): Narrative {
  const { changes, facts, events } = described;
  const slides = [...n.slides];
  let at = 0;
  while (at < slides.length && (slides[at]!.kind === 'title' || slides[at]!.kind === 'agenda')) at++;
  const sources = [...new Set(changes.rows.filter((r) => r.kind !== 'removed' && r.source).map((r) => r.source))];
  slides.splice(at, 0, {
    kind: 'changes',
    title: 'What changed',
    headline: [{ type: 'text', text: `Since the edition of ${changes.sinceText}: ${changes.summaryText}` }],
    bullets: [],
    sourceLine: sources.length ? `New figures: ${sources.join('; ')}` : '',
    // The slide lists every change; the notes add where the new figures come from, kept
    // short so they fit the notes page whatever the number of changes.
    notes: [
      [{ type: 'text', text: `Changes since the edition of ${changes.sinceText}: ${changes.summaryText}.` }],
      ...(sources.length ? [[{ type: 'text' as const, text: `The new figures come from ${sources.join('; ')}.` }]] : []),
    ],
  });
  return {
    ...n,
    changes,
    summary: n.summary.map((b) => markBlock(b, facts)),
    sections: n.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => markBlock(b, facts)) })),
    slides: slides.map((s) => ({ ...s, bullets: s.bullets.map((b) => markInlines(b, facts)), ...(s.headline ? { headline: markInlines(s.headline, facts) } : {}) })),
    keyFigures: n.keyFigures.map((t) => (facts.has(t.factId) ? { ...t, change: facts.get(t.factId)! } : t)),
    timeline: n.timeline.map((t) => (events.has(t.eventId) ? { ...t, change: events.get(t.eventId)! } : t)),
  };
}
