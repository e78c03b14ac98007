// Cross-checks over a schema-valid document. Each check adds located diagnostics; all are
// run and reported together so one pass over the file fixes everything.
import type { BriefingDocument } from './schema.js';
import { error, warning, type Diagnostic } from '../diagnostics/index.js';
import { absoluteValue, SCALE_FACTOR, type ResolvedFact } from './model.js';
import { dimensionless, dimensionOf, describeDimension, evaluate, FormulaError, intervalOf, parseFormula, point, references, show, UnitError, type Dimension, type Expr, type Interval } from './formula.js';
import type { Derived, Fact, Unit } from './schema.js';
import { closest } from './suggest.js';
import { checkFigures, type FigureOptOut } from './figures-check.js';

type Locate = (path: readonly (string | number)[], at?: 'key' | 'value') => { line: number; column: number };

export interface CheckContext {
  file: string;
  locate: Locate;
  sourceTexts: ReadonlyMap<string, string>;
  /** Ids of entries left out for schema errors: references to them are not reported. */
  invalidIds?: ReadonlySet<string>;
  /** Sources cited by entries left out, which therefore count as cited. */
  citedBySkipped?: ReadonlySet<string>;
}

export interface CheckResult {
  facts: Map<string, ResolvedFact>;
  diagnostics: Diagnostic[];
  /** Facts whose figure is not checked against their quote, with the file's reason. */
  figureOptOuts: FigureOptOut[];
}

/** Adds a located error with its code; `at: 'key'` points at the key rather than its value. */
type Report = (code: string, path: (string | number)[], message: string, at?: 'key' | 'value', hint?: string) => void;

