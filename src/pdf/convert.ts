// Dictionaries as text: PDFKit's PDFObject.convert (0.20.2) for the values a briefing's
// objects hold, for every object written (output.ts, objects.ts). PDFKit's own does
// the same through a chain of type checks per value and an array joined per dictionary, and
// a string's bytes are built twice over; with several hundred structure elements, annotations
// and outline entries per document that was a tenth of writing a PDF. Hand-written because
// PDFKit does not export its converter; anything it does not know (dates, name and number
// trees, byte strings, other classes) makes it answer undefined, and the object is then
// written by PDFKit itself. test/pdf-objects.test.ts compares the two on every object.

/** Escapes in a literal string, as PDFKit writes them. */
const ESCAPABLE = /[\n\r\t\b\f()\\]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '(': '\\(', ')': '\\)' };
const escape = (c: string): string => ESCAPES[c]!;

/**
 * `value` serialised as PDFKit's PDFObject.convert(value) would (no encryption), or undefined
 * when it holds something this does not handle. `isRef` tells PDFKit's indirect references.
 */
export function convert(value: unknown, isRef: (v: object) => boolean): string | undefined {
  switch (typeof value) {
    case 'string':
      return `/${value}`;
    case 'number':
      // PDFObject.number: six decimals at most; it throws on what PDF cannot hold.
      if (value > -1e21 && value < 1e21) return `${Math.round(value * 1e6) / 1e6}`;
      return undefined;
    case 'boolean':
      return `${value}`;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const e: unknown = value[i];
          const text = convert(e === undefined ? null : e, isRef);
          if (text === undefined) return undefined;
          out += i === 0 ? text : ` ${text}`;
        }
        return `${out}]`;
      }
      if (value instanceof String) return literal(value.valueOf());
      if (isRef(value)) return String(value);
      if (Object.getPrototypeOf(value) !== Object.prototype) return undefined;
      let out = '<<';
      for (const key in value) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        const text = convert(v, isRef);
        if (text === undefined) return undefined;
        out += `\n/${key} ${text}`;
      }
      return `${out}\n>>`;
    }
    default:
      return undefined;
  }
}

/** A literal string: its bytes as they are when all are ASCII, else UTF-16BE with a byte-order mark. */
function literal(s: string): string {
  let unicode = false;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      unicode = true;
      break;
    }
  }
  let bytes = s;
  if (unicode) {
    const codes: number[] = [0xfe, 0xff];
    for (let i = 0; i < s.length; i++) {
      const code = s.charCodeAt(i);
      codes.push(code >> 8, code & 0xff);
    }
    bytes = '';
    for (let i = 0; i < codes.length; i += 0x2000) bytes += String.fromCharCode(...codes.slice(i, i + 0x2000));
  }
  return `(${bytes.replace(ESCAPABLE, escape)})`;
}
