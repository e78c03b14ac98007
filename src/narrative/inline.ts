// Template output is plain text with private-use tokens standing for everything a helper
// produced (fact spans, citations, finished blocks). Values from facts never pass through
// as text, so nothing in a fact can be read as structure: it is inserted after parsing.
import type { Block, Inline } from './model.js';

export const SPAN_OPEN = '\uE000';
export const SPAN_CLOSE = '\uE001';
export const EM_OPEN = '\uE002';
export const EM_CLOSE = '\uE003';
export const STRONG_OPEN = '\uE004';
export const STRONG_CLOSE = '\uE005';
export const BLOCK_OPEN = '\uE006';
export const BLOCK_CLOSE = '\uE007';

/** Private-use characters are our token alphabet; strip them from any incoming text. */
export function sanitise(text: string): string {
  return text.replace(/[\uE000-\uE00F]/g, '');
}

export type SpanInline = Inline;

/** Per-render registry of spans and blocks that tokens refer to. */
export class TokenTable {
  private spans: SpanInline[] = [];
  private blocks: Block[][] = [];

  span(inline: SpanInline): string {
    this.spans.push(inline);
    return `${SPAN_OPEN}${this.spans.length - 1}${SPAN_CLOSE}`;
  }

  block(blocks: Block[]): string {
    this.blocks.push(blocks);
    return `\n\n${BLOCK_OPEN}${this.blocks.length - 1}${BLOCK_CLOSE}\n\n`;
  }

  /** Text with span and emphasis tokens -> inline runs, white space collapsed. */
  inlines(text: string): Inline[] {
    const out: Inline[] = [];
    let bold = false;
    let italic = false;
    let buffer = '';
    const flush = () => {
      if (buffer) {
        const run: Inline = { type: 'text', text: buffer };
        if (bold) run.bold = true;
        if (italic) run.italic = true;
        const prev = out[out.length - 1];
        if (prev && prev.type === 'text' && !!prev.bold === bold && !!prev.italic === italic) prev.text += buffer;
        else out.push(run);
      }
      buffer = '';
    };
    const collapsed = text.replace(/\s+/g, ' ');
    for (let i = 0; i < collapsed.length; i++) {
      const ch = collapsed[i]!;
      if (ch === SPAN_OPEN) {
        const close = collapsed.indexOf(SPAN_CLOSE, i);
        const span = this.spans[Number(collapsed.slice(i + 1, close))];
        i = close;
        if (!span) continue;
        if (span.type === 'text') {
          // Text from data joins the run as it is: it is never scanned for tokens again.
          buffer += span.text;
          continue;
        }
        if (span.type === 'cite') buffer = buffer.replace(/ $/, ''); // markers hug the preceding word
        flush();
        const placed: SpanInline = { ...span };
        if (placed.type === 'fact') {
          if (bold) placed.bold = true;
          if (italic) placed.italic = true;
        }
        out.push(placed);
      } else if (ch === EM_OPEN || ch === EM_CLOSE || ch === STRONG_OPEN || ch === STRONG_CLOSE) {
        flush();
        if (ch === EM_OPEN) italic = true;
        else if (ch === EM_CLOSE) italic = false;
        else if (ch === STRONG_OPEN) bold = true;
        else bold = false;
      } else {
        buffer += ch;
      }
    }
    flush();
    // Trim the outer white space of the paragraph.
    const first = out[0];
    if (first?.type === 'text') first.text = first.text.replace(/^ /, '');
    const last = out[out.length - 1];
    if (last?.type === 'text') last.text = last.text.replace(/ $/, '');
    return out.filter((i) => i.type !== 'text' || i.text !== '');
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
