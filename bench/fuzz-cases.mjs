// Generators of hostile facts files for the property tests (test/fuzz.test.ts) and the long
// fuzz run (bench/fuzz.mjs): the seed YAML text mutated line by line and character by
// character, and random YAML/JSON documents. Plain ESM taking fast-check as an argument, so
// the vitest suite (TypeScript sources) and the script (compiled dist/) share one definition.

/** Characters that break parsers, layout or PDF text: controls, bidi, BOM, surrogates, YAML syntax. */
export const NASTY = [
  '\u0000', '\u0001', '\u0007', '\u0008', '\t', '\r', '\r\n', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085',
  '\u00a0', '\u00ad', '\u200b', '\u200d', '\u2028', '\u2029', '\u202e', '\u2066', '\ufeff', '\ufffd', '\uffff',
  '\ud800', '\udfff', '\u0301', '\u0338', 'é', 'ß', 'ﬁ', 'Ω', '中文', '😀', '👩‍👩‍👧', '🇬🇧', 'ܐ', 'שלום', 'العربية',
  '{{', '}}', '{{{x}}}', '{{constructor.constructor}}', '{{> x}}', '{{#each this}}', '\\', '"', "'", '`', ':', ': ', '- ',
  '? ', '[', ']', '{', '}', '#', '&a ', '*a', '!', '!!binary ', '!!js/function ', '%YAML 1.1', '---', '...', '|', '>',
  '<<: *a', '__proto__', 'constructor', 'prototype', '%PDF-', '(', ')', '<', '>', 'endstream', '\n', '  ', ' '.repeat(40),
  'x'.repeat(500),
];

/** Scalar values worth swapping in for a YAML value. */
export const VALUES = [
  '~', 'null', '', '""', "''", '0', '-0', '1e400', '-1e400', '.nan', '.inf', '-.inf', '0x1F', '0o17', '1_000', 'yes', 'no',
  'true', 'false', 'on', '2023-02-30', '2023-13-01', '0000-00-00', '9999-12-31', '1970-01-01T00:00:00Z', '12:30', '[]', '{}',
  '[a, b]', '{a: 1}', '&anchor x', '*anchor', '!!str 3', '!!int x', '!!float', '!!map', '!!set', '!!omap', '__proto__',
  '{__proto__: {polluted: 1}}', '"\\u0000"', '"\\x00\\ud800"', '9007199254740993', '-1', '123456789012345678901234567890',
  'NaN', 'Infinity', '"{{constructor.constructor}}"', '../../etc/passwd', '/etc/passwd', 'https://example.invalid/x',
];

