// `briefing draft`: a facts-file skeleton proposed from a source text, for an analyst to
// review and prune. Every figure is found by the same parser the quote check uses
// (src/facts/figures.ts), so a proposal that is kept validates as it stands; each proposal
// quotes its whole sentence from the text (white space joined, as the quote check compares).
// Dated events and people named with their titles are proposed too. Nothing is invented: what
// the text does not say (a label, a period) is proposed from its words and marked for review.
import { readFileSync, statSync } from 'node:fs';
import { Document, isMap, type YAMLMap } from 'yaml';
import { BriefingInputError, error } from '../diagnostics/index.js';
import { findFigures, FIGURE_SCALE_FACTOR, type Figure, type Qualifier } from '../facts/index.js';

export interface DraftOptions {
  /** Prefix of every proposed id, e.g. "jm" gives jm_revenue_2023. */
  idPrefix?: string;
  /** The source text's path as the facts file will name it (relative to the facts file). */
  document?: string;
  /** Id of the one source the draft cites; "source" by default. */
  sourceId?: string;
}

export interface FactProposal {
  id: string;
  label: string;
  value: number;
  unit: string;
  scale: string;
  qualifier: Qualifier;
  period: string;
  /** The figure as written in the text, e.g. "US$24.21 billion". */
  written: string;
  quote: string;
  /** What the analyst must check: the parts the draft proposed rather than read. */
  review: string[];
}

export interface EventProposal {
  id: string;
  date?: string;
  start?: string;
  end?: string;
  title: string;
  what: string;
  planned: boolean;
  note?: string;
  quote: string;
  review: string[];
}

export interface PersonProposal {
  id: string;
  name: string;
  role: string;
  quote: string;
  review: string[];
}

