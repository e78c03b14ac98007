// Template output is plain text with private-use tokens standing for everything a helper
// produced (fact spans, text from data, citations, finished blocks). Values from facts never
// pass through the template output as text, so nothing in a fact can be read as structure:
// the text is looked up by its token after parsing and inserted as it is.
import type { Block, DataRef, Inline } from './model.js';

export const SPAN_OPEN = '\uE000';
export const SPAN_CLOSE = '\uE001';
export const EM_OPEN = '\uE002';
export const EM_CLOSE = '\uE003';
export const STRONG_OPEN = '\uE004';
export const STRONG_CLOSE = '\uE005';
export const BLOCK_OPEN = '\uE006';
export const BLOCK_CLOSE = '\uE007';

const TOKEN_CHARS = /[\uE000-\uE00F]/g;

/**
 * Private-use characters are our token alphabet. Only template sources are stripped of them
 * (a template cannot forge a token); text from data is never scanned, so it keeps them.
 */
export function sanitise(text: string): string {
  return text.replace(TOKEN_CHARS, '');
}

export type SpanInline = Inline;

// A sentence starts at the beginning of a paragraph or item, or after . ! or ? (and any
// closing quote or bracket). Text from data placed there gets a capital: "As of the end of
// 2022, …", "More than 4,300 …".
const CLOSERS = '”’"\')]';
const SPACE = /\s/;

/**
 * Whether `text` ends a sentence: /[.!?][”’"')\]]*\s*$/ read from the end, so only the tail
 * is looked at and a long paragraph with many figures is not scanned again for each one.
 */
function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && SPACE.test(text[i]!)) i--;
  while (i >= 0 && CLOSERS.includes(text[i]!)) i--;
  const ch = text[i];
  return ch === '.' || ch === '!' || ch === '?';
}

/** The token characters `inlines` acts on; every other character is text. */
const INLINE_TOKEN = /[\uE000\uE002-\uE007]/g;

function capitalise(text: string): string {
  return text.replace(/^(\s*)(\p{Ll})/u, (_, space: string, letter: string) => space + letter.toUpperCase());
}

/** Per-render registry of spans and blocks that tokens refer to. */
export class TokenTable {
  private spans: SpanInline[] = [];
  private blocks: Block[][] = [];

  span(inline: SpanInline): string {
    this.spans.push(inline);
    return `${SPAN_OPEN}${this.spans.length - 1}${SPAN_CLOSE}`;
  }

  /** Text read from the facts file; '' stays '' so {{#if}} on an empty field still works. */
  data(text: string, ref?: DataRef): string {
    if (text === '') return '';
    return this.span(ref ? { type: 'text', text, ref } : { type: 'text', text });
  }

  block(blocks: Block[]): string {
    this.blocks.push(blocks);
    return `\n\n${BLOCK_OPEN}${this.blocks.length - 1}${BLOCK_CLOSE}\n\n`;
  }

