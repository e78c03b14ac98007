// Wording settled before layout, once for every format: typographic quotes and apostrophes
// in everything the reader sees (print, slides, speaker notes, the editable deck, and the
// words that travel with each chart), so no layout decides its own wording.
import type { ChartGraphic, ChartGraphics } from '../graphics/index.js';
import type { Block, Inline, Narrative, Slide } from '../narrative/index.js';
import { typographic } from './text.js';

// The wording settled for a narrative object and its charts: a build lays out print, slides and
// notes from the same two objects, and the wording is the same for each. Held only as long as
// the narrative object lives (one build), so nothing carries over between builds.
const settled = new WeakMap<Narrative, { charts: ChartGraphics; result: { narrative: Narrative; charts: ChartGraphics } }>();

/** The narrative and chart words as they are set: straight quotes in the data become “…”, ‘…’ and ’. */
export function settleWording(n: Narrative, charts: ChartGraphics): { narrative: Narrative; charts: ChartGraphics } {
  const known = settled.get(n);
  if (known && known.charts === charts) return known.result;
  const result = { narrative: typeset(n), charts: new Map([...charts].map(([id, chart]) => [id, typesetChart(chart)])) };
  settled.set(n, { charts, result });
  return result;
}

const t = (s: string) => typographic(s);

/** Inline runs, each quote deciding open or close from the text before it, across runs. */
function inlines(list: readonly Inline[]): Inline[] {
  let before = '';
  return list.map((i) => {
    const out: Inline = i.type === 'text' ? { ...i, text: typographic(i.text, before) } : i;
    if (out.type !== 'cite' && out.text) before = out.text.slice(-1);
    return out;
  });
}

function block(b: Block): Block {
  switch (b.type) {
    case 'heading':
      return { ...b, text: t(b.text) };
    case 'paragraph':
    case 'note':
      return { ...b, inlines: inlines(b.inlines) };
    case 'list':
      return { ...b, items: b.items.map(inlines) };
    case 'quote':
      return { ...b, inlines: inlines(b.inlines), ...(b.attribution ? { attribution: inlines(b.attribution) } : {}) };
    default:
      return b;
  }
}

function slide(s: Slide): Slide {
  return { ...s, title: t(s.title), bullets: s.bullets.map(inlines), notes: s.notes.map(inlines), sourceLine: t(s.sourceLine), ...(s.headline ? { headline: inlines(s.headline) } : {}) };
}

function typesetChart(c: ChartGraphic): ChartGraphic {
  const out: ChartGraphic = { ...c, title: t(c.title), unitCaption: t(c.unitCaption), sourceLine: t(c.sourceLine), alt: t(c.alt) };
  if (c.note !== undefined) out.note = t(c.note);
  return out;
}

function typeset(n: Narrative): Narrative {
  const opt = (s: string | undefined) => (s === undefined ? undefined : typographic(s));
  const meta = { ...n.meta, title: t(n.meta.title) };
  for (const key of ['subtitle', 'organisation', 'author', 'classification'] as const) {
    const v = opt(n.meta[key]);
    if (v !== undefined) meta[key] = v;
  }
  return {
    ...n,
    meta,
    summary: n.summary.map(block),
    sections: n.sections.map((s) => ({ ...s, title: t(s.title), blocks: s.blocks.map(block) })),
    slides: n.slides.map(slide),
    keyFigures: n.keyFigures.map((k) => ({ ...k, label: t(k.label), qualifier: t(k.qualifier), period: t(k.period) })),
    timeline: n.timeline.map((e) => ({ ...e, title: t(e.title), what: t(e.what), placesText: t(e.placesText), ...(e.note !== undefined ? { note: t(e.note) } : {}) })),
    people: n.people.map((p) => ({ ...p, name: t(p.name), role: t(p.role), ...(p.organisation !== undefined ? { organisation: t(p.organisation) } : {}) })),
    organisations: n.organisations.map((o) => ({ ...o, name: t(o.name), kind: t(o.kind), ...(o.description !== undefined ? { description: t(o.description) } : {}) })),
    sources: n.sources.map((s) => ({ ...s, title: t(s.title), quotes: s.quotes.map(t), ...(s.publisher !== undefined ? { publisher: t(s.publisher) } : {}) })),
    ...(n.changes ? { changes: { ...n.changes, rows: n.changes.rows.map((r) => ({ ...r, label: t(r.label), before: t(r.before), now: t(r.now), phrase: t(r.phrase), source: t(r.source) })) } } : {}),
  };
}
