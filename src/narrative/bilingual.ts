// A parallel edition from two editions of the same briefing: each section's blocks in the
// first language, then the same section's blocks in the second (facing blocks, tagged with
// their language), headings and table cells in both, and slides with the headline in both
// languages over the body in the first. The two narratives come from one facts file, so their
// sections, slides and figures align by id and order.
import { BriefingInputError, error } from '../diagnostics/index.js';
import { inBoth as both, LANGUAGE_JOIN as JOIN } from '../format/index.js';
import type { Block, ChartSpec, Inline, Narrative, Section, Slide, Tagged } from './model.js';


/**
 * `first` and `second` merged into one narrative in `first`'s language. `file` names the
 * templates' origin for the error raised when the two editions do not align.
 */
export function mergeEditions(first: Narrative, second: Narrative, file: string): Narrative {
  const lang = second.meta.locale;
  const chartId = (id: string) => `${id}.${lang}`;
  // Key-figure tiles, the timeline and the people tables are set once, in both languages, so
  // the second language's copy of them is left out.
  const SHARED = new Set<Block['type']>(['keyFigures', 'timeline', 'people']);
  const tag = (blocks: readonly Block[]): Block[] =>
    blocks.filter((b) => !SHARED.has(b.type)).map((b) => ({ ...(b.type === 'chart' ? { ...b, chartId: chartId(b.chartId) } : b), lang }) as Tagged<Block>);

  const sectionsById = new Map(second.sections.map((s) => [s.id, s]));
  const unmatched = second.sections.filter((s) => !first.sections.some((f) => f.id === s.id)).map((s) => s.id);
  const missing = first.sections.filter((s) => !sectionsById.has(s.id)).map((s) => s.id);
  // Slides pair by position: the same kind showing the same chart.
  const showing = (s: Slide) => `${/^[aeiou]/i.test(s.kind) ? 'an' : 'a'} ${s.kind} slide${s.chartId ? ` of chart "${s.chartId}"` : ''}`;
  const unpaired = first.slides.flatMap((s, i) => {
    const o = second.slides[i];
    return o && (o.kind !== s.kind || o.chartId !== s.chartId) ? [`slide ${i + 1} is ${showing(s)} in ${first.meta.locale} but ${showing(o)} in ${lang}`] : [];
  });
  if (unmatched.length || missing.length || unpaired.length || first.slides.length !== second.slides.length) {
    const what = [...missing.map((id) => `section "${id}" has no ${lang} counterpart`), ...unmatched.map((id) => `section "${id}" exists only in ${lang}`), ...unpaired];
    if (first.slides.length !== second.slides.length) what.push(`${first.slides.length} slides in ${first.meta.locale} but ${second.slides.length} in ${lang}`);
    throw new BriefingInputError([error('BR623', { file }, `the ${first.meta.locale} and ${lang} editions do not align: ${what.join('; ')}`, 'give both template sets the same sections (same ids) and the same slides, in the same order')]);
  }

  const sections: Section[] = first.sections.map((s) => {
    const other = sectionsById.get(s.id)!;
    return { ...s, title: both(s.title, other.title), blocks: [...s.blocks, ...tag(other.blocks)] };
  });

  const slides: Slide[] = first.slides.map((s, i) => {
    const other = second.slides[i]!;
    const own = s.headline ?? [];
    const theirs = other.headline ?? [];
    const pair = (a: readonly Inline[], b: readonly Inline[]): Inline[] => (b.length ? [...a, ...(a.length ? [{ type: 'text' as const, text: JOIN }] : []), ...b] : [...a]);
    const headline = pair(own, theirs);
    // A title slide's subtitle is its body: in both languages too, like a headline.
    const joined = (bullets: readonly Inline[][]) => bullets.flatMap((b, j): Inline[] => (j ? [{ type: 'text', text: ' ' }, ...b] : b));
    const subtitle = s.kind === 'title' && !s.headline && !other.headline && other.bullets.length ? { bullets: [pair(joined(s.bullets), joined(other.bullets))] } : {};
    return { ...s, title: both(s.title, other.title), ...(headline.length ? { headline } : {}), ...subtitle };
  });

  const charts: ChartSpec[] = [...first.charts, ...second.charts.map((c) => ({ ...c, id: chartId(c.id) }))];
  const m = first.meta;
  const merged: Narrative = {
    ...first,
    meta: {
      ...m,
      secondLocale: lang,
      title: both(m.title, second.meta.title),
      // The date as each language prints it (cover, title slide, page footer).
      dateText: both(m.dateText, second.meta.dateText),
      ...(m.subtitle && second.meta.subtitle ? { subtitle: both(m.subtitle, second.meta.subtitle) } : {}),
      ...(m.organisation && second.meta.organisation ? { organisation: both(m.organisation, second.meta.organisation) } : {}),
      ...(m.classification && second.meta.classification ? { classification: both(m.classification, second.meta.classification) } : {}),
    },
    summary: [...first.summary, ...tag(second.summary)],
    sections,
    slides,
    keyFigures: first.keyFigures.map((t, i) => {
      const o = second.keyFigures[i] ?? t;
      return { ...t, label: both(t.label, o.label), period: both(t.period, o.period), qualifier: t.qualifier && o.qualifier ? both(t.qualifier, o.qualifier) : t.qualifier };
    }),
    timeline: first.timeline.map((t, i) => {
      const o = second.timeline[i] ?? t;
      return { ...t, dateText: both(t.dateText, o.dateText), title: both(t.title, o.title), what: both(t.what, o.what), placesText: both(t.placesText, o.placesText), ...(t.note ? { note: both(t.note, o.note ?? t.note) } : {}) };
    }),
    people: first.people.map((p, i) => {
      const o = second.people[i] ?? p;
      return { ...p, name: both(p.name, o.name), role: both(p.role, o.role), ...(p.organisation ? { organisation: both(p.organisation, o.organisation ?? p.organisation) } : {}) };
    }),
    organisations: first.organisations.map((org, i) => {
      const o = second.organisations[i] ?? org;
      return { ...org, name: both(org.name, o.name), ...(org.description ? { description: both(org.description, o.description ?? org.description) } : {}) };
    }),
    charts,
  };
  if (first.changes && second.changes) {
    // What changed is listed once, in the first language; a second-language chart whose figures
    // changed is marked like its first-language twin, in its own words.
    const charts = Object.fromEntries(Object.entries(second.changes.charts).map(([id, words]) => [chartId(id), words]));
    merged.changes = { ...first.changes, charts: { ...first.changes.charts, ...charts } };
  }
  if (second.translationNote) merged.translationNote = second.translationNote;
  return merged;
}
