// Static checks of a template's syntax tree, before anything renders: unknown helpers,
// missing partials and unknown ids fail with the template's file:line:column; figures typed
// into prose are warned about, since every printed figure must come from a sourced fact.
import Handlebars from 'handlebars';
import { error, warning, type Diagnostic } from '../diagnostics/index.js';
import { closest } from '../facts/index.js';
import { codePointName, uncoveredCharacters } from '../fonts/index.js';
import { NOTES_MARKERS } from '../format/index.js';
import { HELPERS, type RefKind } from './helpers.js';
import { SLIDE_KINDS } from './model.js';
import type { TemplateFile } from './templates.js';

export type TemplateRefs = Record<RefKind | 'partial', string[]>;

// Handlebars' own block helpers and data paths a template may use freely.
// (`log` is removed: it writes to the console.)
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup']);

// The AST node types are loosely typed in @types; we read only type, loc, path, params, hash.
interface Node {
  type: string;
  loc?: { start: { line: number; column: number } };
  path?: { type: string; original: string; parts?: string[] };
  name?: { original: string; type: string };
  params?: Node[];
  hash?: { pairs: { key: string; value: Node }[] };
  program?: Node;
  inverse?: Node;
  body?: Node[];
  value?: unknown;
  original?: string;
}

// Parsed syntax trees by template source: the walk below only reads them, and parsing is the
// costly part of checking, so a rebuild (watch, batch, library use) parses each source once.
const parsed = new Map<string, Node>();

function parseTemplate(source: string): Node {
  let ast = parsed.get(source);
  if (!ast) {
    ast = Handlebars.parse(source) as unknown as Node;
    if (parsed.size >= 500) parsed.clear();
    parsed.set(source, ast);
  }
  return ast;
}

/**
 * Helpers that make structure have a Markdown form; in Markdown prose that form is the one way
 * to write them, so the file reads as Markdown and its structure is checked at its lines.
 */
const MARKDOWN_FORMS: Record<string, string> = {
  section: 'a "# Title" heading',
  summary: 'the text before the first "#" heading',
  heading: 'a "## Heading"',
  p: 'a paragraph (text between blank lines)',
  note: 'a "::: note" … ":::" box',
  quote: 'a "> " quotation, with a last line "— who"',
  chart: '"::: chart id" on its own line',
  keyFigures: '"::: key-figures" on its own line',
  timeline: '"::: timeline" on its own line',
  people: '"::: people" on its own line',
  slide: 'a line "---" between slides, and a directive such as "::: chart id"',
  headline: 'the slide\'s first paragraph',
  notes: `a paragraph ${NOTES_MARKERS.map((m) => `"${m.written}"`).join(' or ')} followed by the notes`,
  em: '*emphasis*',
  strong: '**strong**',
};

