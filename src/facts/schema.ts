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
/** One text per language, keyed by BCP 47 tag: { en-GB: Harbour District, zh-CN: 港区 }. */
export const Translations = z
  .record(Locale, Text)
  .refine((t) => Object.keys(t).length > 0, 'expected at least one language, e.g. { en-GB: …, zh-CN: … }')
  .describe('The same text in several languages, keyed by BCP 47 tag (en-GB, zh-CN). Translations are editorial: they add no facts.');

/**
 * Printed text: a plain string (in the language of meta.locale), or one value per language.
 * Quotes and source titles are never Printed: they stay in their source's language.
 */
const Printed = z.union([Text, Translations]);

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
  title: Printed,
  subtitle: Printed.optional(),
  date: IsoDate,
  locale: PrintLocale.default('en-GB').describe('The language of plain-string texts, and the default edition.'),
  author: Text.optional(),
  organisation: Printed.optional(),
  classification: Printed.optional(),
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
  /** A plain name serves every edition (names given in pinyin stay so); per-language forms need `rendering`. */
  name: Printed.describe('A plain name is used in every edition; a per-language form needs `rendering` for that language.'),
  /** For each language the name is given in besides the file's own: sourced, or an editorial rendering. */
  rendering: z
    .record(Locale, z.enum(['sourced', 'editorial']))
    .optional()
    .describe("For each language form of the name: 'sourced' (the form is in a source) or 'editorial' (rendered for this briefing)."),
  role: Printed,
  organisation: Id.optional(),
  ...Sourced,
});

export const Organisation = z.strictObject({
  name: Printed,
  kind: z.enum(['government', 'company', 'other']).default('other'),
  description: Printed.optional(),
  place: Id.optional(),
  ...Sourced,
});

export const Place = z.strictObject({
  name: Printed,
  /** How the source spells the name, when the briefing uses the standard spelling. */
  sourceSpelling: Text.optional(),
  country: Printed,
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
    label: Printed,
    /** A short label for charts and tiles. */
    short: Printed.optional(),
    value: FiniteNumber.describe('The number as the source states it, in the given scale: 24.21 with scale billion.'),
    unit: Unit.describe('count, percent, ratio, or an ISO 4217 currency code such as USD.'),
    scale: Scale.default('one'),
    qualifier: Qualifier.default('exact').describe('How the source qualifies the number, e.g. "more than 4,300".'),
    /** Decimal places the value keeps when it rounds the quoted figure: 24.2 from "24.21" is 1. */
    round: z.int().min(0).max(6).optional().describe('Decimal places the value keeps when it rounds the figure in the quote (24.2 for "US$24.21 billion" is round: 1).'),
    /** Why the quote's figure cannot be checked: it is not written in digits ("eight of the top ten"). */
    figureOptOut: Text.optional().describe('Why the figure is not checked against the quote, e.g. it is written in words ("eight of the top ten"). Listed by validate and counted in the manifest.'),
    /** The period or as-of date the value describes, as the source states it. */
    period: Printed.describe('The period or as-of date the value describes, as the source states it.'),
    /** Groups the fact in the default briefing's sections; facts without one are grouped by their wording. */
    topic: Printed.optional().describe('A topic that groups the fact in the default briefing, e.g. Trade (or one per language, as its section heading in each edition); optional.'),
    ...Sourced,
  })
  .superRefine((fact, ctx) => {
    if (fact.unit === 'count' && fact.value < 0) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'expected a count of zero or more', input: fact.value });
    }
  });

export const Derived = z.strictObject({
  label: Printed,
  short: Printed.optional(),
  /** Arithmetic over fact ids: + - * / and parentheses. Percent facts enter as fractions. */
  formula: Text.describe('Arithmetic over fact ids: + - * / and parentheses. Percent facts enter as fractions.'),
  unit: Unit,
  scale: Scale.default('one'),
  /** Decimal places kept after computing, in the derived fact's own scale. */
  round: z.int().min(0).max(6).describe("Decimal places kept after computing, in the derived fact's own scale."),
  period: Printed,
  /** Shown wherever the derived value is printed. */
  note: Printed.describe('Shown wherever the derived value is printed.'),
  topic: Printed.optional().describe('A topic that groups the fact in the default briefing, e.g. Trade (or one per language, as its section heading in each edition); optional.'),
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
  title: Printed,
  what: Printed,
  places: z.array(Id).default([]),
  who: z.array(Id).default([]),
  planned: z.boolean().default(false).describe('True for an event still to come after the briefing date.'),
  /** Caveats on the dating, e.g. a year inferred from the article date. */
  note: Printed.optional(),
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
  title: Printed,
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

/**
 * A type with every Printed field resolved to one language's string: what later stages see,
 * once the facts stage has picked the edition's language (src/facts/translate.ts).
 */
export type Localised<T> = [Extract<T, string>] extends [never] ? LocalisedObject<T> : Exclude<T, Record<string, string>>;
/**
 * An object without a string alternative is walked into, never collapsed: only a Printed field
 * (a string, or one string per language) becomes a string, so an object of optional strings
 * such as meta.prose keeps its shape.
 */
type LocalisedObject<T> = T extends object ? { [K in keyof T]: Localised<T[K]> } : T;

/** The document as written, translations included. */
export type BriefingSourceDocument = z.infer<typeof BriefingDocument>;
export type BriefingDocument = Localised<z.infer<typeof BriefingDocument>>;
export type BriefingInput = z.input<typeof BriefingDocument>;
export type Meta = Localised<z.infer<typeof Meta>>;
export type Source = z.infer<typeof Source>;
export type Fact = Localised<z.infer<typeof Fact>>;
export type Derived = Localised<z.infer<typeof Derived>>;
export type Event = Localised<z.infer<typeof Event>>;
export type Chart = Localised<z.infer<typeof Chart>>;
export type Unit = z.infer<typeof Unit>;
export type Scale = z.infer<typeof Scale>;
export type Qualifier = z.infer<typeof Qualifier>;
export type Person = Localised<z.infer<typeof Person>>;
export type Organisation = Localised<z.infer<typeof Organisation>>;
export type Place = Localised<z.infer<typeof Place>>;
export type Translations = z.infer<typeof Translations>;

export const TOP_LEVEL_KEYS = Object.keys(BriefingDocument.shape);
