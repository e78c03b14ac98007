// A column of content flowing down pages: the cursor, page breaks, unsplittable boxes and
// paragraphs that break without leaving an orphan or widow line.
import { ascentAt } from '../fonts/index.js';
import type { Item, Page, StructRef } from './model.js';
import { runsOf, type Line } from './text.js';
import { changeBar, changeWords } from './changes.js';

export interface FlowFrame {
  width: number;
  height: number;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The part of a block that landed on one page: for drawing rules and bars beside it. */
export interface Segment {
  page: number;
  top: number;
  bottom: number;
}

export class Flow {
  readonly pages: Page[] = [];
  y = 0;
  private group = 0;
  /** The Sect group stamped on structure items added from now on (none when undefined). */
  section: number | undefined;

  constructor(readonly frame: FlowFrame) {
    this.newPage();
  }

  get page(): Page {
    return this.pages[this.pages.length - 1]!;
  }
  get contentWidth(): number {
    return this.frame.width - this.frame.left - this.frame.right;
  }
  get bottomLimit(): number {
    return this.frame.height - this.frame.bottom;
  }
  get remaining(): number {
    return this.bottomLimit - this.y;
  }
  get atTop(): boolean {
    return this.y <= this.frame.top + 0.01;
  }

  newPage(): void {
    this.pages.push({ width: this.frame.width, height: this.frame.height, items: [] });
    this.y = this.frame.top;
  }

  nextGroup(): number {
    return ++this.group;
  }

  /** Ensures `height` fits below the cursor, breaking the page if it does not. */
  need(height: number): void {
    if (height > this.remaining && !this.atTop) this.newPage();
  }

  gap(height: number): void {
    if (!this.atTop) this.y = Math.min(this.y + height, this.bottomLimit);
  }

  add(item: Item): void {
    this.addTo(this.pages.length - 1, item);
  }

  /** Adds to an earlier page (e.g. a list bullet beside a first line that moved on). */
  addTo(page: number, item: Item, before?: Item): void {
    if (this.section !== undefined && item.struct.role !== 'Artifact' && item.struct.section === undefined) item.struct.section = this.section;
    const items = this.pages[page]!.items;
    const at = before ? items.indexOf(before) : -1;
    if (at >= 0) items.splice(at, 0, item);
    else items.push(item);
  }

  /**
   * Marks a changed figure on the current page: `note` as hidden words in `struct` (added
   * now, so they follow the figure's run), and with `bar` the change bar in the margin
   * beside `top`–`bottom`.
   */
  markChange(top: number, bottom: number, baseline: number, note: string, struct: StructRef, bar = true): void {
    const mark = changeBar(this.frame.left, top, bottom);
    this.add(changeWords(note, struct, this.frame.left / 10, mark.x, baseline));
    if (bar) this.add(mark);
  }

  /**
   * Places wrapped lines at the cursor. Breaks the page between lines when needed, but
   * never leaves fewer than two lines at the foot of a page or carries one line alone over.
   * With `keepFirst`, a block of two or more lines never starts with a lone line at the foot.
   * Returns the part placed on each page.
   */
  lines(lines: readonly Line[], x: number, leading: number, struct: StructRef, keepFirst = 0): Segment[] {
    const segments: Segment[] = [];
    const ascent = (line: Line) => {
      let most = 0;
      for (const p of line.pieces) most = Math.max(most, ascentAt(p.size, p.face) * 0.8);
      return most;
    };
    let i = 0;
    while (i < lines.length) {
      const fit = Math.floor((this.remaining + 0.01) / leading);
      const left = lines.length - i;
      let take = Math.min(fit, left);
      if (take < left) {
        // Widow/orphan control: at least two lines each side of a page break.
        if (left - take < 2) take = left - 2;
        if (take < 2) take = 0;
      }
      if (i === 0 && keepFirst > 0 && take < Math.min(left, 2) && !this.atTop) take = 0;
      if (take <= 0) {
        if (this.atTop) take = Math.max(1, Math.min(fit, left));
        else {
          this.newPage();
          continue;
        }
      }
      const segment: Segment = { page: this.pages.length - 1, top: this.y, bottom: this.y + take * leading };
      segments.push(segment);
      for (let k = 0; k < take; k++) {
        const line = lines[i + k]!;
        const baseline = this.y + Math.max(ascent(line), leading * 0.72);
        let changed = false;
        for (const run of runsOf(line, x)) {
          const item: Item = { kind: 'text', x: run.x, y: baseline - run.piece.rise, text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct };
          if (run.piece.link) item.link = run.piece.link;
          this.add(item);
          // A changed figure: the bar beside its line (once per line), the words saying what
          // changed right after the figure's end in reading order (once, if it wraps).
          if (run.piece.change && run.changeEnd) this.markChange(this.y, this.y + leading, baseline, run.piece.change, struct, false);
          changed ||= run.piece.change !== undefined;
        }
        if (changed) this.add(changeBar(this.frame.left, this.y, this.y + leading));
        this.y += leading;
      }
      i += take;
      if (i < lines.length) this.newPage();
    }
    return segments;
  }
}