/** @param {import('fast-check')} fc */
export function arbitraries(fc) {
  const nasty = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
  const value = fc.oneof(fc.constantFrom(...VALUES), fc.integer().map(String), fc.double().map(String), nasty.map((s) => JSON.stringify(s)), nasty);

  /** One edit of a list of lines; indices are taken modulo the length at apply time. */
  const edit = fc.oneof(
    fc.record({ op: fc.constant('delete'), at: fc.nat() }),
    fc.record({ op: fc.constant('duplicate'), at: fc.nat() }),
    fc.record({ op: fc.constant('swapLines'), at: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant('swapValues'), at: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant('setValue'), at: fc.nat(), value }),
    fc.record({ op: fc.constant('inject'), at: fc.nat(), col: fc.nat(), text: nasty }),
    fc.record({ op: fc.constant('indent'), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
    fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
    fc.record({ op: fc.constant('renameKey'), at: fc.nat(), to: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', '0', 'a b', 'é') }),
  );
  return { nasty, value, edit, edits: fc.array(edit, { minLength: 1, maxLength: 4 }) };
}

const KEY_VALUE = /^(\s*(?:- )?[^\s:#][^:#]*:)(\s+)(.*)$/;

/** Applies edits to YAML text; never throws, whatever the edits. */
export function mutate(text, edits) {
  let lines = text.split('\n');
  for (const e of edits) {
    if (lines.length === 0) lines = [''];
    const i = e.at % lines.length;
    switch (e.op) {
      case 'delete':
        lines.splice(i, 1);
        break;
      case 'duplicate':
        lines.splice(i, 0, lines[i]);
        break;
      case 'swapLines': {
        const j = e.to % lines.length;
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 'swapValues': {
        const j = e.to % lines.length;
        const a = KEY_VALUE.exec(lines[i]);
        const b = KEY_VALUE.exec(lines[j]);
        if (a && b) {
          lines[i] = `${a[1]}${a[2]}${b[3]}`;
          lines[j] = `${b[1]}${b[2]}${a[3]}`;
        }
        break;
      }
      case 'setValue': {
        const a = KEY_VALUE.exec(lines[i]);
        if (a) lines[i] = `${a[1]} ${e.value}`;
        break;
      }
      case 'inject': {
        const col = e.col % (lines[i].length + 1);
        lines[i] = lines[i].slice(0, col) + e.text + lines[i].slice(col);
        break;
      }
      case 'indent':
        lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-e.by}}`), '');
        break;
      case 'truncate':
        lines = lines.slice(0, i);
        break;
      case 'renameKey': {
        const m = /^(\s*(?:- )?)([^\s:#][^:#]*)(:.*)$/.exec(lines[i]);
        if (m) lines[i] = `${m[1]}${e.to}${m[3]}`;
        break;
      }
    }
  }
  return lines.join('\n');
}

/**
 * Edits that keep the seed valid more often than not: unicode and template syntax injected
 * into the text of quoted-free string values (titles, labels), so whole builds get past the
 * facts stage and exercise narrative, layout and PDF with hostile text.
 */
export function textEdits(fc) {
  const { nasty } = arbitraries(fc);
  return fc.array(fc.record({ at: fc.nat(), text: nasty }), { minLength: 1, maxLength: 3 });
}

const TEXT_FIELD = /^(\s*(?:title|subtitle|label|short|organisation|classification|name|role|note|what):\s+)(.+)$/;

/** Appends hostile text to some label/title lines of the seed, as a double-quoted YAML string. */
export function mutateText(text, edits) {
  const lines = text.split('\n');
  const targets = lines.map((l, i) => (TEXT_FIELD.test(l) ? i : -1)).filter((i) => i >= 0);
  for (const e of edits) {
    if (targets.length === 0) break;
    const i = targets[e.at % targets.length];
    const m = TEXT_FIELD.exec(lines[i]);
    if (!m) continue;
    let base = m[2];
    if (/^".*"$/.test(base)) base = JSON.parse(base);
    else if (/^'.*'$/.test(base)) base = base.slice(1, -1).replace(/''/g, "'");
    // JSON.stringify gives a valid YAML double-quoted scalar for any string (lone surrogates
    // become \ud800 escapes, which YAML reads back as the same code unit).
    lines[i] = `${m[1]}${JSON.stringify(`${base} ${e.text}`)}`;
  }
  return lines.join('\n');
}

/** Random YAML text: random JSON-like values, dumped as JSON or as YAML-looking text. */
export function randomDocument(fc) {
  const tree = fc.anything({ maxDepth: 5, maxKeys: 6, withNullPrototype: true, withObjectString: false, withBoxedValues: false, withMap: false, withSet: false, withTypedArray: false, withSparseArray: true, withBigInt: false, withDate: true });
  const yamlish = fc.array(fc.tuple(fc.nat({ max: 8 }), fc.string({ maxLength: 12 }), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 20 }))), { maxLength: 30 }).map((rows) => rows.map(([indent, k, v]) => `${' '.repeat(indent)}${k}: ${v}`).join('\n'));
  const safeJson = (v) => {
    try {
      return JSON.stringify(v) ?? 'null';
    } catch {
      return 'null';
    }
  };
  return fc.oneof(tree.map(safeJson), yamlish, fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom(...NASTY));
}

/** Checks the one contract: a result, or a BriefingInputError with located diagnostics. Returns a problem or undefined. */
export function contractProblem(error, BriefingInputError) {
  if (!(error instanceof BriefingInputError)) return `threw ${error?.constructor?.name ?? typeof error}: ${error?.stack ?? error}`;
  if (!Array.isArray(error.diagnostics) || error.diagnostics.length === 0) return 'BriefingInputError without diagnostics';
  for (const d of error.diagnostics) {
    if (typeof d.file !== 'string' || d.file === '') return `diagnostic without a file: ${JSON.stringify(d)}`;
    if (!Number.isInteger(d.line) || d.line < 0) return `diagnostic with line ${d.line}: ${JSON.stringify(d)}`;
    if (!Number.isInteger(d.column) || d.column < 0) return `diagnostic with column ${d.column}: ${JSON.stringify(d)}`;
    if (typeof d.message !== 'string' || d.message.trim() === '') return `diagnostic without a message: ${JSON.stringify(d)}`;
  }
  if (!error.diagnostics.some((d) => d.severity === 'error')) return 'BriefingInputError whose diagnostics are all warnings';
  return undefined;
}
