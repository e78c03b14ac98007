// Markdown prose (print.md, slides.md): parsed with markdown-it into the typed block model.
//
// A Markdown template is rendered by Handlebars first, with the same helpers as a .hbs
// template. Those helpers return private-use tokens, never text from the facts file, so the
// Markdown parser sees only the template's own words and inert token characters; the facts'
// text is put in by TokenTable after parsing. A fact reading "# heading", "**", "---" or
// "<script>" therefore stays literal text. HTML in the prose itself is refused, except comments.
//
// Conventions (templates/README.md documents them for writers):
//  print.md   text before the first `#` heading is the summary; each `#` heading starts a
//             section (`# Title {#anchor}` names its anchor); `##` and `###` are sub-headings;
//             paragraphs, `-` lists, `> quotes` (a last line starting "— " is the attribution),
//             `::: note` … `:::` boxed notes, *emphasis* and **strong**; a block is placed with a
//             one-line directive: `::: chart id`, `::: key-figures`, `::: timeline`, `::: people`.
//  slides.md  slides are separated by a line `---` (with a blank line before it). In each
//             slide the first heading is its title; a directive names what it shows (`::: chart
//             id`, `::: title`, `::: agenda`, `::: key-figures`, `::: timeline`, `::: sources`;
//             none makes a bullet slide); the first paragraph is the headline (on a title slide,
//             the subtitle); `-` items are the bullets; a paragraph `Notes:` (or another language's
//             marker, `备注：`) starts the speaker notes, which run to the end of the slide (list
//             items or paragraphs, one note each).
import MarkdownIt from 'markdown-it';
import type { Token, StateBlock } from 'markdown-it';
import container from 'markdown-it-container';
import { error, warning, type Diagnostic } from '../diagnostics/index.js';
import { closest } from '../facts/index.js';
import { NOTES_MARKERS } from '../format/index.js';
import type { Block, Inline, Origin, Section, Slide, SlideKind } from './model.js';
import { EM_CLOSE, EM_OPEN, STRONG_CLOSE, STRONG_OPEN, type TokenTable } from './inline.js';
import { slug } from './helpers.js';
import type { TemplateFile } from './templates.js';

export type ProseKind = 'print' | 'slides';

