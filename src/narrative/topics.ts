// Grouping for the default briefing: which facts and charts go in which section, and which
// facts the summary states. Facts may carry a `topic`; without one a fact joins the topic of
// what it is computed from, paired with or charted with, and only what is left over goes to
// a catch-all section. Nothing here knows a subject: it reads the facts file's structure.
import type { Facts } from '../facts/index.js';

export interface Topic {
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
}

/** Chart types drawn from events rather than figures. */
const EVENT_CHART_TYPES: ReadonlySet<string> = new Set(['timeline', 'map']);

const OTHER = 'Other figures';
const ONLY = 'Figures';
const MAX_SUMMARY = 5;

export function groupFacts(facts: Facts): Grouping {
  const { doc } = facts;
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
      topic = { title: t.title, from: t.from, factIds: [], chartIds: [] };
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
  return {
    topics: topics.filter((t) => t.factIds.length > 0 || t.chartIds.length > 0),
    summaryFactIds,
    eventChartIds: Object.entries(doc.charts)
      .filter(([, c]) => EVENT_CHART_TYPES.has(c.type))
      .map(([id]) => id),
  };
}
