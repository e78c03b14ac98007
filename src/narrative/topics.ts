// Grouping for the default briefing: which facts and charts go in which section, and which
// facts the summary states. Facts may carry a `topic`; without one a fact joins the topic of
// what it is computed from, paired with or charted with, and only what is left over goes to
// a catch-all section. Nothing here knows a subject: it reads the facts file's structure.
// The grouping and the section ids are read from the file's own language, so every edition of
// one file has the same sections with the same ids (a bilingual edition pairs them by id);
// only the headings are the edition's.
import { warning, type Diagnostic } from '../diagnostics/index.js';
import type { Facts } from '../facts/index.js';
import { wordsFor } from '../format/index.js';
import { slug } from './helpers.js';

export interface Topic {
  /** The section's anchor, the same in every edition: the slug of its heading in the file's language. */
  id: string;
  /** The section heading: a topic from the facts file, a chart's title, or the catch-all. */
  title: string;
  /** Where the title came from, so the heading can be traced (a chart title or a fact's topic). */
  from: { kind: 'topic' | 'chart' | 'none'; id: string };
  /** Facts the section states in prose (summary facts are stated there instead). */
  factIds: string[];
  /** Charts of figures placed in this section. */
  chartIds: string[];
}

export interface Grouping {
  topics: Topic[];
  /** Facts the summary paragraph states: the key figures, or else the first of each topic. */
  summaryFactIds: string[];
  /** Charts of events (timelines and itinerary maps): they go with the timeline, not with a topic. */
  eventChartIds: string[];
  /** A topic with no heading in the edition's language (BR624), one per topic. */
  warnings: Diagnostic[];
}

/** Chart types drawn from events rather than figures. */
const EVENT_CHART_TYPES: ReadonlySet<string> = new Set(['timeline', 'map']);

const MAX_SUMMARY = 5;

export function groupFacts(facts: Facts): Grouping {
  // Grouped by the file's own texts; `doc` (this edition's) gives only the headings.
  const doc = facts.ownDoc ?? facts.doc;
  const edition = facts.doc;
  const words = wordsFor(edition.meta.locale);
  const own = wordsFor(doc.meta.locale);
  const [OTHER, ONLY] = [own.otherFigures, own.figures];
  const ids = [...facts.facts.keys()];
  const topicOf = new Map<string, { title: string; from: Topic['from'] }>();
  const given = (id: string) => (Object.hasOwn(doc.facts, id) ? doc.facts[id]!.topic : Object.hasOwn(doc.derived, id) ? doc.derived[id]!.topic : undefined);
  for (const id of ids) {
    const t = given(id);
    if (t) topicOf.set(id, { title: t, from: { kind: 'topic', id } });
  }
  const figureCharts = Object.entries(doc.charts).filter(([, c]) => !EVENT_CHART_TYPES.has(c.type));
  // Repeat until nothing changes: a derived fact joins its inputs, a fact joins its chart, an
  // equivalent joins its pair (each pass can only add, so this ends).
  for (let changed = true; changed; ) {
    changed = false;
    const join = (id: string, t: { title: string; from: Topic['from'] } | undefined) => {
      if (t && !topicOf.has(id)) {
        topicOf.set(id, t);
        changed = true;
      }
    };
    for (const id of ids) {
      const inputs = facts.facts.get(id)!.derived?.inputs ?? [];
      join(id, inputs.map((i) => topicOf.get(i)).find((t) => t !== undefined));
    }
    for (const [chartId, c] of figureCharts) {
      const members = [...c.facts, ...(c.annotate ? [c.annotate] : [])];
      const known = members.map((f) => topicOf.get(f)).find((t) => t !== undefined);
      for (const f of members) join(f, known ?? { title: c.title, from: { kind: 'chart', id: chartId } });
    }
    for (const eq of doc.equivalents) {
      const [a, b] = eq.facts;
      join(a, topicOf.get(b));
      join(b, topicOf.get(a));
      join(eq.rate, topicOf.get(a) ?? topicOf.get(b));
    }
  }
  const anyTopic = topicOf.size > 0;
  const topics: Topic[] = [];
  const byTitle = new Map<string, Topic>();
  const topicFor = (id: string): Topic => {
    const t = topicOf.get(id) ?? { title: anyTopic ? OTHER : ONLY, from: { kind: 'none' as const, id: '' } };
    let topic = byTitle.get(t.title);
    if (!topic) {
      topic = { id: t.from.kind === 'none' ? (anyTopic ? 'other-figures' : 'figures') : anchorId(t.title), title: t.title, from: t.from, factIds: [], chartIds: [] };
      byTitle.set(t.title, topic);
      topics.push(topic);
    }
    return topic;
  };
  // The summary states the key figures (or the first fact of each topic); the sections the rest,
  // so each figure is in prose once.
  const firstOfTopic = new Map<string, string>();
  for (const id of ids) {
    const title = topicOf.get(id)?.title ?? '';
    if (!firstOfTopic.has(title)) firstOfTopic.set(title, id);
  }
  const summaryFactIds = doc.keyFigures.length ? [...doc.keyFigures] : [...firstOfTopic.values()].slice(0, MAX_SUMMARY);
  for (const id of ids) {
    const topic = topicFor(id);
    if (!summaryFactIds.includes(id)) topic.factIds.push(id);
  }
  for (const [chartId, c] of figureCharts) {
    const first = [...c.facts, ...(c.annotate ? [c.annotate] : [])][0];
    (first ? topicFor(first) : topicFor('')).chartIds.push(chartId);
  }
  // The catch-all section goes last.
  const other = topics.findIndex((t) => t.from.kind === 'none');
  if (other >= 0 && other < topics.length - 1) topics.push(...topics.splice(other, 1));
  const shown = topics.filter((t) => t.factIds.length > 0 || t.chartIds.length > 0);
  const warnings: Diagnostic[] = [];
  if (edition !== doc) {
    for (const t of shown) {
      const heading = editionHeading(facts, t, anyTopic ? words.otherFigures : words.figures);
      if (heading.warn) warnings.push(heading.warn);
      t.title = heading.title;
    }
  }
  unique(shown);
  return {
    topics: shown,
    summaryFactIds,
    eventChartIds: Object.entries(doc.charts)
      .filter(([, c]) => EVENT_CHART_TYPES.has(c.type))
      .map(([id]) => id),
    warnings,
  };
}