  /** Template output -> plain text (for titles and labels): spans become their text. */
  plain(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (ch === SPAN_OPEN) {
        const close = text.indexOf(SPAN_CLOSE, i);
        const span = this.spans[Number(text.slice(i + 1, close))];
        i = close;
        if (span && span.type !== 'cite') out += span.text;
      } else if (!/[\uE000-\uE00F]/.test(ch)) {
        out += ch;
      }
    }
    return out.replace(/\s+/g, ' ').trim();
  }

  /** Text with span and emphasis tokens -> inline runs, white space collapsed. */
  inlines(text: string): Inline[] {
    const out: Inline[] = [];
    let bold = false;
    let italic = false;
    let buffer = '';
    // Text and fact runs take the emphasis in force; links and citations keep their own look.
    const style = (run: Inline): Inline => {
      if (run.type !== 'text' && run.type !== 'fact') return run;
      const styled = { ...run };
      if (bold) styled.bold = true;
      if (italic) styled.italic = true;
      return styled;
    };
    const flush = () => {
      if (buffer) {
        const prev = out[out.length - 1];
        if (prev && prev.type === 'text' && !prev.ref && !!prev.bold === bold && !!prev.italic === italic) prev.text += buffer;
        else out.push(style({ type: 'text', text: buffer }));
      }
      buffer = '';
    };
    const atSentenceStart = (): boolean => {
      let before = buffer;
      for (let j = out.length - 1; j >= 0 && before.trim() === ''; j--) {
        const run = out[j]!;
        if (run.type !== 'cite') before = run.text + before;
      }
      return before.trim() === '' || endsSentence(before);
    };
    const collapsed = text.replace(/\s+/g, ' ');
    for (let i = 0; i < collapsed.length; i++) {
      // Plain text up to the next token character is taken in one piece.
      INLINE_TOKEN.lastIndex = i;
      const next = INLINE_TOKEN.exec(collapsed)?.index ?? collapsed.length;
      if (next > i) {
        buffer += collapsed.slice(i, next);
        i = next - 1;
        continue;
      }
      const ch = collapsed[i]!;
      if (ch === SPAN_OPEN) {
        const close = collapsed.indexOf(SPAN_CLOSE, i);
        const span = this.spans[Number(collapsed.slice(i + 1, close))];
        i = close;
        if (!span) continue;
        if (span.type === 'cite') {
          buffer = buffer.replace(/ $/, ''); // markers hug the preceding word
          flush();
          out.push({ ...span });
          continue;
        }
        // Text from data is inserted as it is: it is never scanned for tokens again.
        let shown = span.text.replace(/\s+/g, ' ');
        if (atSentenceStart()) shown = capitalise(shown);
        if (span.type === 'text' && !span.ref) {
          buffer += shown;
          continue;
        }
        flush();
        out.push(style({ ...span, text: shown }));
      } else if (ch === EM_OPEN || ch === EM_CLOSE || ch === STRONG_OPEN || ch === STRONG_CLOSE) {
        flush();
        if (ch === EM_OPEN) italic = true;
        else if (ch === EM_CLOSE) italic = false;
        else if (ch === STRONG_OPEN) bold = true;
        else bold = false;
      } else if (ch === BLOCK_OPEN || ch === BLOCK_CLOSE) {
        // A block inside running text (e.g. {{chart}} in a {{#p}}) has no inline form.
        continue;
      } else {
        buffer += ch;
      }
    }
    flush();
    // Trim the outer white space of the paragraph.
    const first = out[0];
    if (first && first.type !== 'cite') first.text = first.text.replace(/^ /, '');
    const last = out[out.length - 1];
    if (last && last.type !== 'cite') last.text = last.text.replace(/ $/, '');
    return out.filter((i) => i.type === 'cite' || i.text !== '');
  }

  /**
   * Text of a section body -> blocks. Finished blocks arrive as tokens; the remaining text
   * is split on blank lines into paragraphs, and runs of lines starting "- " into lists.
   */
  blocksOf(text: string): Block[] {
    const out: Block[] = [];
    for (const chunk of text.split(/\n[ \t]*\n/)) {
      const trimmed = chunk.trim();
      if (!trimmed) continue;
      const blockToken = new RegExp(`^${BLOCK_OPEN}(\\d+)${BLOCK_CLOSE}$`).exec(trimmed);
      if (blockToken) {
        out.push(...(this.blocks[Number(blockToken[1])] ?? []));
        continue;
      }
      const lines = trimmed.split('\n').map((l) => l.trim());
      if (lines.every((l) => l.startsWith('- ') || l === '')) {
        const items = lines.filter((l) => l).map((l) => this.inlines(l.slice(2)));
        out.push({ type: 'list', items });
      } else {
        const inlines = this.inlines(trimmed);
        if (inlines.length) out.push({ type: 'paragraph', inlines });
      }
    }
    return out;
  }

  /** Lines starting "- " -> list items (used for slide bullets and notes). */
  items(text: string): Inline[][] {
    const chunks = text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const items: string[] = [];
    for (const line of chunks) {
      if (line.startsWith('- ') || items.length === 0) items.push(line.replace(/^- /, ''));
      else items[items.length - 1] += ` ${line}`;
    }
    return items.map((i) => this.inlines(i)).filter((i) => i.length > 0);
  }
}
