// Cross-checks over a schema-valid document. Each check adds located diagnostics; all are
// run and reported together so one pass over the file fixes everything.
import type { BriefingDocument } from './schema.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { absoluteValue, SCALE_FACTOR, type ResolvedFact } from './model.js';
import { evaluate, FormulaError, parseFormula, references, type Expr } from './formula.js';
import { closest } from './suggest.js';

type Locate = (path: readonly (string | number)[], at?: 'key' | 'value') => { line: number; column: number };

export interface CheckContext {
  file: string;
  locate: Locate;
  sourceTexts: ReadonlyMap<string, string>;
}

export interface CheckResult {
  facts: Map<string, ResolvedFact>;
  diagnostics: Diagnostic[];
}

export function checkDocument(doc: BriefingDocument, ctx: CheckContext): CheckResult {
  const out: Diagnostic[] = [];
  const report = (path: (string | number)[], message: string, severity: 'error' | 'warning' = 'error', at: 'key' | 'value' = 'value') =>
    out.push({ severity, file: ctx.file, ...ctx.locate(path, at), path: path.join('.'), message });

  const sourceIds = Object.keys(doc.sources);
  const refTo = (kind: string, ids: readonly string[], id: string, path: (string | number)[]) => {
    if (ids.includes(id)) return true;
    const hint = closest(id, ids);
    report(path, `unknown ${kind} \`${id}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
    return false;
  };

  // Ids live in one namespace across facts and derived facts, since formulas and charts name either.
  for (const id of Object.keys(doc.derived)) {
    if (id in doc.facts) report(['derived', id], `id \`${id}\` is already used by a fact`, 'error', 'key');
  }

  // Every sourced item names a source that exists, and its quote is in the source text.
  const cited = new Set<string>();
  const sourced: [string[], { source: string; quote: string }][] = [
    ...Object.entries(doc.facts).map(([id, f]) => [['facts', id], f] as [string[], typeof f]),
    ...Object.entries(doc.entities.people).map(([id, p]) => [['entities', 'people', id], p] as [string[], typeof p]),
    ...Object.entries(doc.entities.organisations).map(([id, o]) => [['entities', 'organisations', id], o] as [string[], typeof o]),
    ...Object.entries(doc.entities.places).map(([id, p]) => [['entities', 'places', id], p] as [string[], typeof p]),
    ...Object.entries(doc.events).map(([id, e]) => [['events', id], e] as [string[], typeof e]),
  ];
  // Each source text is normalised once, not once per quote checked against it.
  const normalisedTexts = new Map<string, string>();
  const sourceText = (id: string): string | undefined => {
    const raw = ctx.sourceTexts.get(id);
    if (raw === undefined) return undefined;
    let text = normalisedTexts.get(id);
    if (text === undefined) {
      text = normalise(raw);
      normalisedTexts.set(id, text);
    }
    return text;
  };
  for (const [path, item] of sourced) {
    if (!refTo('source', sourceIds, item.source, [...path, 'source'])) continue;
    cited.add(item.source);
    const text = sourceText(item.source);
    if (text !== undefined && !text.includes(normalise(item.quote))) {
      report([...path, 'quote'], `the quote is not found in the text of source \`${item.source}\``);
    }
  }
  // A reference source is cited by the coordinates it gives (checked in geo-check.ts).
  for (const place of Object.values(doc.entities.places)) if (place.location) cited.add(place.location.source);
  for (const [id, source] of Object.entries(doc.sources)) {
    if (!cited.has(id)) report(['sources', id], `source \`${id}\` is never cited by a fact, entity or event`, 'error', 'key');
    const text = sourceText(id);
    source.quotes.forEach((q, i) => {
      if (text !== undefined && !text.includes(normalise(q))) report(['sources', id, 'quotes', i], 'the quoted passage is not found in the source text');
    });
  }

  // Entity and event references.
  const orgIds = Object.keys(doc.entities.organisations);
  const placeIds = Object.keys(doc.entities.places);
  const whoIds = [...Object.keys(doc.entities.people), ...orgIds];
  for (const [id, p] of Object.entries(doc.entities.people)) {
    if (p.organisation) refTo('organisation', orgIds, p.organisation, ['entities', 'people', id, 'organisation']);
  }
  for (const [id, o] of Object.entries(doc.entities.organisations)) {
    if (o.place) refTo('place', placeIds, o.place, ['entities', 'organisations', id, 'place']);
  }
  for (const [id, e] of Object.entries(doc.events)) {
    e.places.forEach((p, i) => refTo('place', placeIds, p, ['events', id, 'places', i]));
    e.who.forEach((w, i) => refTo('person or organisation', whoIds, w, ['events', id, 'who', i]));
    if (e.start && e.end && e.end < e.start) report(['events', id, 'end'], `expected an end on or after the start (${e.start}), got ${e.end}`);
    const last = e.end ?? e.date;
    if (last && last > doc.meta.date && !e.planned) {
      report(['events', id, e.end ? 'end' : 'date'], `the event is dated ${last}, after the briefing date ${doc.meta.date}; mark it \`planned: true\` if it is still to come`);
    }
  }

  // Facts: stated ones resolve directly; derived ones are evaluated in dependency order.
  const facts = new Map<string, ResolvedFact>();
  for (const [id, f] of Object.entries(doc.facts)) {
    facts.set(id, { id, label: f.label, short: f.short ?? f.label, value: f.value, unit: f.unit, scale: f.scale, qualifier: f.qualifier, period: f.period, sources: [f.source], quote: f.quote });
  }
  resolveDerived(doc, facts, report);
  const allFactIds = [...facts.keys(), ...Object.keys(doc.derived).filter((id) => !facts.has(id))];

  // Charts: references exist, and one chart plots one kind of quantity.
  for (const [id, chart] of Object.entries(doc.charts)) {
    const known = chart.facts.filter((f, i) => refTo('fact', allFactIds, f, ['charts', id, 'facts', i]));
    chart.events.forEach((e, i) => refTo('event', Object.keys(doc.events), e, ['charts', id, 'events', i]));
    if (chart.annotate) {
      if (refTo('fact', allFactIds, chart.annotate, ['charts', id, 'annotate'])) {
        const a = facts.get(chart.annotate);
        if (a && a.unit !== 'percent') report(['charts', id, 'annotate'], `expected a percent fact to annotate the chart, got \`${a.id}\` in ${a.unit}`);
      }
    }
    if (chart.type === 'timeline') {
      if (chart.events.length === 0) report(['charts', id, 'events'], 'expected at least one event in a timeline chart, got none');
    } else if (chart.type !== 'map') {
      if (chart.facts.length === 0) report(['charts', id, 'facts'], `expected at least one fact in a ${chart.type} chart, got none`);
      const units = new Set(known.map((f) => facts.get(f)?.unit).filter((u) => u !== undefined));
      if (units.size > 1 && chart.type !== 'multiples') {
        report(['charts', id, 'facts'], `expected one unit in a ${chart.type} chart, got ${[...units].join(' and ')}; plot one unit per chart or use type: multiples`);
      }
    }
  }
  doc.keyFigures.forEach((f, i) => refTo('fact', allFactIds, f, ['keyFigures', i]));

  // Figures stated in two currencies must agree at the declared rate.
  doc.equivalents.forEach((eq, i) => {
    const [aId, bId] = eq.facts;
    const ok = [refTo('fact', allFactIds, aId, ['equivalents', i, 'facts', 0]), refTo('fact', allFactIds, bId, ['equivalents', i, 'facts', 1]), refTo('fact', allFactIds, eq.rate, ['equivalents', i, 'rate'])];
    if (ok.includes(false)) return;
    const a = facts.get(aId);
    const b = facts.get(bId);
    const rate = facts.get(eq.rate);
    if (!a || !b || !rate) return;
    if (rate.unit !== 'ratio') return report(['equivalents', i, 'rate'], `expected a ratio fact as the rate, got \`${rate.id}\` in ${rate.unit}`);
    const expected = absoluteValue(a) * absoluteValue(rate);
    const actual = absoluteValue(b);
    const difference = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
    if (difference > eq.tolerance) {
      const inB = (v: number) => `${round6(v / SCALE_FACTOR[b.scale])}${b.scale === 'one' ? '' : ` ${b.scale}`} ${b.unit}`;
      report(
        ['equivalents', i],
        `expected \`${bId}\` to be within ${round6(eq.tolerance * 100)}% of \`${aId}\` × \`${eq.rate}\` = ${inB(expected)}, got ${inB(actual)} (${(difference * 100).toFixed(1)}% off)`,
      );
    }
  });

  return { facts, diagnostics: out };
}

