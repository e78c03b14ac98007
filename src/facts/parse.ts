// Reading a facts file: bytes -> YAML/JSON document with source positions. JSON is read by
// the YAML parser too (it is YAML 1.2), so both formats get the same line:column errors.
import { LineCounter, parseDocument, visit, isAlias, isMap, isSeq, isPair, isScalar, type Alias, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/index.js';
import { ContentCache } from '../digest/index.js';

/** A facts file bigger than this is refused before parsing; real briefings are a few KB. */
export const MAX_FACTS_BYTES = 2 * 1024 * 1024;
/** Deeper nesting than this is refused: the format is never more than ~6 levels deep. */
export const MAX_DEPTH = 32;
/**
 * A cheap scan of the text refuses documents whose brackets and indentation could nest
 * deeper than this, before the YAML parser (which recurses, and slows down on deep flow
 * collections) ever sees them. The exact MAX_DEPTH check runs on the parsed document.
 */
const MAX_ROUGH_DEPTH = 256;
/**
 * Values (scalars, lists and maps) a document may hold once its YAML aliases are expanded;
 * stops "billion laughs" alias bombs before they are expanded. Real facts files hold ~1,000.
 */
const MAX_EXPANDED_VALUES = 100_000;
/** The yaml package's own alias limit, kept as a second guard. */
const MAX_ALIAS_COUNT = 10_000;

export type PathKey = string | number;

export interface ParsedFile {
  file: string;
  data: unknown;
  /** Line and column (1-based) of the node at `path`, or of its nearest existing ancestor. */
  locate(path: readonly PathKey[], at?: 'key' | 'value'): { line: number; column: number };
}

export type ParseResult = { ok: true; parsed: ParsedFile } | { ok: false; diagnostics: Diagnostic[] };

function fail(code: string, file: string, message: string, line = 0, column = 0, path = ''): ParseResult {
  return { ok: false, diagnostics: [error(code, { file, line, column, path }, message)] };
}

/** The diagnostic for a file too big to read; used before reading it. */
export function tooBig(file: string, bytes: number): Diagnostic {
  // Enough decimals that a file just over the limit does not read as exactly the limit.
  let digits = 1;
  while (digits < 6 && Number((bytes / (1024 * 1024)).toFixed(digits)) <= MAX_FACTS_BYTES / (1024 * 1024)) digits++;
  const mb = (bytes / (1024 * 1024)).toFixed(digits);
  return error('BR101', { file }, `the facts file is ${mb} MB; the limit is ${MAX_FACTS_BYTES / (1024 * 1024)} MB`);
}

export function parseFactsBytes(bytes: Uint8Array, file: string): ParseResult {
  if (bytes.byteLength > MAX_FACTS_BYTES) return { ok: false, diagnostics: [tooBig(file, bytes.byteLength)] };
  const wide = wideEncoding(bytes);
  if (wide) return { ok: false, diagnostics: [error('BR170', { file, line: 1, column: 1 }, `the facts file is ${wide} text; ${wide} is not supported, save it as UTF-8`, 'most editors offer "UTF-8" under Save As or in the status bar')] };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const at = bytePosition(bytes, nul);
    return fail('BR102', file, 'the facts file is binary (it contains a NUL byte), not YAML or JSON text', at.line, at.column);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) {
    const at = bytePosition(bytes, bad);
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    return fail('BR103', file, `expected UTF-8 text, got the byte 0x${hex}; save the file as UTF-8`, at.line, at.column);
  }
  const kept = parsedFiles.get(bytes, (b) => {
    const result = parseFactsText(new TextDecoder('utf-8').decode(b), file);
    // Kept only when read: a file with errors is read again (its messages name the file).
    if (!result.ok) return { result, bytes: 0 };
    deepFreeze(result.parsed.data);
    return { result, bytes: b.byteLength * PARSED_BYTES_PER_BYTE };
  });
  if (!kept.result.ok) return kept.result;
  const { data, locate } = kept.result.parsed;
  return { ok: true, parsed: { file, data, locate } };
}

