// The facts file format. This zod schema is the single definition: TypeScript types are
// inferred from it and `briefing schema` emits its JSON Schema for editors.
import { z } from 'zod';
import { isLocale, isSupportedLocale, SUPPORTED_LOCALES } from '../format/index.js';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** Identifiers are used in templates ({{fact "x"}}) and formulas, so they stay plain. */
export const Id = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'expected an id of lower-case letters, digits and underscores, starting with a letter');

/** A calendar date written YYYY-MM-DD; impossible dates such as 2023-02-30 are refused. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date written YYYY-MM-DD', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');

const Text = z.string().trim().min(1, 'expected non-empty text');

/** BCP 47 tag that Intl knows, e.g. en-GB. */
const Locale = z.string().refine(isLocale, 'expected a BCP 47 language tag such as en-GB');

/** A locale the briefing can be printed in (dates, numbers and words all correct). */
const PrintLocale = z.string().refine(isSupportedLocale, `expected a supported locale: ${SUPPORTED_LOCALES.join(', ')}`);

export const Unit = z.union([
  z.enum(['count', 'percent', 'ratio']),
  z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'expected count, percent, ratio or an ISO 4217 currency code such as USD', abort: true })
    .refine((code) => CURRENCIES.has(code), 'expected a known ISO 4217 currency code'),
]);

export const Scale = z.enum(['one', 'thousand', 'million', 'billion']);
export const Qualifier = z.enum(['exact', 'more than', 'approximately', 'about', 'at least', 'up to', 'less than', 'nearly']);

const FiniteNumber = z.number().refine(Number.isFinite, 'expected a finite number');

export const Meta = z.strictObject({
  title: Text,
  subtitle: Text.optional(),
  date: IsoDate,
  locale: PrintLocale.default('en-GB'),
  author: Text.optional(),
  organisation: Text.optional(),
  classification: Text.optional(),
  keywords: z.array(Text).default([]),
  /** Name of a template set under templates/ (overrides the defaults section by section). */
  templates: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected the name of a template set under templates/, e.g. my-briefing')
    .optional()
    .describe('Name of a template set under templates/; without it the default templates are used.'),
  /** Markdown prose beside the facts file; each file named here replaces the template set's. */
  prose: z
    .strictObject({
      print: Text.optional().describe('The print briefing in Markdown, as a path relative to the facts file, e.g. print.md.'),
      slides: Text.optional().describe('The slide deck in Markdown, as a path relative to the facts file, e.g. slides.md.'),
    })
    .optional()
    .describe('Markdown prose files beside the facts file (print, slides); they replace the template set’s print and slides.'),
});

export const Source = z.strictObject({
  title: Text,
  kind: z
    .enum(['report', 'reference'])
    .default('report')
    .describe('report: a publication the briefing quotes; reference: a gazetteer or data set used only for coordinates (its quotes are records).'),
  publisher: Text.optional(),
  date: IsoDate,
  url: z.url({ protocol: /^https?$/, message: 'expected an http or https URL' }).optional(),
  /** The source text shipped beside the facts file; quotes are checked against it. */
  document: Text.optional().describe('The source text, as a path relative to the facts file; quotes are checked against it.'),
  /** How the source writes numbers, when it differs from meta.locale: de-DE reads 1.234,5. */
  locale: Locale.optional().describe('How the source text writes numbers (BCP 47), e.g. de-DE for 1.234,5; defaults to meta.locale.'),
  quotes: z.array(Text).min(1, 'expected at least one quoted passage'),
});

const Sourced = {
  source: Id,
  quote: Text,
};

export const Person = z.strictObject({
  name: Text,
  role: Text,
  organisation: Id.optional(),
  ...Sourced,
});

export const Organisation = z.strictObject({
  name: Text,
  kind: z.enum(['government', 'company', 'other']).default('other'),
  description: Text.optional(),
  place: Id.optional(),
  ...Sourced,
});

export const Place = z.strictObject({
  name: Text,
  /** How the source spells the name, when the briefing uses the standard spelling. */
  sourceSpelling: Text.optional(),
  country: Text,
  /** Where the place is, from a reference source (a gazetteer), quoted as its record reads. */
  location: z
    .strictObject({
      lat: FiniteNumber.min(-90, 'expected a latitude from -90 to 90').max(90, 'expected a latitude from -90 to 90'),
      lon: FiniteNumber.min(-180, 'expected a longitude from -180 to 180').max(180, 'expected a longitude from -180 to 180'),
      source: Id.describe('A source of kind reference, e.g. a gazetteer extract shipped beside the facts file.'),
      quote: Text.describe("The reference source's record for the place, quoted verbatim; it must show the latitude and longitude."),
    })
    .optional()
    .describe('Coordinates for maps, from a reference source (kept apart from the quotes of the report).'),
  ...Sourced,
});

export const Fact = z
  .strictObject({
    label: Text,
    /** A short label for charts and tiles. */
    short: Text.optional(),
    value: FiniteNumber.describe('The number as the source states it, in the given scale: 24.21 with scale billion.'),
    unit: Unit.describe('count, percent, ratio, or an ISO 4217 currency code such as USD.'),
    scale: Scale.default('one'),
    qualifier: Qualifier.default('exact').describe('How the source qualifies the number, e.g. "more than 4,300".'),
    /** Decimal places the value keeps when it rounds the quoted figure: 24.2 from "24.21" is 1. */
    round: z.int().min(0).max(6).optional().describe('Decimal places the value keeps when it rounds the figure in the quote (24.2 for "US$24.21 billion" is round: 1).'),
    /** Why the quote's figure cannot be checked: it is not written in digits ("eight of the top ten"). */
    figureOptOut: Text.optional().describe('Why the figure is not checked against the quote, e.g. it is written in words ("eight of the top ten"). Listed by validate and counted in the manifest.'),
    /** The period or as-of date the value describes, as the source states it. */
    period: Text.describe('The period or as-of date the value describes, as the source states it.'),
    /** Groups the fact in the default briefing's sections; facts without one are grouped by their wording. */
    topic: Text.optional().describe('A topic that groups the fact in the default briefing, e.g. Trade; optional.'),
    ...Sourced,
  })
  .superRefine((fact, ctx) => {
    if (fact.unit === 'count' && fact.value < 0) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'expected a count of zero or more', input: fact.value });
    }
  });