export interface Draft {
  /** The facts-file skeleton, with a REVIEW comment on every proposal. */
  yaml: string;
  facts: FactProposal[];
  events: EventProposal[];
  people: PersonProposal[];
  /** The source's date as read from its dateline (or the latest date in it). */
  date: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(${MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1)).join('|')}|${MONTHS.map((m) => m.slice(0, 3).replace(/^./, (c) => c.toUpperCase())).join('|')})\\.?`;
const STOP = new Set(
  'a an the of in on at to for from by with and or its it is was were be been are this that these those as than more less over under about approximately around nearly almost some up down year years total totalled reached rose fell grew increased decreased will would has have had which who said says per cent percent value worth million billion thousand trillion'.split(' '),
);

/** A sentence of the text with its offset, white space kept as written. */
interface Sentence {
  text: string;
  index: number;
}

/**
 * Sentences by Intl.Segmenter (ICU's sentence rules, which know "US$24.21" and most
 * abbreviations); a heading or dateline line without a full stop ends at its line break.
 */
function sentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  // ICU ends a sentence at every line break; a text wrapped at a fixed width is read with its
  // single line breaks as spaces (same length, so offsets still point into the text).
  const unwrapped = text.replace(/([^\n])\n(?=[^\n])/g, '$1 ');
  for (const { segment, index } of segmenter.segment(unwrapped)) {
    // A blank line always ends a sentence (headings, datelines and list items have no stop).
    let offset = 0;
    for (const part of segment.split(/\n[ \t]*\n/)) {
      const start = segment.indexOf(part, offset);
      offset = start + part.length;
      const trimmed = part.trim();
      if (trimmed) out.push({ text: trimmed, index: index + start + part.indexOf(trimmed) });
    }
  }
  return out;
}

/** The quote as the quote check compares it: white space runs joined into one space. */
const quoteOf = (s: string) => s.replace(/\s+/g, ' ').trim();

interface FoundDate {
  start: string;
  end: string;
  /** True when the text gives no year and the year was taken from the source's date. */
  yearInferred: boolean;
  text: string;
  index: number;
}

const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const monthOf = (name: string) => MONTHS.findIndex((m) => m.startsWith(name.toLowerCase().replace('.', '').slice(0, 3))) + 1;
const real = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/**
 * Calendar dates written in a sentence: "3 October 2023", "October 3, 2023", "from 12 to 16
 * May", "16–21 July 2023", "1 March to 31 May 2024". Dates without a year take `year`.
 */
function findDates(sentence: string, year: number | undefined): FoundDate[] {
  const found: FoundDate[] = [];
  const D = '(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)';
  const Y = '(?:,?\\s+(\\d{4}))?';
  const patterns: [RegExp, (m: RegExpExecArray) => [number, number, number, number, number, number, boolean] | undefined][] = [
    // 1 March to 31 May 2024; 1 March 2024 to 31 May 2024
    [new RegExp(`\\b${D}\\s+${MONTH}${Y}\\s*(?:to|until|–|-)\\s*${D}\\s+${MONTH}${Y}`, 'g'), (m) => range(m[6] ?? m[3], Number(m[1]), monthOf(m[2]!), Number(m[4]), monthOf(m[5]!))],
    // 12 to 16 May 2024; 16–21 July 2023
    [new RegExp(`\\b${D}\\s*(?:to|through|and|–|-)\\s*${D}\\s+${MONTH}${Y}`, 'g'), (m) => range(m[4], Number(m[1]), monthOf(m[3]!), Number(m[2]), monthOf(m[3]!))],
    // May 12 to 16, 2024; July 16–21, 2023
    [new RegExp(`\\b${MONTH}\\s+${D}\\s*(?:to|through|and|–|-)\\s*${D}${Y}`, 'g'), (m) => range(m[4], Number(m[2]), monthOf(m[1]!), Number(m[3]), monthOf(m[1]!))],
    // 2023-08-24
    [/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => range(m[1], Number(m[3]), Number(m[2]), Number(m[3]), Number(m[2]))],
    // 3 October 2023
    [new RegExp(`\\b${D}\\s+${MONTH}${Y}`, 'g'), (m) => range(m[3], Number(m[1]), monthOf(m[2]!), Number(m[1]), monthOf(m[2]!))],
    // October 3, 2023
    [new RegExp(`\\b${MONTH}\\s+${D}${Y}`, 'g'), (m) => range(m[3], Number(m[2]), monthOf(m[1]!), Number(m[2]), monthOf(m[1]!))],
  ];
  function range(y: string | undefined, d1: number, m1: number, d2: number, m2: number): [number, number, number, number, number, number, boolean] | undefined {
    const yy = y ? Number(y) : year;
    if (yy === undefined || m1 < 1 || m2 < 1) return undefined;
    return [yy, m1, d1, yy, m2, d2, !y];
  }
  const taken: [number, number][] = [];
  for (const [re, read] of patterns) {
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const [a, b] = [m.index, m.index + m[0].length];
      if (taken.some(([x, y]) => a < y && b > x)) continue;
      const r = read(m);
      if (!r) continue;
      const [y1, m1, d1, y2, m2, d2, inferred] = r;
      if (!real(y1, m1, d1) || !real(y2, m2, d2)) continue;
      const start = iso(y1, m1, d1);
      const end = iso(y2, m2, d2);
      if (end < start) continue;
      taken.push([a, b]);
      found.push({ start, end, yearInferred: inferred, text: m[0], index: a });
    }
  }
  return found.sort((x, y) => x.index - y.index);
}

/** The period a figure's sentence gives, as written: "in 2023" -> "2023", "as of the end of 2022". */
function periodOf(sentence: string): string | undefined {
  const patterns = [
    /\b(as (?:of|at) (?:the )?(?:end|close|start) of (?:the )?(?:[A-Z][a-z]+ )?\d{4})/i,
    /\b(at the end of (?:[A-Z][a-z]+ )?\d{4})/i,
    /\b(as (?:of|at) [A-Z][a-z]+ \d{4})/,
    /\bin (the (?:first|second|third|fourth|last) (?:quarter|half) of \d{4})/i,
    /\bin (the (?:first|second|third|fourth) quarter)\b/i,
    /\bin (the \d{4} (?:financial|fiscal|calendar) year)/i,
    /\bin ((?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})/,
    /\bin ((?:19|20)\d{2}(?:[–-]\d{2,4})?)\b/i,
    /\bfor ((?:19|20)\d{2})\b/i,
    /\b(by (?:19|20)\d{2})\b/,
    /\bfrom ((?:19|20)\d{2}) (?:to|until) ((?:19|20)\d{2})\b/,
  ];
  for (const re of patterns) {
    const m = re.exec(sentence);
    if (m) return m[2] ? `${m[1]} to ${m[2]}` : m[1];
  }
  return undefined;
}

/** Id-friendly words near a figure: the words after it, or else those before it. */
function idWords(sentence: string, figure: Figure): string[] {
  // The first run of content words: "A trade mission from …" -> trade, mission.
  const words = (s: string) => {
    const run: string[] = [];
    for (const w of (s.toLowerCase().normalize('NFKD').match(/[a-z0-9][a-z0-9'-]*/g) ?? []).map((x) => x.replace(/[-']/g, '_'))) {
      if (STOP.has(w) || /^\d/.test(w)) {
        if (run.length) break;
        continue;
      }
      run.push(w);
      if (run.length === 3) break;
    }
    return run;
  };
  // A count names what it counts after it ("17 agreements"); an amount or a share is named
  // by its clause's subject before it ("Exports from X reached €1.2 billion").
  const rest = sentence.slice(figure.end);
  const next = /^\s*([\w-]+)/.exec(rest)?.[1]?.toLowerCase() ?? '';
  const after = words(rest.split(/[,;.:()]/)[0] ?? '');
  const before = words(sentence.slice(0, figure.start).split(/[,;:()–—]/).pop() ?? '');
  const countsAfter = figure.units.length === 0 && after.length > 0 && next !== '' && !STOP.has(next);
  const chosen = countsAfter ? after : before.length ? before : after;
  return chosen.length ? chosen : ['figure'];
}

function labelFrom(sentence: string, figure: Figure): string {
  const words = idWords(sentence, figure).join(' ').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A person named with a title: "said Maria Lindqvist, chief executive of the Port Authority",
 * "Ana Ruiz, president of Example Motors, and …", "…, said Sam Okafor, the company's
 * managing director". The name is two to four capitalised words; the title runs to the next
 * comma, "said" or the end of the sentence.
 */
function findPeople(sentence: string): { name: string; role: string }[] {
  const NAME = "((?:[A-Z][a-z'’]+|[A-Z]\\.)(?:[ ](?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?|[A-Z]\\.)){1,3})";
  // Either case for a title's first letter ("president", "President"); names stay capitalised.
  const either = (w: string) => w.replace(/^[a-z]/, (c) => `[${c}${c.toUpperCase()}]`);
  const titles = ['president', 'chief executive', 'managing director', 'director', 'minister', 'secretary', 'deputy', 'mayor', 'governor', 'chair', 'chairman', 'chairwoman', 'head', 'CEO', 'chief', 'ambassador', 'consul', 'commissioner', 'spokesperson', 'spokesman', 'spokeswoman', 'founder', 'partner', 'manager', 'officer', 'vice president', 'general manager', 'party secretary', 'leader'];
  const TITLE = `((?:the\\s+)?(?:[\\w'’]+\\s+){0,3}?(?:${titles.map(either).join('|')})\\b[^,.;"“”]*)`;
  const out: { name: string; role: string }[] = [];
  const re = new RegExp(`${NAME},\\s+${TITLE}`, 'g');
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    const name = m[1]!.replace(/^(?:said|says|by|and|with)\s+/i, '').trim();
    if (!/^[A-Z]/.test(name) || name.split(/\s+/).length < 2) continue;
    if (/^(The|A|An|In|On|At|It|This|Our|Their)\b/.test(name)) continue;
    const role = m[2]!.replace(/\s+(?:said|says|and)\s*$/i, '').replace(/\s+/g, ' ').trim();
    out.push({ name, role: role.charAt(0).toUpperCase() + role.slice(1) });
  }
  // "Harbour City Vice Mayor Ana Ruiz said": the title written before the name.
  const CAP_TITLES = titles.map((t) => t.replace(/(^|\s)[a-z]/g, (c) => c.toUpperCase()));
  const before = new RegExp(`((?:[A-Z][\\w’'-]*\\s+){0,3}?(?:Vice\\s+)?(?:${CAP_TITLES.join('|')}))\\s+([A-Z][a-z]+(?:\\s[A-Z][a-z]+(?:-[a-z]+)?){1,2})\\s+(?:said|says|told|added|noted)\\b`, 'g');
  for (let m = before.exec(sentence); m; m = before.exec(sentence)) {
    const role = m[1]!.replace(/^(?:At|In|On|The|A)\s+/, '').trim();
    out.push({ name: m[2]!, role });
  }
  return out;
}

/**
 * How the facts file states a figure the parser read: its unit (the first currency a symbol
 * may stand for, with a note when it may stand for several), a scale the file knows (trillion,
 * lakh and crore are restated), and a range as "at least" its lower end.
 */
function statedFigure(f: Figure, review: string[]): Pick<FactProposal, 'value' | 'unit' | 'scale' | 'qualifier'> {
  let unit = 'count';
  if (f.units.includes('percent')) unit = 'percent';
  else if (f.units.length) {
    unit = f.units[0]!;
    if (f.units.length > 1) review.push(`currency (the symbol may stand for ${f.units.join(' or ')})`);
  }
  let value = f.value;
  let scale = f.scale;
  if (scale === 'trillion' || scale === 'lakh' || scale === 'crore') {
    const to = scale === 'lakh' ? 'thousand' : scale === 'crore' ? 'million' : 'billion';
    value = Number((value * (FIGURE_SCALE_FACTOR[scale] / FIGURE_SCALE_FACTOR[to])).toPrecision(12));
    review.push(`scale (written in ${scale}s, restated in ${to}s)`);
    scale = to;
  }
  let qualifier = f.qualifier;
  if (f.high !== undefined) {
    qualifier = 'at least';
    review.push(`a range (${f.value} to ${f.high}): proposed as at least its lower end; "up to" ${f.high} is the other honest reading`);
  }
  if (f.falling) review.push('a fall: the text gives its size; make the value negative if the fact is the change');
  return { value, unit, scale: scale as FactProposal['scale'], qualifier };
}

function uniqueId(base: string, taken: Set<string>): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '')
      .replace(/^(\d)/, 'n$1') || 'item';
  let id = clean;
  for (let n = 2; taken.has(id); n++) id = `${clean}_${n}`;
  taken.add(id);
  return id;
}

