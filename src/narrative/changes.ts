// "What changed since the earlier edition": the diff stage's result (src/diff), turned into the
// narrative's words once, so that every format shows the same rows and every changed figure in
// the body carries the same note. No comparing happens here: the diff is the only judge of
// what changed; this file only words it and finds where the changed figures are printed.
import type { BriefingDiff, ChartChange, EventChange, FactChange, FactSide, SourceRef } from '../diff/index.js';
import { formatDate, formatNumber, wordsFor, type ChangeKind, type ChangeWords } from '../format/index.js';
import type { Block, ChangeRow, Changes, Inline, Narrative } from './model.js';

const percent = (relative: number, locale: string): string => {
  const pct = relative * 100;
  const digits = Math.abs(pct) < 10 ? 1 : 0;
  return `${pct >= 0 ? '+' : '−'}${formatNumber(Math.abs(Number(pct.toFixed(digits))), locale, digits)}%`;
};

/** The rows, notes and slide are worded in `locale` (the edition's language) through its words. */
function rowsOf(d: BriefingDiff, locale: string, number: (id: string) => number, sourceTitle: (id: string) => string): Omit<ChangeRow, 'phrase'>[] {
  const w = wordsFor(locale);
  const cw = w.changes;
  const cite = (sources: readonly SourceRef[]) => cw.sources(sources.map((s) => cw.source(s.title, s.date && formatDate(s.date, locale))));
  const shown = (s: FactSide) => cw.shown(s.text, s.period);
  const detail = (kind: string, fields: readonly string[]) => (kind === 'added' ? cw.newHere : kind === 'removed' ? cw.goneHere : cw.fields(fields));
  const labelOf = new Map(d.facts.map((f) => [f.id, (f.new ?? f.old)!.label]));
  const factRow = (c: FactChange): Omit<ChangeRow, 'phrase'> => {
    const side = c.new ?? c.old!;
    return {
      what: 'fact',
      kind: c.kind,
      id: c.id,
      label: side.label,
      before: c.old ? shown(c.old) : '',
      now: c.new ? shown(c.new) + (c.relative !== undefined && c.fields.includes('value') ? `${w.open}${percent(c.relative, locale)}${w.close}` : '') : cw.removed,
      detail: detail(c.kind, c.fields),
      source: cite(side.sources),
      citations: c.new ? c.new.sources.map((s) => number(s.id)).filter((n) => n > 0) : [],
    };
  };
  const eventRow = (c: EventChange): Omit<ChangeRow, 'phrase'> => {
    const side = c.new ?? c.old!;
    const where = (s: NonNullable<EventChange['new']>) => cw.eventWhere(s.when, s.places);
    return {
      what: 'event',
      kind: c.kind,
      id: c.id,
      label: side.title,
      before: c.old ? where(c.old) : '',
      now: c.new ? where(c.new) : cw.removed,
      detail: detail(c.kind, c.fields),
      source: sourceTitle(side.source),
      citations: c.new && number(c.new.source) > 0 ? [number(c.new.source)] : [],
    };
  };
  const chartRow = (c: ChartChange): Omit<ChangeRow, 'phrase'> => ({
    what: 'chart',
    kind: c.kind,
    id: c.id,
    label: c.title,
    before: '',
    now: c.kind === 'removed' ? cw.removed : c.kind === 'added' ? cw.newChart : cw.redrawn(c.changedFacts.map((id) => labelOf.get(id) ?? id)),
    detail: detail(c.kind, c.fields),
    source: '',
    citations: [],
  });
  return [...d.facts.map(factRow), ...d.events.map(eventRow), ...d.charts.map(chartRow)];
}

