// The e-mail that carries a briefing: a plain-text and an HTML body rendered from
// templates/<set>/email.text.hbs and email.html.hbs (looked up like every other template).
// Part of the narrative stage: it reads Facts and the Narrative built from them, and prints
// figures only through the one formatter, so the mail says exactly what the PDFs say.
import Handlebars from 'handlebars';
import type { Facts } from '../facts/index.js';
import { BriefingInputError, error, type Diagnostic } from '../diagnostics/index.js';
import { formatDate, formatDateRange, formatQuantity } from '../format/index.js';
import type { Block, ChartSpec, Inline, Narrative } from './model.js';
import { templateSet } from './templates.js';

export interface EmailOptions {
  /** Folder whose templates override the built-in ones, file by file. */
  templatesDir?: string;
  /** File names of the attached PDFs, listed in the body. */
  attachments?: readonly string[];
  /** A chart shown in the HTML body: as an inline picture when `image` is set, else in words. */
  preview?: EmailPreview;
}

/** A chart for the e-mail: its title and alt text, and a PNG when PNG support is installed. */
export interface EmailPreview {
  title: string;
  alt: string;
  image?: EmailImage;
}

/** A picture sent inline with the HTML body, which shows it as `cid:<cid>`. */
export interface EmailImage {
  cid: string;
  filename: string;
  content: Uint8Array;
  /** Display size in CSS pixels (the PNG itself is denser). */
  width: number;
  height: number;
  /** Set while the picture is laid out but not yet drawn (`content` empty): the chart to draw. */
  pending?: ChartSpec;
}

export interface EmailBody {
  /** The briefing title; the caller may replace it (e.g. --subject). */
  subject: string;
  text: string;
  html: string;
  /** Pictures the HTML body refers to by cid:, to be attached inline (PNG). */
  images: EmailImage[];
}

const EMAIL_TEMPLATES = { text: 'email.text', html: 'email.html' } as const;

/** Renders both bodies; template mistakes throw BriefingInputError with the template's position. */
export function renderEmail(facts: Facts, narrative: Narrative, options: EmailOptions = {}): EmailBody {
  const { doc } = facts;
  const locale = doc.meta.locale;
  const set = templateSet(doc.meta.templates, options.templatesDir, { file: facts.file, ...facts.locate(['meta', 'templates']), path: 'meta.templates' });

  const problems: Diagnostic[] = [];
  const files = {
    text: set.main(EMAIL_TEMPLATES.text),
    html: set.main(EMAIL_TEMPLATES.html),
  };
  for (const [kind, file] of Object.entries(files)) {
    if (!file) problems.push(error('BR211', { file: set.folders[0] ?? 'templates' }, `missing template ${EMAIL_TEMPLATES[kind as keyof typeof EMAIL_TEMPLATES]}.hbs`));
  }
  if (problems.length) throw new BriefingInputError(problems);

  const hb = Handlebars.create();
  // Plain strings only: Handlebars escapes them in the HTML body, and nothing in a fact can
  // become markup. Unknown ids fail loudly, at the helper's line, rather than printing an
  // empty figure. The helpers mirror the print templates' (fact, label, period, short, when).
  const fact = (id: unknown, opts: Handlebars.HelperOptions | undefined) => {
    const f = typeof id === 'string' ? facts.facts.get(id) : undefined;
    if (!f) throw new TemplateError(typeof id === 'string' ? `unknown fact ${JSON.stringify(id)}` : 'needs a fact id, e.g. {{fact "some_id"}}', opts);
    return f;
  };
  const last = (args: unknown[]) => args[args.length - 1] as Handlebars.HelperOptions | undefined;
  hb.registerHelper('fact', (...args: unknown[]) => {
    const opts = last(args);
    const formatted = formatQuantity(fact(args.length > 1 ? args[0] : undefined, opts), locale);
    return opts?.hash?.bare ? formatted.bare : formatted.text;
  });
  hb.registerHelper('label', (...args: unknown[]) => fact(args.length > 1 ? args[0] : undefined, last(args)).label);
  hb.registerHelper('short', (...args: unknown[]) => fact(args.length > 1 ? args[0] : undefined, last(args)).short);
  hb.registerHelper('period', (...args: unknown[]) => fact(args.length > 1 ? args[0] : undefined, last(args)).period);
  hb.registerHelper('when', (...args: unknown[]) => {
    const id = args.length > 1 ? args[0] : undefined;
    const e = typeof id === 'string' ? doc.events[id] : undefined;
    if (!e) throw new TemplateError(typeof id === 'string' ? `unknown event ${JSON.stringify(id)}` : 'needs an event id, e.g. {{when "some_id"}}', last(args));
    return e.date ? formatDate(e.date, locale) : formatDateRange(e.start!, e.end!, locale);
  });

  const context = emailContext(narrative, options.attachments ?? [], options.preview);
  const render = (file: NonNullable<(typeof files)['text']>, escape: boolean): string => {
    try {
      return hb.compile(file.source, { strict: true, noEscape: !escape })(context);
    } catch (e) {
      const err = e as Error & { lineNumber?: number; column?: number };
      const line = err instanceof TemplateError ? err.line : (err.lineNumber ?? 0);
      const column = err instanceof TemplateError ? err.column : (err.column ?? -1) + 1;
      throw new BriefingInputError([error('BR212', { file: file.file, line, column }, err.message.split('\n')[0]!)]);
    }
  };
  return {
    subject: narrative.meta.title,
    text: tidyText(render(files.text!, false)),
    html: render(files.html!, true),
    images: options.preview?.image ? [options.preview.image] : [],
  };
}