export function draftFacts(text: string, options: DraftOptions = {}): Draft {
  const prefix = options.idPrefix ? `${options.idPrefix.replace(/_+$/, '')}_` : '';
  const sourceId = options.sourceId ?? 'source';
  const all = sentences(text);
  const taken = new Set<string>();

  // The source's date: its dateline (the first full date in the text), else the latest date.
  const allDates = all.flatMap((s) => findDates(s.text, undefined).map((d) => ({ ...d, sentence: s })));
  const dateline = allDates[0];
  const date = dateline?.start ?? `${new Date().getUTCFullYear()}-01-01`;
  const year = Number(date.slice(0, 4));

  const facts: FactProposal[] = [];
  const events: EventProposal[] = [];
  const people: PersonProposal[] = [];
  for (const s of all) {
    const quote = quoteOf(s.text);
    const sentencePeriod = periodOf(quote);
    for (const figure of findFigures(quote)) {
      const words = idWords(quote, figure);
      const review = ['label'];
      // The period of the figure's own clause; else the sentence's, which may belong to another figure.
      const clauseStart = Math.max(quote.lastIndexOf(',', figure.start), quote.lastIndexOf(';', figure.start)) + 1;
      const clauseEnd = quote.slice(figure.end).search(/[,;]/);
      let period = periodOf(quote.slice(clauseStart, clauseEnd < 0 ? quote.length : figure.end + clauseEnd));
      if (!period && sentencePeriod) {
        period = sentencePeriod;
        review.push('period (taken from elsewhere in the sentence)');
      }
      if (!period) review.push('period (the text names none; the source date is proposed)');
      const periodYear = period ? /\d{4}/.exec(period)?.[0] : undefined;
      const id = uniqueId(`${prefix}${words.join('_')}${periodYear ? `_${periodYear}` : ''}`, taken);
      const stated = statedFigure(figure, review);
      facts.push({ id, label: labelFrom(quote, figure), ...stated, period: period ?? `as of ${date}`, written: figure.text, quote, review });
    }
    for (const d of findDates(quote, year)) {
      if (dateline && s === dateline.sentence && d.start === dateline.start && d.end === dateline.end) continue; // the dateline
      const single = d.start === d.end;
      const titleWords = quote.replace(d.text, '').replace(/\b(on|from|between|in)\s*$/i, '').replace(/\s+/g, ' ').trim();
      const title = titleWords
        .split(' ')
        .slice(0, 10)
        .join(' ')
        .trim()
        .replace(/[,;:.]+$/, '')
        .trim()
        .replace(/\s+(?:on|for|from|between|in|until|by|at|of)$/i, '');
      const event: EventProposal = {
        id: uniqueId(`${prefix}${idWordsOfText(titleWords).join('_') || 'event'}`, taken),
        ...(single ? { date: d.start } : { start: d.start, end: d.end }),
        title: title.charAt(0).toUpperCase() + title.slice(1),
        what: quote,
        planned: d.end > date,
        quote,
        review: ['title'],
      };
      if (d.yearInferred) {
        event.note = 'The year is not given in the source; it is taken from the date of the source.';
        event.review.push('year (taken from the source date)');
      }
      events.push(event);
    }
    for (const p of findPeople(quote)) {
      if (people.some((q) => q.name === p.name)) continue;
      people.push({ id: uniqueId(`${prefix}${p.name}`, taken), name: p.name, role: p.role, quote, review: ['role'] });
    }
  }

  // The title: the first short line without a full stop (a release's headline), else the first sentence.
  const headline = quoteOf((all.find((x) => !/[.!?]["”’]?$/.test(x.text) && x.text.split(/\s+/).length <= 16 && !/\d{4}/.test(x.text)) ?? all[0])?.text ?? 'Draft briefing');
  return { yaml: toYaml(), facts, events, people, date };

  function toYaml(): string {
    const doc = new Document({
      meta: { title: headline, date, locale: 'en-GB' },
      sources: {
        [sourceId]: {
          title: headline,
          date,
          ...(options.document ? { document: options.document } : {}),
          quotes: [headline],
        },
      },
      entities: { people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, role: p.role, source: sourceId, quote: p.quote }])) },
      facts: Object.fromEntries(
        facts.map((f) => [f.id, { label: f.label, value: f.value, unit: f.unit, scale: f.scale, qualifier: f.qualifier, period: f.period, source: sourceId, quote: f.quote }]),
      ),
      events: Object.fromEntries(
        events.map((e) => [
          e.id,
          { ...(e.date ? { date: e.date } : { start: e.start, end: e.end }), title: e.title, what: e.what, ...(e.planned ? { planned: true } : {}), ...(e.note ? { note: e.note } : {}), source: sourceId, quote: e.quote },
        ]),
      ),
    });
    doc.commentBefore =
      ' yaml-language-server: $schema=../schema/briefing.schema.json\n' +
      ' DRAFT proposed by `briefing draft` from the source text. Every entry is a proposal:\n' +
      ' check each against the text, delete what the briefing does not need, and fix what a\n' +
      ' REVIEW comment names. Kept entries validate as they stand.';
    const comment = (path: string[], note: string) => {
      const map = doc.getIn(path, true);
      if (isMap(map)) (map as YAMLMap).commentBefore = ` REVIEW: ${note}`;
    };
    for (const f of facts) comment(['facts', f.id], `"${f.written}" – check ${f.review.join(', ')}`);
    for (const e of events) comment(['events', e.id], `check ${e.review.join(', ')}`);
    for (const p of people) comment(['entities', 'people', p.id], `check ${p.review.join(', ')}`);
    return doc.toString({ lineWidth: 0 });
  }
}