/**
 * Facts files read, kept under the sha256 of their bytes: a rebuild of an unchanged file
 * (watch, preview, the service, the two editions of a bilingual build) does not parse the
 * YAML again. The parsed data is frozen, since every build that reads the same bytes shares
 * it: the stages copy what they change (the schema's output, localise's clone). A parsed
 * file (data and YAML nodes with positions) holds about 20 times its bytes; 16 MB in all.
 */
const PARSED_BYTES_PER_BYTE = 20;
const parsedFiles = new ContentCache<{ result: ParseResult; bytes: number }>(16 * 1024 * 1024, (v) => (v.result.ok ? v.bytes : Infinity));

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

export function parseFactsText(source: string, file: string): ParseResult {
  // A byte-order mark is harmless; editors on Windows add it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (isBlank(text)) return fail('BR104', file, 'the facts file is empty', 1, 1);

  const lineCounter = new LineCounter();
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return p.line === 0 ? { line: 1, column: offset + 1 } : { line: p.line, column: p.col };
  };

  const deep = roughDepthExceeded(text);
  if (deep !== undefined) {
    const lineStart = text.lastIndexOf('\n', deep - 1) + 1;
    const line = text.slice(0, lineStart).split('\n').length;
    return fail('BR107', file, `the document nests more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`, line, deep - lineStart + 1);
  }

  // Duplicate keys are found below, with the path and the first occurrence in the message.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true, stringKeys: true });

  if (doc.errors.length > 0) {
    // Later syntax errors are mostly consequences of the first; tabs are reported on every line.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    const shown = tabs.length > 0 ? tabs : doc.errors.slice(0, 1);
    return {
      ok: false,
      diagnostics: shown.map((e) => {
        // An unclosed [, { or quote is reported where it opens, not where the parser gave up.
        const open = /end with a [\]}]$|closing .?quote/.test(e.message.split('\n')[0]!) ? unclosedAt(doc, e.pos[0]) : undefined;
        if (open) return error('BR105', { file, ...pos(open.offset) }, `YAML syntax error: ${open.problem}`);
        return error(yamlCode(e.code, e.message), { file, ...pos(e.pos[0]) }, yamlMessage(e.code, e.message));
      }),
    };
  }

  const problems: Diagnostic[] = [];
  inspect(doc.contents as Node | null, {
    tag(path, node) {
      const tag = shortTag(node.tag!);
      problems.push(error('BR171', { file, ...pos(node.range?.[0] ?? 0), path: path.join('.') }, `the YAML tag ${tag} is not allowed in a facts file`, tag === '!!binary' ? 'facts are text and numbers; write the value as plain text' : 'remove the tag; values are read as plain text, numbers, lists and maps'));
    },
    reservedKey(path, key) {
      problems.push(error('BR172', { file, ...pos(key.range?.[0] ?? 0), path: path.join('.') }, 'a `__proto__` key is not allowed (it would be dropped silently)', 'rename the key'));
    },
    tooDeep(node) {
      if (problems.some((d) => d.message.startsWith('the document nests'))) return;
      problems.push(error('BR107', { file, ...pos(node.range?.[0] ?? 0) }, `the document nests more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`));
    },
    duplicate(path, key, first) {
      const at = pos(key.range?.[0] ?? 0);
      const was = pos(first.range?.[0] ?? 0);
      problems.push(error('BR108', { file, ...at, path: path.join('.') }, `duplicate key \`${String(key.value)}\`, first used at line ${was.line}; keys and ids must be unique`));
    },
    alias(path, alias, message, code) {
      problems.push(error(code, { file, ...pos(alias.range?.[0] ?? 0), path: path.join('.') }, message));
    },
  });
  if (problems.length > 0) return { ok: false, diagnostics: problems };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/excessive alias/i.test(message)) return fail('BR110', file, `the document expands too many YAML aliases (limit ${MAX_ALIAS_COUNT}); alias bombs are refused`, 1, 1);
    return fail('BR113', file, `cannot read the document: ${message}`, 1, 1);
  }

  return {
    ok: true,
    parsed: {
      file,
      data,
      locate(path, at = 'value') {
        const found = findNode(doc, path, at);
        return found !== undefined ? pos(found) : { line: 1, column: 1 };
      },
    },
  };
}

function isBlank(text: string): boolean {
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#')) return false;
  }
  return true;
}