/** What the e-mail templates can read: already formatted strings, nothing raw. */
function emailContext(narrative: Narrative, attachments: readonly string[], preview: EmailPreview | undefined): object {
  const m = narrative.meta;
  const keyFigures = narrative.keyFigures.map((t) => ({
    id: t.factId,
    label: t.label,
    value: t.qualifier ? `${t.qualifier} ${t.value}` : t.value,
    period: t.period,
    derived: t.derived,
    citations: t.citations.map((n) => `[${n}]`).join(''),
  }));
  return {
    meta: {
      title: m.title,
      locale: m.locale,
      subtitle: m.subtitle ?? '',
      date: m.dateText,
      organisation: m.organisation ?? '',
      author: m.author ?? '',
      classification: m.classification ?? '',
    },
    summary: narrative.summary.flatMap(blockTexts),
    keyFigures,
    // Tiles two to a row: mail clients lay out tables reliably, CSS grids and floats not.
    keyFigureRows: Array.from({ length: Math.ceil(keyFigures.length / 2) }, (_, i) => keyFigures.slice(i * 2, i * 2 + 2)).map((tiles) => ({ tiles, pad: tiles.length === 1 })),
    // Every key present (strict templates): an empty cid means the chart is described in words.
    chart: preview ? { title: preview.title, alt: preview.alt, cid: preview.image?.cid ?? '', width: preview.image?.width ?? 0, height: preview.image?.height ?? 0 } : false,
    sources: narrative.sources.map((s) => ({ number: s.number, title: s.title, publisher: s.publisher ?? '', date: s.dateText, url: s.url ?? '' })),
    attachments: [...attachments],
  };
}

function blockTexts(block: Block): string[] {
  switch (block.type) {
    case 'heading':
      return [block.text];
    case 'paragraph':
    case 'note':
    case 'quote':
      return [inlineText(block.inlines)];
    case 'list':
      return block.items.map(inlineText);
    default:
      return [];
  }
}

function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Templates leave blank lines where blocks open and close; a mail reads better without runs. */
function tidyText(text: string): string {
  return `${text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

/** A helper's complaint, placed where the helper was called. */
class TemplateError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, opts: Handlebars.HelperOptions | undefined) {
    super(message);
    // HelperOptions.loc is there at run time but missing from Handlebars' types.
    const loc = (opts as { loc?: { start: { line: number; column: number } } } | undefined)?.loc;
    this.line = loc?.start.line ?? 0;
    this.column = loc ? loc.start.column + 1 : 0;
  }
}
