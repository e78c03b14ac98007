// Tagging: the structure tree of the tagged PDF. Each laid-out item's StructRef (role, group,
// parent, section, alt text, scope) decides the element its content is marked into; artifacts
// (running headers, footers, decoration) are marked as such and stay out of the tree.
import type { Item, Role, StructRef } from '../layout/index.js';
import { round } from './pages.js';

// PDFKit's structure element type is not exported by @types/pdfkit.
type StructElement = ReturnType<PDFKit.PDFDocument['struct']>;
interface StructOptions {
  alt?: string;
  bbox?: [number, number, number, number];
  scope?: 'Column' | 'Row';
  lang?: string;
}

// The parts of PDFKit's marked-content bookkeeping this relies on (private in @types/pdfkit):
// the page's open markings (closed at the page's end), its key in the parent tree, and the
// parent tree's list of structure elements by MCID.
type StructContent = ReturnType<PDFKit.PDFDocument['markStructureContent']>;
interface Marking {
  tag: string;
  options?: object;
  structContent?: StructContent;
}
interface MarkingInternals {
  page: { markings: Marking[]; structParentTreeKey: number; dictionary: unknown };
  getStructParentTree(): { get(key: number): unknown[] };
  addContent(data: string): unknown;
}

/** Artifact kinds: PDFKit's markContent options, and the BDC operator it writes for them. */
const ARTIFACTS = {
  Layout: { options: { type: 'Layout' }, bdc: '/Artifact <<\n/Type /Layout\n>> BDC' },
  Header: { options: { type: 'Pagination', attached: ['Top'] }, bdc: '/Artifact <<\n/Type /Pagination\n/Attached [/Top]\n>> BDC' },
  Footer: { options: { type: 'Pagination', attached: ['Bottom'] }, bdc: '/Artifact <<\n/Type /Pagination\n/Attached [/Bottom]\n>> BDC' },
} as const;

/** PDFKit's PDFStructureContent (not exported), taken from the first one PDFKit makes. */
let StructContentClass: (new (pageRef: unknown, mcid: number) => StructContent) | undefined;

/**
 * doc.markContent('Artifact', …) and doc.markStructureContent(tag), writing the same operators
 * and keeping the same records, without PDFKit's per-item option objects and dictionary
 * serialisation. PDFKit itself does it when a marking is still open (it closes those first).
 */
function markArtifact(doc: PDFKit.PDFDocument, kind: keyof typeof ARTIFACTS): void {
  const d = doc as unknown as MarkingInternals;
  const artifact = ARTIFACTS[kind];
  if (d.page.markings.length > 0) {
    doc.markContent('Artifact', artifact.options as unknown as PDFKit.Mixins.MarkingOptions);
    return;
  }
  d.page.markings.push({ tag: 'Artifact', options: artifact.options });
  d.addContent(artifact.bdc);
}

function markStructure(doc: PDFKit.PDFDocument, tag: string): StructContent {
  const d = doc as unknown as MarkingInternals;
  if (!StructContentClass || d.page.markings.length > 0) {
    const content = doc.markStructureContent(tag);
    StructContentClass ??= content.constructor as unknown as typeof StructContentClass;
    return content;
  }
  const parents = d.getStructParentTree().get(d.page.structParentTreeKey);
  const mcid = parents.length;
  parents.push(null);
  const content = new StructContentClass(d.page.dictionary, mcid);
  d.page.markings.push({ tag, options: { mcid }, structContent: content });
  d.addContent(`/${tag} <<\n/MCID ${mcid}\n>> BDC`);
  return content;
}

export class Tagger {
  private readonly root: StructElement;
  private readonly elements = new Map<string, StructElement>();

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /**
   * Marks what `draw` puts on the page as `item`'s content: an artifact, a Link element
   * (holding the text and, through `draw`'s structParent, its annotation), or the content of
   * the item's structure element.
   */
  mark(item: Item, draw: (structParent?: StructElement) => void): void {
    const doc = this.doc;
    const s = item.struct;
    if (s.role === 'Artifact') {
      markArtifact(doc, s.artifact ?? 'Layout');
      draw();
      doc.endMarkedContent();
      return;
    }
    const leaf = this.leafOf(s, item);
    if (item.kind === 'text' && item.link) {
      // A link is its own Link element holding the text and the annotation (via OBJR), so
      // assistive technology announces it and can follow it.
      const link = doc.struct('Link');
      leaf.add(link);
      const content = markStructure(doc, 'Link');
      draw(link);
      doc.endMarkedContent();
      link.add(content);
      link.end();
      return;
    }
    const content = markStructure(doc, structRole(s.role));
    draw();
    doc.endMarkedContent();
    leaf.add(content);
  }

  /** Closes every element; call once, after the last page. */
  end(): void {
    for (const el of this.elements.values()) el.end();
    this.root.end();
  }

  /** The element under `key`, made (with `opts()`, when given) and added to `parent` on first use. */
  private element(key: string, role: string, parent: StructElement, opts?: () => StructOptions): StructElement {
    let el = this.elements.get(key);
    if (!el) {
      el = this.doc.struct(role, opts ? opts() : {});
      parent.add(el);
      this.elements.set(key, el);
    }
    return el;
  }

  /** The structure element an item's content belongs in, creating its ancestors on first use. */
  private leafOf(s: StructRef, item: Item): StructElement {
    const base = s.section !== undefined ? this.element(`Sect-${s.section}`, 'Sect', this.root) : this.root;
    const role = structRole(s.role);
    const opts = (): StructOptions => {
      const o: StructOptions = {};
      if (s.alt) o.alt = s.alt;
      if (s.scope) o.scope = s.scope;
      if (s.lang) o.lang = s.lang;
      if (item.kind === 'chart') o.bbox = [round(item.x), round(item.y), round(item.x + item.w), round(item.y + item.h)];
      return o;
    };
    const p = s.parent;
    if (!p) return this.element(`${role}-${s.group}`, role, base, opts);
    switch (p.role) {
      case 'L': {
        // L > LI > (Lbl, LBody): the label and body of one item share the item's group.
        const list = this.element(`L-${p.group}`, 'L', base);
        const li = this.element(`LI-${s.group}`, 'LI', list);
        return role === 'Lbl' ? this.element(`Lbl-${s.group}`, 'Lbl', li) : this.element(`LBody-${s.group}`, 'LBody', li);
      }
      case 'TR': {
        const table = this.element(`Table-${s.table ?? p.group}`, 'Table', base);
        const row = this.element(`TR-${p.group}`, 'TR', table);
        return this.element(`${role}-${s.group}`, role, row, opts);
      }
      case 'LBody':
        return this.element(`${role}-${s.group}`, role, this.elements.get(`LBody-${p.group}`) ?? base, opts);
      case 'Table':
      case 'Sect':
        return this.element(`${role}-${s.group}`, role, this.element(`${p.role}-${p.group}`, p.role, base), opts);
    }
  }
}

/** Layout's roles as standard PDF structure types. */
function structRole(role: Role): string {
  return role === 'Title' ? 'H1' : role === 'Note' ? 'P' : role;
}