/** The diagnostic code for a yaml package error, in step with yamlMessage. */
function yamlCode(code: string, message: string): string {
  const sentence = message.split('\n')[0]!;
  if (code === 'TAB_AS_INDENT' || /\btabs?\b/i.test(sentence)) return 'BR106';
  if (code === 'NON_STRING_KEY') return 'BR112';
  if (code === 'MULTIPLE_DOCS') return 'BR111';
  return 'BR105';
}

function yamlMessage(code: string, message: string): string {
  // The yaml package's messages end with a source excerpt after a colon and newline; keep the sentence.
  const sentence = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'TAB_AS_INDENT' || /\btabs?\b/i.test(sentence)) return 'tabs are not allowed for indentation in YAML; indent with spaces';
  if (code === 'NON_STRING_KEY') return 'keys must be plain text, not lists or maps';
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second `---`); a facts file is one document';
  return `YAML syntax error: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

interface WalkReport {
  tooDeep(node: Node): void;
  /** A node with a YAML tag other than the core schema's plain ones. */
  tag(path: PathKey[], node: Node): void;
  /** A `__proto__` key. */
  reservedKey(path: PathKey[], key: Node): void;
  duplicate(path: PathKey[], key: Node & { value?: unknown }, first: Node): void;
  alias(path: PathKey[], alias: Alias, message: string, code: string): void;
}

/**
 * Finds nesting beyond MAX_DEPTH, duplicate keys, aliases with no anchor or inside their own
 * anchor, and alias bombs: the values the document would hold with every alias expanded are
 * counted, and the alias that takes the count past MAX_EXPANDED_VALUES is reported.
 */
function inspect(root: Node | null, report: WalkReport): void {
  const anchors = new Map<string, number>(); // anchor -> values it expands to
  const open = new Set<string>(); // anchors whose node is being walked
  let expanded = 0;
  let bombed = false;

  const walk = (node: Node | null, path: PathKey[], depth: number): number => {
    if (node === null) return 1;
    if (isAlias(node)) {
      const size = anchors.get(node.source);
      if (open.has(node.source)) report.alias(path, node, `YAML syntax error: the alias *${node.source} is inside its own anchor &${node.source}, a cycle`, 'BR109');
      else if (size === undefined) report.alias(path, node, `YAML syntax error: the alias *${node.source} names no anchor &${node.source} set before it`, 'BR109');
      else {
        expanded += size;
        if (expanded > MAX_EXPANDED_VALUES && !bombed) {
          bombed = true;
          report.alias(path, node, `the aliases expand the document to more than ${MAX_EXPANDED_VALUES} values; alias bombs are refused`, 'BR110');
        }
        return size;
      }
      return 1;
    }
    expanded += 1;
    let size = 1;
    if (node.tag && !PLAIN_TAGS.has(node.tag)) report.tag(path, node);
    if (isScalar(node)) {
      if (node.anchor) anchors.set(node.anchor, 1);
      return 1;
    }
    if (depth >= MAX_DEPTH && (isMap(node) || isSeq(node))) {
      report.tooDeep(node);
      return 1;
    }
    const anchor = node.anchor && !open.has(node.anchor) ? node.anchor : undefined;
    if (anchor) open.add(anchor);
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const name = isScalar(key) ? String(key.value) : undefined;
        if (name === '__proto__') report.reservedKey([...path, name], key as Node);
        if (name !== undefined) {
          const first = seen.get(name);
          if (first) report.duplicate([...path, name], key as Node & { value?: unknown }, first);
          else seen.set(name, key as Node);
        }
        size += walk(key, [...path, '?'], depth + 1);
        size += walk(pair.value as Node | null, [...path, name ?? '?'], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => (size += walk(item as Node | null, [...path, i], depth + 1)));
    }
    if (anchor) {
      open.delete(anchor);
      anchors.set(anchor, Math.min(size, MAX_EXPANDED_VALUES + 1));
    }
    return Math.min(size, MAX_EXPANDED_VALUES + 1);
  };
  walk(root, [], 0);
}

/**
 * Where a rough nesting estimate passes MAX_ROUGH_DEPTH, if it does. The estimate is the
 * open-bracket count plus the column where a line's content starts (after its indent and any
 * `- `/`? ` markers), which bounds the real depth; comments are skipped. The offset returned
 * is that of the first bracket beyond MAX_DEPTH when there is one, else where the limit passed.
 */
function roughDepthExceeded(text: string): number | undefined {
  let brackets = 0;
  let firstTooDeep: number | undefined;
  let lineStart = true;
  let column = 0;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStart = true;
      column = 0;
      inComment = false;
      continue;
    }
    if (inComment) continue;
    if (lineStart) {
      // Indentation and block-collection markers count as nesting.
      const next = text.charCodeAt(i + 1);
      if (c === 32 || c === 9 || ((c === 45 /* - */ || c === 63) /* ? */ && (next === 32 || next === 10 || Number.isNaN(next)))) {
        column++;
        if (column + brackets > MAX_ROUGH_DEPTH) return firstTooDeep ?? i;
        continue;
      }
      lineStart = false;
    }
    if (c === 35 /* # */ && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) inComment = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      brackets++;
      if (brackets > MAX_DEPTH) firstTooDeep ??= i;
      if (column + brackets > MAX_ROUGH_DEPTH) return firstTooDeep;
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && brackets > 0) {
      brackets--;
      if (brackets === 0) firstTooDeep = undefined;
    }
  }
  return undefined;
}

/** Tags of YAML's core schema that only restate what a value already is. */
const PLAIN_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** `tag:yaml.org,2002:binary` → `!!binary`; local tags as written. */
function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/**
 * UTF-16 or UTF-32, by byte-order mark or, without one, by the NUL bytes that ASCII text in
 * those encodings has beside every character. Named so the message says what to do, not
 * "binary".
 */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const b = (i: number) => bytes[i] ?? -1;
  if ((b(0) === 0xff && b(1) === 0xfe && b(2) === 0 && b(3) === 0) || (b(0) === 0 && b(1) === 0 && b(2) === 0xfe && b(3) === 0xff)) return 'UTF-32';
  if ((b(0) === 0xff && b(1) === 0xfe) || (b(0) === 0xfe && b(1) === 0xff)) return 'UTF-16';
  const n = Math.min(bytes.length, 512) & ~3;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  // ASCII in UTF-32 is three NULs in four bytes; in UTF-16, one in every pair.
  if (evenNul + oddNul >= n * 0.7) return 'UTF-32';
  if (evenNul >= (n / 2) * 0.9 || oddNul >= (n / 2) * 0.9) return 'UTF-16';
  return undefined;
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cont = bytes[i + k];
      if (cont === undefined || (cont & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cont & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return undefined;
}

/** 1-based line and column (counted in characters) of a byte offset in UTF-8-ish bytes. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      line++;
      column = 1;
    } else if ((b & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}

/** The quoted string or flow collection ([…] or {…}) that the parser found unclosed at `offset`. */
function unclosedAt(doc: Document, offset: number): { offset: number; problem: string } | undefined {
  let found: { offset: number; problem: string } | undefined;
  const collection = (_: unknown, node: YAMLMap | YAMLSeq) => {
    if (node.flow && node.range && node.range[1] === offset) {
      const [o, c] = isSeq(node) ? ['[', ']'] : ['{', '}'];
      found ??= { offset: node.range[0], problem: `the ${o} opened here is not closed with ${c} (or a later line of it is not indented enough)` };
    }
  };
  visit(doc, {
    Map: collection,
    Seq: collection,
    Scalar(_, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range && node.range[1] === offset) {
        const q = node.type === 'QUOTE_DOUBLE' ? '"' : "'";
        found = { offset: node.range[0], problem: `the ${q} opened here is not closed with ${q}` };
      }
    },
  });
  return found;
}

/** Offset of the node at `path`, walking as far as the path exists. */
function findNode(doc: Document, path: readonly PathKey[], at: 'key' | 'value'): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      // The last of duplicate keys wins, as in the parsed data.
      const pair = node.items.findLast((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return offset;
      if (last && at === 'key') return (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
      const value = pair.value as Node | null;
      // An empty value (`key:` and nothing after it) is reported at its key.
      const empty = !value?.range || (isScalar(value) && value.range[0] === value.range[1]);
      offset = (empty ? undefined : value!.range![0]) ?? (pair.key as Node).range?.[0] ?? offset;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