/**
 * A section's heading in an edition in another language than the file's: the topic's own
 * translation, the chart's translated title, the catch-all's words; a topic written in one
 * language only is headed by the translated title of its first chart or the translated label
 * of its first figure, with a warning at the topic (never a heading in the wrong language).
 */
function editionHeading(facts: Facts, t: Topic, catchAll: string): { title: string; warn?: Diagnostic } {
  const doc = facts.doc;
  if (t.from.kind === 'none') return { title: catchAll };
  if (t.from.kind === 'chart') return { title: doc.charts[t.from.id]!.title };
  const group = Object.hasOwn(doc.facts, t.from.id) ? 'facts' : 'derived';
  const given = group === 'facts' ? doc.facts[t.from.id]?.topic : doc.derived[t.from.id]?.topic;
  if (given) return { title: given };
  const chart = t.chartIds[0];
  const first = [...t.factIds][0];
  const title = chart ? doc.charts[chart]!.title : first ? facts.facts.get(first)!.label : t.title;
  const path = [group, t.from.id, 'topic'];
  return {
    title,
    warn: warning(
      'BR624',
      { file: facts.file, ...facts.locate(path), path: path.join('.') },
      `the topic "${t.title}" has no ${doc.meta.locale} text, so its section is headed "${title}"`,
      `write the topic as { ${facts.ownDoc?.meta.locale ?? 'en-GB'}: …, ${doc.meta.locale}: … } on each fact that names it`,
    ),
  };
}

/** A heading's slug as an anchor ({#id} starts with a letter): "2023 results" -> "section-2023-results". */
function anchorId(title: string): string {
  const s = slug(title);
  return /^[a-z]/.test(s) ? s : `section-${s}`;
}

/** Ids made unique (two headings may slug alike): the second "trade" becomes "trade-2". */
function unique(topics: Topic[]): void {
  const seen = new Map<string, number>();
  for (const t of topics) {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    if (n > 1) t.id = `${t.id}-${n}`;
  }
}
