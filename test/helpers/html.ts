// HTML read with a real parser (parse5, the WHATWG algorithm browsers use), for checks on
// the e-mail body: what mail clients will load, style and show.
import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

export function parseHtml(html: string): DefaultTreeAdapterMap['document'] {
  return parse(html);
}

function isElement(n: Node): n is Element {
  return 'tagName' in n;
}

function children(n: Node): Node[] {
  const own = 'childNodes' in n ? (n.childNodes as Node[]) : [];
  const content = isElement(n) && n.tagName === 'template' && 'content' in n ? ((n as unknown as { content: { childNodes: Node[] } }).content.childNodes) : [];
  return [...own, ...content];
}

/** Every element under `root` (document order), optionally only those named `tag`. */
export function elements(root: Node, tag?: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    for (const c of children(n)) {
      if (isElement(c)) {
        if (!tag || c.tagName === tag) out.push(c);
      }
      walk(c);
    }
  };
  walk(root);
  return out;
}

export function attr(e: Element, name: string): string | undefined {
  return e.attrs.find((a) => a.name === name)?.value;
}

export function text(n: Node): string {
  if ('value' in n && n.nodeName === '#text') return String(n.value);
  return children(n).map(text).join('');
}

/** Elements that load or run something, or style from outside the element itself. */
const FORBIDDEN = new Set(['script', 'style', 'link', 'iframe', 'frame', 'object', 'embed', 'base', 'form', 'video', 'audio', 'source', 'svg', 'math']);
/** Attributes through which a mail client would fetch something. */
const FETCHING = ['src', 'srcset', 'background', 'poster', 'data', 'action', 'formaction', 'longdesc', 'lowsrc', 'dynsrc'];

/**
 * What keeps an HTML e-mail body from being self-contained and accessible: external or
 * active content, styling other than inline style attributes, images without alt text.
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const doc = parseHtml(html);
  for (const e of elements(doc)) {
    const where = `<${e.tagName}>`;
    if (FORBIDDEN.has(e.tagName)) problems.push(`${where} is not allowed`);
    if (e.tagName === 'meta' && attr(e, 'http-equiv')) problems.push(`${where} with http-equiv`);
    for (const a of e.attrs) {
      if (a.name === 'class' || a.name === 'id') problems.push(`${where} has ${a.name}="${a.value}": style inline instead`);
      if (a.name.startsWith('on')) problems.push(`${where} has an event handler ${a.name}`);
      if (FETCHING.includes(a.name) && !(e.tagName === 'img' && a.name === 'src' && /^cid:[^\s]+$/.test(a.value))) problems.push(`${where} ${a.name}="${a.value}" loads an external resource`);
      if (a.name === 'style' && /url\s*\(|@import|expression\s*\(/i.test(a.value)) problems.push(`${where} style loads or computes: ${a.value}`);
      if (a.name === 'href' && !/^(https?:|mailto:|#)/i.test(a.value)) problems.push(`${where} href="${a.value}" is not a web or mail link`);
    }
    if (e.tagName === 'img' && !(attr(e, 'alt') ?? '').trim()) problems.push(`${where} ${attr(e, 'src') ?? ''} has no alt text`);
  }
  return problems;
}