export function checkTemplate(t: TemplateFile, refs: TemplateRefs, usedFacts: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const markdown = t.name.endsWith('.md');
  let ast: Node;
  try {
    ast = parseTemplate(t.source);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    const m = /line (\d+)/.exec(err.message);
    const line = err.lineNumber ?? (m ? Number(m[1]) : 0);
    return [error('BR201', { file: t.file, line, column: (err.column ?? 0) + 1 }, `template syntax error: ${err.message.split('\n')[0]}`)];
  }
  const at = (node: Node) => ({ line: node.loc?.start.line ?? 0, column: (node.loc?.start.column ?? 0) + 1 });
  const report = (code: string, node: Node, message: string, severity: 'error' | 'warning' = 'error') => out.push((severity === 'error' ? error : warning)(code, { file: t.file, ...at(node) }, message));

  const checkRef = (kind: RefKind, arg: Node | undefined, helper: string) => {
    if (!arg || arg.type !== 'StringLiteral') return; // computed ids are checked when rendering
    const id = String(arg.value);
    if (kind === 'fact') usedFacts.add(id);
    if (refs[kind].includes(id)) return;
    const hint = closest(id, refs[kind]);
    report('BR202', arg, `unknown ${kind === 'entity' ? 'person, organisation or place' : kind} "${id}" in {{${helper}}}${hint ? ` (did you mean "${hint}"?)` : ''}`);
  };

  // "more than {{fact "x"}}" prints "more than more than 4,300" when the fact is qualified:
  // the fact helper prints its own qualifier, so one typed before it is flagged.
  const checkQualifiers = (body: Node[]) => {
    body.forEach((node, i) => {
      const before = body[i - 1];
      if (node.type !== 'MustacheStatement' || node.path?.original !== 'fact' || before?.type !== 'ContentStatement') return;
      if (node.hash?.pairs.some((p) => p.key === 'bare')) return;
      const typed = /\b(more than|approximately|about|at least|up to|over|around|nearly|almost|some)\s+$/i.exec(String(before.value ?? ''));
      if (typed) report('BR207', node, `"${typed[1]}" is typed before {{fact}}, which prints the fact's own qualifier; remove it, or use bare=true`, 'warning');
    });
  };

  const visit = (node: Node | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        checkQualifiers(node.body ?? []);
        node.body?.forEach(visit);
        return;
      case 'ContentStatement': {
        // `original` keeps the white space Handlebars strips around standalone tags, so
        // line and column counted in it match the file.
        let text = String(node.original ?? node.value ?? '');
        // Template text is printed too: a character the fonts lack would be an empty box.
        for (const c of uncoveredCharacters(text)) {
          const before = text.slice(0, c.index);
          const line = (node.loc?.start.line ?? 1) + (before.match(/\n/g)?.length ?? 0);
          const column = before.includes('\n') ? c.index - before.lastIndexOf('\n') : (node.loc?.start.column ?? 0) + c.index + 1;
          out.push(error('BR600', { file: t.file, line, column }, `the character "${c.char}" (${codePointName(c.codePoint)}) cannot be drawn by the fonts of the build; it would print as an empty box`));
        }
        // In Markdown, "1. " at the start of a line is a list marker, not a figure.
        if (markdown) text = text.replace(/^([ \t]*)\d{1,9}[.)](?=[ \t])/gm, (m, space: string) => space + ' '.repeat(m.length - space.length));
        const figure = /(?<![\w\uE000-\uE00F])\d[\d,.]*(?:\s?(?:%|per\s?cent|billion|million|thousand))?/.exec(text);
        if (figure) {
          const before = text.slice(0, figure.index);
          const line = (node.loc?.start.line ?? 1) + (before.match(/\n/g)?.length ?? 0);
          const column = figure.index - before.lastIndexOf('\n');
          out.push(warning('BR208', { file: t.file, line, column }, `figure "${figure[0].trim()}" is typed into the prose; print figures with {{fact "id"}} so they trace to a source`));
        }
        return;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const name = node.name?.original ?? '';
        if (markdown) out.push(error('BR283', { file: t.file, ...at(node) }, `a partial ({{> ${name}}}) has no place in Markdown prose`, 'write the prose in this file, one "#" section after another'));
        if (node.name?.type === 'PathExpression' && !refs.partial.includes(name)) {
          const hint = closest(name, refs.partial);
          report('BR204', node, `missing partial "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
        }
        visit(node.program);
        return;
      }
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const name = node.path?.original ?? '';
        const isCall = (node.params?.length ?? 0) > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type !== 'MustacheStatement';
        // Own entries only: a template calling {{constructor}} must not find Object's members.
        const spec = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
        if (spec && markdown && Object.hasOwn(MARKDOWN_FORMS, name)) {
          out.push(error('BR283', { file: t.file, ...at(node) }, `{{${node.type === 'BlockStatement' ? '#' : ''}${name}}} is template code; Markdown prose writes it as ${MARKDOWN_FORMS[name]}`));
        }
        if (spec) {
          spec.refs.forEach((kind, i) => checkRef(kind, node.params?.[i], name));
          for (const pair of node.hash?.pairs ?? []) {
            const kind = spec.hashRefs?.[pair.key];
            if (kind) checkRef(kind, pair.value, name);
            // A misspelt slide kind is caught here, with its place, not left to the layout.
            if (name === 'slide' && pair.key === 'kind' && pair.value.type === 'StringLiteral' && !(SLIDE_KINDS as readonly string[]).includes(String(pair.value.value))) {
              const hint = closest(String(pair.value.value), SLIDE_KINDS);
              report('BR203', pair.value, `unknown slide kind "${String(pair.value.value)}"${hint ? ` (did you mean "${hint}"?)` : ` (expected one of ${SLIDE_KINDS.join(', ')})`}`);
            }
          }
          if (spec.block && node.type !== 'BlockStatement') report('BR205', node, `{{${name}}} is a block helper: write {{#${name}}}…{{/${name}}}`);
        } else if (isCall && !BUILTIN_HELPERS.has(name) && node.path?.type === 'PathExpression') {
          const hint = closest(name, [...Object.keys(HELPERS), ...BUILTIN_HELPERS]);
          report('BR206', node, `unknown helper "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
        }
        node.params?.forEach(visit);
        node.hash?.pairs.forEach((p) => visit(p.value));
        visit(node.program);
        visit(node.inverse);
        return;
      }
      default:
        return;
    }
  };
  visit(ast);
  return out;
}