function resolveDerived(doc: BriefingDocument, facts: Map<string, ResolvedFact>, report: (path: (string | number)[], message: string) => void): void {
  const parsed = new Map<string, Expr>();
  for (const [id, d] of Object.entries(doc.derived)) {
    if (id in doc.facts) continue; // reported as a clash of ids
    try {
      parsed.set(id, parseFormula(d.formula));
    } catch (e) {
      report(['derived', id, 'formula'], `cannot read the formula: ${(e as Error).message}`);
    }
  }
  const known = [...Object.keys(doc.facts), ...Object.keys(doc.derived)];
  const deps = new Map<string, string[]>();
  for (const [id, expr] of parsed) {
    const refs = [...references(expr)];
    let ok = true;
    for (const r of refs) {
      if (!known.includes(r)) {
        const hint = closest(r, known);
        report(['derived', id, 'formula'], `unknown fact \`${r}\` in the formula${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
        ok = false;
      }
    }
    if (ok) deps.set(id, refs);
  }

  // Depth-first evaluation; a node met again while on the stack closes a cycle.
  const state = new Map<string, 'visiting' | 'done' | 'failed'>();
  const visit = (id: string, stack: string[]): boolean => {
    if (id in doc.facts) return true; // a stated fact (a derived fact of the same id is reported)
    const s = state.get(id);
    if (s === 'done') return true;
    if (s === 'failed') return false;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      report(['derived', id, 'formula'], `the formulas form a cycle: ${cycle.join(' -> ')}`);
      state.set(id, 'failed');
      return false;
    }
    const refs = deps.get(id);
    if (!refs) {
      state.set(id, 'failed');
      return false;
    }
    state.set(id, 'visiting');
    const ok = refs.every((r) => visit(r, [...stack, id]));
    if (!ok) {
      if (state.get(id) === 'visiting') state.set(id, 'failed');
      return false;
    }
    const d = doc.derived[id]!;
    try {
      const absolute = evaluate(parsed.get(id)!, (ref) => absoluteValue(facts.get(ref)!));
      let value = d.unit === 'percent' ? absolute * 100 : absolute / SCALE_FACTOR[d.scale];
      const k = 10 ** d.round;
      value = Math.round(value * k) / k;
      if (!Number.isFinite(value)) throw new FormulaError('the result is not a finite number');
      const sources = [...new Set(refs.flatMap((r) => facts.get(r)!.sources))];
      facts.set(id, { id, label: d.label, short: d.short ?? d.label, value, unit: d.unit, scale: d.scale, qualifier: 'approximately', period: d.period, sources, derived: { formula: d.formula, note: d.note, inputs: refs } });
      state.set(id, 'done');
      return true;
    } catch (e) {
      report(['derived', id, 'formula'], `cannot evaluate the formula: ${(e as Error).message}`);
      state.set(id, 'failed');
      return false;
    }
  };
  for (const id of Object.keys(doc.derived)) visit(id, []);
}

/** A number without floating-point noise: 3815000.0000000005 -> 3815000. */
function round6(n: number): number {
  return Number(n.toPrecision(6));
}

/** Quotes are compared ignoring typographic variants and white space runs. */
export function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}