/** One-line directives each kind of file accepts, and the slide kind each one makes. */
const PRINT_DIRECTIVES = ['chart', 'key-figures', 'timeline', 'people'] as const;
const SLIDE_DIRECTIVES: Record<string, SlideKind> = {
  chart: 'chart',
  title: 'title',
  agenda: 'agenda',
  'key-figures': 'keyFigures',
  timeline: 'timeline',
  sources: 'sources',
};
const DIRECTIVE_LINE = /^:::[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*?))?[ \t]*$/;
const HEADING_ANCHOR = /[ \t]*\{#([A-Za-z][\w-]*)\}[ \t]*$/;
const ATTRIBUTION = /^\s*(?:—|–|--)\s*/;
/** `s` as a regular expression that matches it literally. */
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A paragraph that starts the speaker notes: a marker word of any supported language (from the
 * tool's words, src/format/words.ts) and a colon, ASCII or full-width ("Notes:", "备注："), at
 * the start of the paragraph; the rest of that paragraph is the first note.
 */
const NOTES = new RegExp(`^\\s*(?:${NOTES_MARKERS.map((m) => escapeRe(m.word)).join('|')})\\s*[:：]\\s*`, 'iu');

/**
 * The one-line directive `::: name argument`. markdown-it-container handles fenced blocks
 * (`::: note` … `:::`), which need a closing line; a directive standing alone on its line has
 * no plugin, so this block rule (a few lines) recognises it and keeps its source line.
 */
function directiveRule(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const line = state.src.slice(state.bMarks[startLine]! + state.tShift[startLine]!, state.eMarks[startLine]!);
  const m = DIRECTIVE_LINE.exec(line);
  if (!m || m[1] === 'note') return false;
  if (silent) return true;
  const token = state.push('directive', '', 0);
  token.info = m[1]!;
  token.content = m[2] ?? '';
  token.map = [startLine, startLine + 1];
  token.block = true;
  state.line = startLine + 1;
  return true;
}

// HTML is recognised only so that a comment (<!-- … -->) can be dropped and any other tag
// refused at its line; nothing is ever rendered as HTML.
const md = new MarkdownIt('default', { html: true, linkify: false, typographer: false });
const COMMENT = /^\s*<!--[\s\S]*?-->\s*$/;
md.block.ruler.before('fence', 'directive', directiveRule, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
md.use(container, 'note');

function parse(text: string): Token[] {
  return md.parse(text, {});
}

// A template file's own tokens by its source, for the static check: the check only reads them,
// and a rebuild checks the same sources again. At most 100 sources are kept (each at most
// MAX_TEMPLATE_BYTES); past that the cache starts again. The rendered text is always parsed anew.
const sourceTokens = new Map<string, readonly Token[]>();

function parseSource(source: string): readonly Token[] {
  let tokens = sourceTokens.get(source);
  if (!tokens) {
    tokens = parse(source);
    if (sourceTokens.size >= 100) sourceTokens.clear();
    sourceTokens.set(source, tokens);
  }
  return tokens;
}

const lineOf = (t: Token | undefined): number => (t?.map ? t.map[0] + 1 : 0);

/** Block-level constructs the block model has no place for, with what to write instead. */
const UNSUPPORTED: Record<string, string> = {
  table_open: 'a table',
  fence: 'a code block',
  code_block: 'an indented code block (four spaces)',
  html_block: 'HTML',
};
const UNSUPPORTED_INLINE: Record<string, string> = {
  image: 'an image',
  s_open: 'struck-through text',
  html_inline: 'HTML',
};

/**
 * Static check of a Markdown template's source, before anything renders: every construct the
 * briefing cannot print, every directive and chart id, and the slide structure, each at its
 * line in the .md file. (Helpers and ids inside {{…}} are checked by checkTemplate.)
 */
export function checkMarkdown(t: TemplateFile, kind: ProseKind, charts: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (token: Token | undefined) => ({ file: t.file, line: lineOf(token), column: 1 });
  let tokens: readonly Token[];
  try {
    tokens = parseSource(t.source);
  } catch (e) {
    return [error('BR280', { file: t.file }, `Markdown could not be parsed: ${(e as Error).message}`)];
  }
  let listDepth = 0;
  let quoteDepth = 0;
  let slideHeadings = 0;
  let slideKinds = 0;
  let lastBlock: Token | undefined;
  const startSlide = () => {
    slideHeadings = 0;
    slideKinds = 0;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.map) lastBlock = token;
    const unsupported = token.type === 'html_block' && COMMENT.test(token.content) ? undefined : UNSUPPORTED[token.type];
    if (unsupported) {
      out.push(error('BR280', at(token), `${unsupported} has no place in a briefing`, 'write paragraphs, "-" lists, "> " quotes or a directive such as "::: chart id"'));
      continue;
    }
    switch (token.type) {
      case 'hr':
        if (kind === 'print') out.push(error('BR280', at(token), 'a rule ("---") has no place in print prose', 'start a new section with a "#" heading; "---" separates slides in slides.md'));
        else startSlide();
        break;
      case 'heading_open': {
        if (listDepth || quoteDepth) out.push(error('BR280', at(token), 'a heading inside a list or quotation has no place in a briefing'));
        if (kind === 'slides') {
          if (token.markup === '-') {
            out.push(error('BR284', at(token), 'this "---" follows a line of text, so Markdown reads that line as a heading, not as a slide break', 'leave a blank line before "---"'));
          } else if (++slideHeadings === 2) {
            out.push(error('BR284', at(token), 'a slide has one heading, its title', 'separate slides with a line "---", or write this heading as a bullet'));
          }
        }
        const inline = tokens[i + 1];
        const anchor = inline ? HEADING_ANCHOR.exec(inline.content) : null;
        if (anchor && (kind === 'slides' || token.tag !== 'h1')) out.push(error('BR280', at(token), `an anchor {#${anchor[1]}} names a section; only a "#" heading in print prose starts one`));
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open':
        if (listDepth > 0) out.push(error('BR280', at(token), 'a list inside a list has no place in a briefing', 'write one level of "-" items'));
        if (quoteDepth > 0) out.push(error('BR280', at(token), 'a list inside a quotation has no place in a briefing'));
        if (token.type === 'ordered_list_open') out.push(warning('BR285', at(token), 'a numbered list is printed as a bulleted list', 'write "-" items'));
        listDepth++;
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        break;
      case 'blockquote_open': {
        if (kind === 'slides') out.push(error('BR280', at(token), 'a quotation has no place on a slide', 'write it as the headline or a bullet'));
        if (quoteDepth > 0) out.push(error('BR280', at(token), 'a quotation inside a quotation has no place in a briefing'));
        quoteDepth++;
        // A quotation is one paragraph, optionally followed by its "— attribution" paragraph.
        const paragraphs: Token[] = [];
        for (let j = i + 1, depth = 1; j < tokens.length && depth > 0; j++) {
          const inner = tokens[j]!;
          if (inner.type === 'blockquote_open') depth++;
          if (inner.type === 'blockquote_close') depth--;
          if (depth === 1 && inner.type === 'inline') paragraphs.push(inner);
          if (depth === 1 && (inner.type === 'bullet_list_open' || inner.type === 'heading_open')) paragraphs.push(inner, inner);
        }
        const words = paragraphs.filter((p, k) => !(k === paragraphs.length - 1 && k > 0 && ATTRIBUTION.test(p.content)));
        if (words.length !== 1) out.push(error('BR288', at(token), `a quotation is one paragraph, optionally followed by a line "— who", but this one has ${words.length} paragraphs`, 'split it into separate quotations'));
        break;
      }
      case 'blockquote_close':
        quoteDepth--;
        break;
      case 'container_note_open':
        if (kind === 'slides') out.push(error('BR281', at(token), 'a "::: note" box has no place on a slide', 'write it as a bullet or in the notes'));
        break;
      case 'directive': {
        const name = token.info;
        const allowed: readonly string[] = kind === 'print' ? PRINT_DIRECTIVES : Object.keys(SLIDE_DIRECTIVES);
        if (!allowed.includes(name)) {
          const other: readonly string[] = kind === 'print' ? Object.keys(SLIDE_DIRECTIVES) : PRINT_DIRECTIVES;
          const hint = other.includes(name) ? `"::: ${name}" belongs in ${kind === 'print' ? 'slides.md' : 'print.md'}` : closest(name, allowed) ? `did you mean "::: ${closest(name, allowed)}"?` : `expected one of ${allowed.map((a) => `::: ${a}`).join(', ')}`;
          out.push(error('BR281', at(token), `unknown directive "::: ${name}" in ${kind} prose`, hint));
          break;
        }
        if (name === 'chart') {
          const id = token.content.trim();
          if (!id) out.push(error('BR281', at(token), '"::: chart" needs the id of a chart from the facts file', 'write "::: chart id"'));
          else if (!id.includes('{{') && !charts.includes(id)) {
            const hint = closest(id, charts);
            out.push(error('BR282', at(token), `unknown chart "${id}" in "::: chart"`, hint ? `did you mean "${hint}"?` : `the facts file's charts are: ${charts.join(', ') || 'none'}`));
          }
        } else if (token.content.trim()) {
          out.push(error('BR281', at(token), `"::: ${name}" takes no argument, got "${token.content.trim()}"`));
        }
        if (listDepth || quoteDepth) out.push(error('BR281', at(token), `"::: ${name}" must stand on its own line, outside lists and quotations`));
        if (kind === 'slides' && ++slideKinds === 2) out.push(error('BR284', at(token), 'a slide shows one thing: it has two directives', 'separate slides with a line "---"'));
        break;
      }
      case 'inline': {
        if (/^:::/.test(token.content)) out.push(error('BR281', at(lastBlock), `"${token.content.split('\n')[0]}" is not a directive`, 'write "::: name" on a line of its own, e.g. "::: chart id"; a "::: note" box ends with a line ":::"'));
        for (const child of token.children ?? []) {
          const what = child.type === 'html_inline' && COMMENT.test(child.content) ? undefined : UNSUPPORTED_INLINE[child.type];
          if (what) out.push(error('BR280', at(lastBlock), `${what} has no place in a briefing`));
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** A token's inline children -> template text with emphasis and link tokens, for TokenTable. */
function inlineText(children: readonly Token[] | null, tokens: TokenTable): string {
  let out = '';
  const list = children ?? [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    switch (c.type) {
      case 'text':
      case 'code_inline':
        out += c.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += '\n';
        break;
      case 'em_open':
        out += EM_OPEN;
        break;
      case 'em_close':
        out += EM_CLOSE;
        break;
      case 'strong_open':
        out += STRONG_OPEN;
        break;
      case 'strong_close':
        out += STRONG_CLOSE;
        break;
      case 'link_open': {
        const url = String(c.attrGet('href') ?? '');
        let j = i + 1;
        while (j < list.length && list[j]!.type !== 'link_close') j++;
        const label = tokens.plain(inlineText(list.slice(i + 1, j), tokens));
        // Only web links are followed; anything else prints as its text.
        out += /^https?:\/\//i.test(url) ? tokens.span({ type: 'link', text: label, url }) : label;
        i = j;
        break;
      }
      case 'html_inline':
        // A comment is dropped; any other tag is refused by the static check.
        break;
      default:
        // Images and strikethrough are refused by the static check; their text (if any) is kept.
        out += c.content;
        break;
    }
  }
  return out;
}

function headingTitle(inline: Token | undefined, tokens: TokenTable): { title: string; anchor?: string } {
  const children = [...(inline?.children ?? [])];
  const last = children[children.length - 1];
  let anchor: string | undefined;
  if (last?.type === 'text') {
    const m = HEADING_ANCHOR.exec(last.content);
    if (m) {
      anchor = m[1];
      children[children.length - 1] = Object.assign(Object.create(Object.getPrototypeOf(last) as object) as Token, last, { content: last.content.slice(0, m.index) });
    }
  }
  const title = tokens.plain(inlineText(children, tokens));
  return anchor ? { title, anchor } : { title };
}

/** The tokens between an opening token at `i` and its matching close; returns the close's index. */
function closing(list: readonly Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < list.length; j++) {
    depth += list[j]!.nesting;
    if (depth === 0) return j;
  }
  return list.length - 1;
}

/** The items of the list opened at `i` (closed at `end`), each its paragraphs' text joined. */
function listItems(list: readonly Token[], i: number, end: number, tokens: TokenTable): Inline[][] {
  const items: Inline[][] = [];
  for (let j = i + 1; j < end; j++) {
    if (list[j]!.type !== 'list_item_open') continue;
    const itemEnd = closing(list, j);
    const text = list
      .slice(j, itemEnd)
      .filter((x) => x.type === 'inline')
      .map((x) => inlineText(x.children, tokens))
      .join('\n');
    items.push(tokens.inlines(text));
    j = itemEnd;
  }
  return items;
}

/**
 * Rendered Markdown -> blocks. `onDirective` gives the blocks of a one-line directive;
 * headings are handed to `onHeading` (print sections) when it claims them.
 */
function blocks(list: readonly Token[], tokens: TokenTable, emit: (b: Block[]) => void, onHeading?: (level: number, inline: Token | undefined) => boolean): void {
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    switch (t.type) {
      case 'heading_open': {
        const level = Number(t.tag.slice(1));
        if (onHeading?.(level, list[i + 1])) {
          i += 2;
          break;
        }
        emit([{ type: 'heading', level: level <= 2 ? 2 : 3, text: headingTitle(list[i + 1], tokens).title }]);
        i += 2;
        break;
      }
      case 'paragraph_open': {
        const text = inlineText(list[i + 1]?.children ?? null, tokens);
        // A helper that makes a block (from a .hbs partial) arrives as a paragraph of its token.
        emit(tokens.blocksOf(text));
        i = closing(list, i);
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const end = closing(list, i);
        const items = listItems(list, i, end, tokens).filter((item) => item.length > 0);
        if (items.length) emit([{ type: 'list', items }]);
        i = end;
        break;
      }
      case 'blockquote_open': {
        const end = closing(list, i);
        const paragraphs = list.slice(i, end).filter((x) => x.type === 'inline');
        const last = paragraphs[paragraphs.length - 1];
        let attribution: Inline[] | undefined;
        if (last && paragraphs.length > 1 && ATTRIBUTION.test(last.content)) {
          paragraphs.pop();
          attribution = tokens.inlines(inlineText(last.children, tokens).replace(ATTRIBUTION, ''));
        }
        const block: Block = { type: 'quote', inlines: tokens.inlines(paragraphs.map((p) => inlineText(p.children, tokens)).join('\n')) };
        if (attribution?.length) block.attribution = attribution;
        emit([block]);
        i = end;
        break;
      }
      case 'container_note_open': {
        const end = closing(list, i);
        const text = list
          .slice(i, end)
          .filter((x) => x.type === 'inline')
          .map((x) => inlineText(x.children, tokens))
          .join('\n');
        const inlines = tokens.inlines(text);
        if (inlines.length) emit([{ type: 'note', inlines }]);
        i = end;
        break;
      }
      case 'directive': {
        const arg = t.content.trim();
        if (t.info === 'chart') emit([{ type: 'chart', chartId: arg }]);
        else if (t.info === 'key-figures') emit([{ type: 'keyFigures' }]);
        else if (t.info === 'timeline') emit([{ type: 'timeline' }]);
        else if (t.info === 'people') emit([{ type: 'people' }]);
        break;
      }
      default:
        break;
    }
  }
}

/**
 * A rendered print.md -> the summary (before the first "#" heading) and the sections.
 * `quoteLang`: the language quotations are in when it is not the edition's (a translated
 * edition quotes its sources in their own language, as the quote helper does).
 */
export function printFromMarkdown(rendered: string, tokens: TokenTable, quoteLang?: string): { summary: Block[]; sections: Section[] } {
  const summary: Block[] = [];
  const sections: Section[] = [];
  let current: Block[] = summary;
  blocks(
    parse(rendered),
    tokens,
    (b) => current.push(...(quoteLang ? b.map((x) => (x.type === 'quote' ? { ...x, lang: quoteLang } : x)) : b)),
    (level, inline) => {
      if (level !== 1) return false;
      const { title, anchor } = headingTitle(inline, tokens);
      const section: Section = { id: anchor ?? slug(title), title, blocks: [] };
      sections.push(section);
      current = section.blocks;
      return true;
    },
  );
  return { summary, sections };
}

/** What a slide needs from the facts: chart titles and the sources behind what it shows. */
export interface SlideContext {
  chartTitle(id: string): string;
  /** Source ids behind a chart's facts and events, in order. */
  chartSources(id: string): string[];
  /** Source ids an inline rests on (a figure's, an event's date or places, a citation). */
  inlineSources(inline: Inline): string[];
  sourceLine(sourceIds: string[]): string;
  /** Where a source's title is in the facts file (what to shorten when a source line is cut). */
  sourceOrigin(sourceId: string): Origin | undefined;
}

/**
 * The line of slides.md a rendered line came from, for layout's messages. Handlebars has run,
 * so rendered lines do not keep their numbers (blocks and loops add and remove lines); each
 * template line is read as a pattern, its {{…}} expressions matching anything, and the first
 * line at or after `from` that matches wins.
 */
function templateLine(text: string, template: readonly string[], from: number): number | undefined {
  const wanted = text.trim();
  if (!wanted) return undefined;
  for (let i = from; i < template.length; i++) {
    if (linePattern(template[i]!)?.test(wanted)) return i;
  }
  return undefined;
}

// The pattern of each template line (null: the line names no place), by the line's text: every
// slide searches the template's lines, and a rebuild searches the same lines again. At most
// 5,000 lines are kept; past that the cache starts again.
const linePatterns = new Map<string, RegExp | null>();

function linePattern(raw: string): RegExp | null {
  let pattern = linePatterns.get(raw);
  if (pattern !== undefined) return pattern;
  pattern = null;
  const line = raw.trim();
  if (line && !line.startsWith('{{!') && !/^\{\{[#/^]|^\{\{else/.test(line)) {
    const literal = line.split(/\{\{~?[^}]*~?\}\}/);
    // A line of expressions only (e.g. {{meta.subtitle}}) would match anything: it names no place.
    if (!literal.every((part) => !part.trim())) pattern = new RegExp(`^${literal.map(escapeRe).join('[\\s\\S]*')}$`);
  }
  if (linePatterns.size >= 5_000) linePatterns.clear();
  linePatterns.set(raw, pattern);
  return pattern;
}

/** A rendered slides.md -> slides, split at "---". */
export function slidesFromMarkdown(rendered: string, tokens: TokenTable, ctx: SlideContext, template: Pick<TemplateFile, 'file' | 'source'>): Slide[] {
  const all = parse(rendered);
  const renderedLines = rendered.split('\n');
  const templateLines = template.source.split('\n');
  let searchFrom = -1;
  const chunks: Token[][] = [[]];
  for (const t of all) {
    if (t.type === 'hr' && t.level === 0) chunks.push([]);
    else chunks[chunks.length - 1]!.push(t);
  }
  const slides: Slide[] = [];
  for (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let title: string | undefined;
    // What the slide shows is named by its directive, wherever in the slide it stands.
    const directive = chunk.find((t) => t.type === 'directive');
    const kind: SlideKind = (directive && SLIDE_DIRECTIVES[directive.info]) || 'bullets';
    const chartId = directive?.info === 'chart' ? directive.content.trim() : undefined;
    let headline: Inline[] | undefined;
    const bullets: Inline[][] = [];
    const notes: Inline[][] = [];
    let inNotes = false;
    const add = (inlines: Inline[], asBullet: boolean) => {
      if (!inlines.length) return;
      if (inNotes) notes.push(inlines);
      else if (!asBullet && headline === undefined && kind !== 'title' && bullets.length === 0) headline = inlines;
      else bullets.push(inlines);
    };
    for (let i = 0; i < chunk.length; i++) {
      const t = chunk[i]!;
      if (t.type === 'heading_open') {
        title ??= headingTitle(chunk[i + 1], tokens).title;
        i += 2;
      } else if (t.type === 'paragraph_open') {
        let text = inlineText(chunk[i + 1]?.children ?? null, tokens);
        if (!inNotes && NOTES.test(text)) {
          inNotes = true;
          text = text.replace(NOTES, '');
        }
        add(tokens.inlines(text), false);
        i = closing(chunk, i);
      } else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
        const end = closing(chunk, i);
        for (const item of listItems(chunk, i, end, tokens)) add(item, true);
        i = end;
      }
    }
    // The sources behind what the slide shows: its chart first, then its words in order.
    const cited = new Set<string>(chartId ? ctx.chartSources(chartId) : []);
    for (const inlines of [...(headline ? [headline] : []), ...bullets, ...notes]) for (const inline of inlines) ctx.inlineSources(inline).forEach((s) => cited.add(s));
    const slide: Slide = { kind, title: title ?? (chartId ? ctx.chartTitle(chartId) : ''), bullets, sourceLine: ctx.sourceLine([...cited]), notes };
    // The slide's place in slides.md: its heading, directive or first paragraph, whichever comes first.
    const first = chunk.find((t) => t.map && (t.type === 'heading_open' || t.type === 'directive' || t.type === 'paragraph_open' || t.type === 'bullet_list_open' || t.type === 'ordered_list_open'));
    const renderedLine = first?.map ? first.map[0] : 0;
    // Forward from the last slide's line; failing that, that line again (a loop repeats it).
    const text = renderedLines[renderedLine] ?? '';
    const found = templateLine(text, templateLines, searchFrom + 1) ?? templateLine(text, templateLines.slice(0, searchFrom + 1), searchFrom);
    if (found !== undefined) searchFrom = found;
    slide.origin = { file: template.file, line: (found ?? renderedLine) + 1, column: 1, path: '' };
    const origins = [...cited].map((id) => ctx.sourceOrigin(id)).filter((o): o is Origin => o !== undefined);
    if (origins.length) slide.sourceOrigins = origins;
    if (headline) slide.headline = headline;
    if (chartId) slide.chartId = chartId;
    slides.push(slide);
  }
  return slides;
}