/** The one-line summary: how many of each kind of change ("facts: 2 changed, 1 added; events: 1 moved"). */
function summaryOf(d: BriefingDiff, cw: ChangeWords): string {
  const tally = (list: readonly { kind: ChangeKind }[], kinds: readonly ChangeKind[]) => kinds.map((k) => [k, list.filter((x) => x.kind === k).length] as const).filter(([, n]) => n > 0);
  const parts = [
    { what: 'facts' as const, counts: tally(d.facts, ['changed', 'added', 'removed']) },
    { what: 'events' as const, counts: tally(d.events, ['moved', 'changed', 'added', 'removed']) },
    { what: 'charts' as const, counts: tally(d.charts, ['changed', 'added', 'removed']) },
  ].filter((p) => p.counts.length);
  return cw.tally(parts);
}

function phraseOf(r: Omit<ChangeRow, 'phrase'>, cw: ChangeWords): string {
  if (r.kind === 'added') return cw.phraseAdded(r.now);
  if (r.kind === 'removed') return cw.phraseRemoved(r.before);
  return r.before ? `${r.before} → ${r.now}` : r.now;
}

export interface ChangesResult {
  changes: Changes;
  /** Fact id → what changed, in words, for every fact printed with a different figure. */
  facts: Map<string, string>;
  events: Map<string, string>;
}

/**
 * Words the diff for this briefing, in `locale`. `number` gives a source's citation number in
 * this briefing (0 when it is not listed, e.g. a source only the earlier edition had).
 */
export function describeChanges(d: BriefingDiff, locale: string, number: (id: string) => number, sourceTitle: (id: string) => string | undefined): ChangesResult {
  const cw = wordsFor(locale).changes;
  const sinceText = formatDate(d.old.date, locale);
  const labelOf = new Map(d.facts.map((f) => [f.id, (f.new ?? f.old)!.label]));
  const rows: ChangeRow[] = rowsOf(d, locale, number, (id) => sourceTitle(id) ?? id).map((r) => ({ ...r, phrase: phraseOf(r, cw) }));
  const facts = new Map<string, string>();
  for (const c of d.facts) {
    if (c.kind === 'changed') facts.set(c.id, cw.factChanged(sinceText, cw.shown(c.old!.text, c.old!.period)));
    else if (c.kind === 'added') facts.set(c.id, cw.isNew(sinceText));
  }
  const events = new Map<string, string>();
  for (const c of d.events) {
    if (c.kind === 'moved') events.set(c.id, cw.eventMoved(sinceText, c.old!.when));
    else if (c.kind === 'changed') events.set(c.id, cw.eventChanged(sinceText, cw.fields(c.fields)));
    else if (c.kind === 'added') events.set(c.id, cw.isNew(sinceText));
  }
  const charts: Record<string, string> = {};
  for (const c of d.charts) {
    if (c.kind === 'changed') charts[c.id] = cw.chartChanged(sinceText, c.changedFacts.map((id) => labelOf.get(id) ?? id), cw.fields(c.fields));
    else if (c.kind === 'added') charts[c.id] = cw.chartNew(sinceText);
  }
  return { changes: { sinceText, summaryText: summaryOf(d, cw), rows, charts }, facts, events };
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
  const cw = wordsFor(n.meta.locale).changes;
  const slides = [...n.slides];
  let at = 0;
  while (at < slides.length && (slides[at]!.kind === 'title' || slides[at]!.kind === 'agenda')) at++;
  const sources = [...new Set(changes.rows.filter((r) => r.kind !== 'removed' && r.source).map((r) => r.source))];
  slides.splice(at, 0, {
    kind: 'changes',
    title: cw.title,
    headline: [{ type: 'text', text: cw.headline(changes.sinceText, changes.summaryText) }],
    bullets: [],
    sourceLine: sources.length ? cw.newFigures(sources) : '',
    // The slide lists every change; the notes add where the new figures come from, kept
    // short so they fit the notes page whatever the number of changes.
    notes: [
      [{ type: 'text', text: cw.notes(changes.sinceText, changes.summaryText) }],
      ...(sources.length ? [[{ type: 'text' as const, text: cw.notesSources(sources) }]] : []),
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