function idWordsOfText(s: string): string[] {
  return (s.toLowerCase().normalize('NFKD').match(/[a-z][a-z-]*/g) ?? [])
    .map((w) => w.replace(/-/g, '_'))
    .filter((w) => !STOP.has(w) && w.length > 2)
    .slice(0, 3);
}

/** Largest source text `briefing draft` reads (the facts loader's limit for source documents). */
const MAX_DRAFT_BYTES = 32 * 1024 * 1024;

/**
 * Reads a source text file and drafts from it; the facts file is expected beside the text's
 * folder, so `document` names the text as sources/<name> when it lives in a sources folder.
 * Refuses with BR291 (nothing printed) a file that cannot be read as text.
 */
export function readDraft(path: string, options: Omit<DraftOptions, 'document'> = {}): Draft {
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (stat.size > MAX_DRAFT_BYTES) throw Object.assign(new Error('too big'), { code: 'EFBIG' });
    const bytes = readFileSync(path);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'not a file' : code === 'EFBIG' ? 'larger than 32 MB' : code ? `cannot be read (${code})` : 'not UTF-8 text';
    throw new BriefingInputError([error('BR291', { file: path }, `the source text ${why}`, 'give the path of a plain-text file, as published')]);
  }
  const parts = path.split(/[\\/]/);
  const document = parts.length > 1 && parts[parts.length - 2] === 'sources' ? `sources/${parts[parts.length - 1]}` : parts[parts.length - 1]!;
  return draftFacts(text.replace(/^\uFEFF/, ''), { ...options, document });
}