export function checkDocument(doc: BriefingDocument, ctx: CheckContext): CheckResult {
  const out: Diagnostic[] = [];
  const report: Report = (code, path, message, at = 'value', hint) => out.push(error(code, { file: ctx.file, ...ctx.locate(path, at), path: path.join('.') }, message, hint));
  const warn: Report = (code, path, message, at = 'value', hint) => out.push(warning(code, { file: ctx.file, ...ctx.locate(path, at), path: path.join('.') }, message, hint));

  const sourceIds = Object.keys(doc.sources);
  const refTo = (kind: string, ids: readonly string[], id: string, path: (string | number)[]) => {
    if (ids.includes(id)) return true;
    if (ctx.invalidIds?.has(id)) return false; // it exists, with errors of its own
    const hint = closest(id, ids);
    report('BR130', path, `unknown ${kind} \`${id}\`${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
    return false;
  };

  // Ids live in one namespace across facts and derived facts, since formulas and charts name either.
  for (const id of Object.keys(doc.derived)) {
    if (id in doc.facts) report('BR131', ['derived', id], `id \`${id}\` is already used by a fact`, 'key');
  }

  // Every sourced item names a source that exists, and its quote is in the source text.
  const cited = new Set<string>(ctx.citedBySkipped ?? []);
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
      report('BR132', [...path, 'quote'], `the quote is not found in the text of source \`${item.source}\``);
    }
  }
  // A reference source is cited by the coordinates it gives (checked in geo-check.ts).
  for (const place of Object.values(doc.entities.places)) if (place.location) cited.add(place.location.source);
  for (const [id, source] of Object.entries(doc.sources)) {
    if (!cited.has(id)) report('BR134', ['sources', id], `source \`${id}\` is never cited by a fact, entity or event`, 'key');
    const text = sourceText(id);
    source.quotes.forEach((q, i) => {
      if (text !== undefined && !text.includes(normalise(q))) report('BR133', ['sources', id, 'quotes', i], 'the quoted passage is not found in the source text');
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
    if (e.start && e.end && e.end < e.start) report('BR135', ['events', id, 'end'], `expected an end on or after the start (${e.start}), got ${e.end}`);
    const last = e.end ?? e.date;
    if (last && last > doc.meta.date && !e.planned) {
      report('BR136', ['events', id, e.end ? 'end' : 'date'], `the event is dated ${last}, after the briefing date ${doc.meta.date}; mark it \`planned: true\` if it is still to come`);
    }
  }

  // Each fact's figure agrees with a figure written in its quote.
  const figureOptOuts = checkFigures(doc, report);

  // Facts: stated ones resolve directly; derived ones are evaluated in dependency order.
  const facts = new Map<string, ResolvedFact>();
  for (const [id, f] of Object.entries(doc.facts)) {
    facts.set(id, { id, label: f.label, short: f.short ?? f.label, value: f.value, unit: f.unit, scale: f.scale, qualifier: f.qualifier, period: f.period, sources: [f.source], quote: f.quote });
  }
  resolveDerived(doc, facts, report, warn, ctx.invalidIds ?? new Set());
  const allFactIds = [...facts.keys(), ...Object.keys(doc.derived).filter((id) => !facts.has(id))];

  // Charts: references exist, and one chart plots one kind of quantity.
  for (const [id, chart] of Object.entries(doc.charts)) {
    const known = chart.facts.filter((f, i) => refTo('fact', allFactIds, f, ['charts', id, 'facts', i]));
    chart.events.forEach((e, i) => refTo('event', Object.keys(doc.events), e, ['charts', id, 'events', i]));
    if (chart.annotate) {
      if (refTo('fact', allFactIds, chart.annotate, ['charts', id, 'annotate'])) {
        const a = facts.get(chart.annotate);
        if (a && a.unit !== 'percent') report('BR137', ['charts', id, 'annotate'], `expected a percent fact to annotate the chart, got \`${a.id}\` in ${a.unit}`);
      }
    }
    if (chart.type === 'timeline') {
      if (chart.events.length === 0) report('BR138', ['charts', id, 'events'], 'expected at least one event in a timeline chart, got none');
    } else if (chart.type !== 'map') {
      if (chart.facts.length === 0) report('BR139', ['charts', id, 'facts'], `expected at least one fact in a ${chart.type} chart, got none`);
      const units = new Set(known.map((f) => facts.get(f)?.unit).filter((u) => u !== undefined));
      if (units.size > 1 && chart.type !== 'multiples') {
        report('BR140', ['charts', id, 'facts'], `expected one unit in a ${chart.type} chart, got ${[...units].join(' and ')}; plot one unit per chart or use type: multiples`);
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
    if (rate.unit !== 'ratio') return report('BR141', ['equivalents', i, 'rate'], `expected a ratio fact as the rate, got \`${rate.id}\` in ${rate.unit}`);
    const expected = absoluteValue(a) * absoluteValue(rate);
    const actual = absoluteValue(b);
    const difference = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
    if (difference > eq.tolerance) {
      const inB = (v: number) => `${round6(v / SCALE_FACTOR[b.scale])}${b.scale === 'one' ? '' : ` ${b.scale}`} ${b.unit}`;
      report(
        'BR142',
        ['equivalents', i],
        `expected \`${bId}\` to be within ${round6(eq.tolerance * 100)}% of \`${aId}\` × \`${eq.rate}\` = ${inB(expected)}, got ${inB(actual)}${offBy(difference)}`,
      );
    }
  });

  return { facts, diagnostics: out, figureOptOuts };
}

/** " (12.5% off)"; nothing when the expected value is zero and a percentage means nothing. */
function offBy(difference: number): string {
  return Number.isFinite(difference) && difference < 1e6 ? ` (${(difference * 100).toFixed(1)}% off)` : '';
}

/** The dimension a stated fact brings into a formula; a stated ratio is a sourced rate. */
function statedDimension(id: string, f: Fact): Dimension {
  if (f.unit === 'ratio') return { units: {}, converts: true, rates: [id] };
  return f.unit === 'count' || f.unit === 'percent' ? dimensionless() : { units: { [f.unit]: 1 }, converts: false, rates: [] };
}

/** The interval a stated fact's figure lies in, in absolute terms, from its qualifier. */
function statedInterval(id: string, f: Fact): Interval {
  const v = absoluteValue(f);
  const floor = f.unit === 'count' ? 0 : -Infinity;
  switch (f.qualifier) {
    case 'exact':
      return point(v);
    case 'more than':
      return { lo: { value: v, open: true }, hi: { value: Infinity, open: true }, approx: false, approxInputs: [] };
    case 'at least':
      return { lo: { value: v, open: false }, hi: { value: Infinity, open: true }, approx: false, approxInputs: [] };
    case 'up to':
      return { lo: { value: floor, open: floor === -Infinity }, hi: { value: v, open: false }, approx: false, approxInputs: [] };
    case 'less than':
      return { lo: { value: floor, open: floor === -Infinity }, hi: { value: v, open: true }, approx: false, approxInputs: [] };
    default:
      // about, approximately, nearly: no bound to carry.
      return { ...point(v), approx: true, approxInputs: [id] };
  }
}

/** Why a derived fact's result is not in its declared unit, if it is not. */
function unitProblem(d: Derived, dim: Dimension): { code: string; message: string; hint: string } | undefined {
  const units = Object.entries(dim.units);
  const declared: Unit = d.unit;
  const got = describeDimension(dim);
  if (declared === 'count' || declared === 'percent') {
    if (units.length === 0) return undefined;
    return { code: 'BR161', message: `the formula gives ${got}, but the fact is declared in ${declared}`, hint: `declare unit: ${units.length === 1 && units[0]![1] === 1 ? units[0]![0] : 'ratio'}, or change the formula` };
  }
  if (declared === 'ratio') {
    const pair = units.length === 2 && units.some(([, e]) => e === 1) && units.some(([, e]) => e === -1);
    if (units.length === 0 || pair) return undefined;
    return { code: 'BR161', message: `the formula gives ${got}, but the fact is declared as a ratio`, hint: 'a ratio divides like by like (or one currency by another); check the formula' };
  }
  if (units.length === 1 && units[0]![0] === declared && units[0]![1] === 1) return undefined;
  if (units.length === 1 && units[0]![1] === 1) {
    if (dim.converts) return undefined; // a sourced rate converts it
    return {
      code: 'BR162',
      message: `the formula gives an amount in ${units[0]![0]}, but the fact is declared in ${declared}; converting needs a sourced rate fact`,
      hint: `add a stated fact with unit: ratio for the ${units[0]![0]}–${declared} rate (with its source and quote) and use it in the formula, or declare unit: ${units[0]![0]}`,
    };
  }
  return { code: 'BR161', message: `the formula gives ${got}, but the fact is declared in ${declared}`, hint: `an amount in ${declared} needs a formula whose result is in ${declared}` };
}

function resolveDerived(doc: BriefingDocument, facts: Map<string, ResolvedFact>, report: Report, warn: Report, invalidIds: ReadonlySet<string>): void {
  const dims = new Map<string, Dimension>(Object.entries(doc.facts).map(([id, f]) => [id, statedDimension(id, f)]));
  const intervals = new Map<string, Interval>(Object.entries(doc.facts).map(([id, f]) => [id, statedInterval(id, f)]));
  const parsed = new Map<string, Expr>();
  for (const [id, d] of Object.entries(doc.derived)) {
    if (id in doc.facts) continue; // reported as a clash of ids
    try {
      parsed.set(id, parseFormula(d.formula));
    } catch (e) {
      report('BR145', ['derived', id, 'formula'], `cannot read the formula: ${(e as Error).message}`);
    }
  }
  const known = [...Object.keys(doc.facts), ...Object.keys(doc.derived)];
  const deps = new Map<string, string[]>();
  for (const [id, expr] of parsed) {
    const refs = [...references(expr)];
    let ok = true;
    for (const r of refs) {
      if (invalidIds.has(r)) ok = false; // a fact with errors of its own: not evaluated
      else if (!known.includes(r)) {
        const hint = closest(r, known);
        report('BR146', ['derived', id, 'formula'], `unknown fact \`${r}\` in the formula${hint ? ` (did you mean \`${hint}\`?)` : ''}`);
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
      report('BR147', ['derived', id, 'formula'], `the formulas form a cycle: ${cycle.join(' -> ')}`);
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
    const expr = parsed.get(id)!;
    const at = ['derived', id, 'formula'];
    // Units agree in every sum, and the result is in the unit declared.
    let dim: Dimension;
    try {
      dim = dimensionOf(expr, (ref) => dims.get(ref)!);
    } catch (e) {
      if (!(e instanceof UnitError)) throw e;
      report('BR160', at, e.message, 'value', 'add and subtract only amounts in one unit; convert with a sourced rate fact first');
      state.set(id, 'failed');
      return false;
    }
    const problem = unitProblem(d, dim);
    if (problem) {
      report(problem.code, [...at.slice(0, 2), problem.code === 'BR161' || problem.code === 'BR162' ? 'unit' : 'formula'], problem.message, 'value', problem.hint);
      state.set(id, 'failed');
      return false;
    }
    dims.set(id, d.unit === 'ratio' ? { units: dim.units, converts: false, rates: [] } : d.unit === 'count' || d.unit === 'percent' ? dimensionless() : { units: { [d.unit]: 1 }, converts: false, rates: [] });
    try {
      const inScale = (absolute: number) => (d.unit === 'percent' ? absolute * 100 : absolute / SCALE_FACTOR[d.scale]);
      const exact = inScale(evaluate(expr, (ref) => absoluteValue(facts.get(ref)!)));
      if (!Number.isFinite(exact)) throw new FormulaError('the result is not a finite number');
      const k = 10 ** d.round;
      const rounded = Math.round(exact * k) / k;
      // Scale and rounding keep the figure: 0.0138 billion shown as 0.01 billion is 28% off.
      if (exact !== 0 && (rounded === 0 || Math.abs(rounded - exact) / Math.abs(exact) > 0.05)) {
        report('BR163', ['derived', id, 'round'], `the result ${round6(exact)} ${d.scale === 'one' ? '' : `${d.scale} `}rounds to ${rounded} with round: ${d.round}, ${rounded === 0 ? 'losing it' : `${Math.round((Math.abs(rounded - exact) / Math.abs(exact)) * 100)}% off`}`, 'value', 'use a smaller scale or keep more decimal places');
        state.set(id, 'failed');
        return false;
      }
      // Bounds travel by interval arithmetic: "more than A" minus an exact B is "more than A−B".
      const iv = intervalOf(expr, (ref) => intervals.get(ref)!);
      const bounded = refs.filter((r) => (facts.get(r)!.qualifier !== 'exact' && !['approximately', 'about', 'nearly'].includes(facts.get(r)!.qualifier)));
      let qualifier: ResolvedFact['qualifier'] = 'approximately';
      let value = rounded;
      let why: string | undefined;
      const lo = Number.isFinite(iv.lo.value);
      const hi = Number.isFinite(iv.hi.value);
      if (!iv.approx && lo && !hi) {
        qualifier = iv.lo.open ? 'more than' : 'at least';
        value = Math.floor(inScale(iv.lo.value) * k + 1e-6) / k; // rounded down (past float noise), so the bound still holds
        intervals.set(id, iv);
      } else if (!iv.approx && hi && !lo) {
        qualifier = iv.hi.open ? 'less than' : 'up to';
        value = Math.ceil(inScale(iv.hi.value) * k - 1e-6) / k; // rounded up (past float noise), so the bound still holds
        intervals.set(id, iv);
      } else {
        if (!iv.approx && bounded.length > 0 && !(lo && hi && iv.lo.value === iv.hi.value)) {
          const list = bounded.map((r) => `\`${r}\` (${facts.get(r)!.qualifier})`).join(' and ');
          why = `Printed as approximately: ${list} give no bound for ${show(expr)}.`;
          warn('BR164', at, `the bound of ${list} is lost in ${show(expr)}; the result is printed as approximately`, 'value', 'derive from exact figures, or from bounds that combine (a lower bound plus an exact figure)');
        }
        intervals.set(id, { ...point(inScale(1) === 0 ? 0 : rounded / inScale(1)), approx: true, approxInputs: [id] });
      }
      const sources = [...new Set(refs.flatMap((r) => facts.get(r)!.sources))];
      facts.set(id, { id, label: d.label, short: d.short ?? d.label, value, unit: d.unit, scale: d.scale, qualifier, period: d.period, sources, derived: { formula: d.formula, note: why ? `${d.note} ${why}` : d.note, inputs: refs } });
      state.set(id, 'done');
      return true;
    } catch (e) {
      report('BR148', ['derived', id, 'formula'], `cannot evaluate the formula: ${(e as Error).message}`);
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

// Normalised texts by text: every quote is normalised for the quote check, the figure check and
// the coordinate check, and a rebuild checks the same quotes. Only texts of at most
// NORMALISED_TEXT_LIMIT characters are kept, at most NORMALISED_CACHE_LIMIT of them; past that
// the cache starts again.
const normalisedCache = new Map<string, string>();
const NORMALISED_TEXT_LIMIT = 4_096;
const NORMALISED_CACHE_LIMIT = 5_000;

/** Quotes are compared ignoring typographic variants and white space runs. */
export function normalise(text: string): string {
  if (text.length > NORMALISED_TEXT_LIMIT) return normaliseText(text);
  let normalised = normalisedCache.get(text);
  if (normalised === undefined) {
    normalised = normaliseText(text);
    if (normalisedCache.size >= NORMALISED_CACHE_LIMIT) normalisedCache.clear();
    normalisedCache.set(text, normalised);
  }
  return normalised;
}

/**
 * Every white-space run becomes one space; the pattern leaves a lone space alone (it is already
 * that), because a global replace records every match before it builds the result: `/\s+/g`
 * matched every gap between words, and normalising a 30 MB source document allocated some 450 MB.
 */
function normaliseText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, '-')
    .replace(/\s{2,}|[^\S ]/g, ' ')
    .trim();
}