export const Derived = z.strictObject({
  label: Text,
  short: Text.optional(),
  /** Arithmetic over fact ids: + - * / and parentheses. Percent facts enter as fractions. */
  formula: Text.describe('Arithmetic over fact ids: + - * / and parentheses. Percent facts enter as fractions.'),
  unit: Unit,
  scale: Scale.default('one'),
  /** Decimal places kept after computing, in the derived fact's own scale. */
  round: z.int().min(0).max(6).describe("Decimal places kept after computing, in the derived fact's own scale."),
  period: Text,
  /** Shown wherever the derived value is printed. */
  note: Text.describe('Shown wherever the derived value is printed.'),
  topic: Text.optional().describe('A topic that groups the fact in the default briefing, e.g. Trade; optional.'),
});

export const Equivalence = z.strictObject({
  facts: z.tuple([Id, Id]),
  /** A ratio fact (or derived fact): units of the second fact per unit of the first. */
  rate: Id.describe('A ratio fact (or derived fact): units of the second fact per unit of the first.'),
  /** Largest accepted relative difference, e.g. 0.02 for 2%. */
  tolerance: FiniteNumber.min(0).max(1).describe('Largest accepted relative difference, e.g. 0.02 for 2%.'),
});

const EventBase = z.strictObject({
  date: IsoDate.optional(),
  start: IsoDate.optional(),
  end: IsoDate.optional(),
  title: Text,
  what: Text,
  places: z.array(Id).default([]),
  who: z.array(Id).default([]),
  planned: z.boolean().default(false).describe('True for an event still to come after the briefing date.'),
  /** Caveats on the dating, e.g. a year inferred from the article date. */
  note: Text.optional(),
  ...Sourced,
});

export const Event = EventBase.superRefine((event, ctx) => {
  const single = event.date !== undefined;
  const range = event.start !== undefined || event.end !== undefined;
  if (single === range) {
    const given = (['date', 'start', 'end'] as const).filter((k) => event[k] !== undefined);
    const got = given.length === 0 ? 'neither' : `${given.slice(0, -1).join(', ')} and ${given[given.length - 1]}`;
    ctx.addIssue({ code: 'custom', path: [], message: `expected either date, or start and end, got ${got}`, input: event });
  } else if (range && (event.start === undefined || event.end === undefined)) {
    const missing = event.start === undefined ? 'start' : 'end';
    ctx.addIssue({ code: 'custom', path: [], message: `expected both start and end for a date range, got no ${missing}`, input: event });
  }
});

export const ChartType = z.enum(['bar', 'column', 'multiples', 'timeline', 'map']);

export const Chart = z.strictObject({
  type: ChartType,
  title: Text,
  /** Fact or derived-fact ids, one bar (or panel) each. Never literal numbers. */
  facts: z.array(Id).default([]).describe('Fact or derived-fact ids, one bar (or panel) each.'),
  /** For timeline charts: event ids in display order; for maps, the events whose places are the stops. */
  events: z.array(Id).default([]).describe('For timeline charts: event ids in display order. For maps: the events whose places are drawn, numbered in date order.'),
  /** A percent fact drawn as an annotation, e.g. year-on-year growth. */
  annotate: Id.optional().describe('A percent fact drawn as an annotation, e.g. year-on-year growth.'),
});

export const BriefingDocument = z.strictObject({
  meta: Meta,
  sources: z.record(Id, Source),
  entities: z
    .strictObject({
      people: z.record(Id, Person).default({}),
      organisations: z.record(Id, Organisation).default({}),
      places: z.record(Id, Place).default({}),
    })
    .default({ people: {}, organisations: {}, places: {} }),
  facts: z.record(Id, Fact),
  derived: z.record(Id, Derived).default({}),
  equivalents: z.array(Equivalence).default([]),
  events: z.record(Id, Event).default({}),
  charts: z.record(Id, Chart).default({}),
  /** Fact ids shown as the "Key figures" tiles, in order. */
  keyFigures: z.array(Id).default([]).describe('Fact ids shown as the "Key figures" tiles, in order.'),
});

export type BriefingDocument = z.infer<typeof BriefingDocument>;
export type BriefingInput = z.input<typeof BriefingDocument>;
export type Meta = z.infer<typeof Meta>;
export type Source = z.infer<typeof Source>;
export type Fact = z.infer<typeof Fact>;
export type Derived = z.infer<typeof Derived>;
export type Event = z.infer<typeof Event>;
export type Chart = z.infer<typeof Chart>;
export type Unit = z.infer<typeof Unit>;
export type Scale = z.infer<typeof Scale>;
export type Qualifier = z.infer<typeof Qualifier>;
export type Person = z.infer<typeof Person>;
export type Organisation = z.infer<typeof Organisation>;
export type Place = z.infer<typeof Place>;

export const TOP_LEVEL_KEYS = Object.keys(BriefingDocument.shape);
