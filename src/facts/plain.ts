// A facts object handed to the library, copied into plain data before anything reads it.
// Every property is read once, inside a try: a throwing getter or a Proxy becomes a located
// BR174 rather than a raw error from deep in the pipeline, and nothing the caller's object
// does later can change what was checked. Only what YAML or JSON could have produced is
// accepted: a Date, Map, Set, class instance, function, symbol or bigint is named as what it
// is (BR173), a `__proto__` key is refused (BR172), cycles (BR174) and oversized objects
// (BR175) are refused, all located by their dotted path.
import { error, type Diagnostic } from '../diagnostics/index.js';
import { MAX_DEPTH, MAX_FACTS_BYTES } from './parse.js';

/** Most values (scalars, arrays, objects) an input object may hold; as for a YAML file. */
export const MAX_OBJECT_VALUES = 100_000;
/** Most characters of text in all an input object's strings; as a facts file's bytes. */
export const MAX_OBJECT_CHARS = MAX_FACTS_BYTES;

export type PlainResult = { ok: true; data: unknown } | { ok: false; diagnostics: Diagnostic[] };

/** What a non-plain value is, in words, and what to give instead. */
function notPlain(value: object): string | undefined {
  if (value instanceof Date) return `a Date object: use an ISO date string such as ${Number.isNaN(value.getTime()) ? '2024-03-01' : value.toISOString().slice(0, 10)}`;
  if (value instanceof Map) return 'a Map: use a plain object ({ key: value })';
  if (value instanceof Set) return 'a Set: use an array';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 'binary data: use text';
  if (value instanceof RegExp) return 'a regular expression: use a string';
  if (value instanceof Promise) return 'a Promise: await it first';
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && proto !== Object.prototype && !Array.isArray(value)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    return `${name ? `an instance of ${name}` : 'an object with a custom prototype'}: use a plain object`;
  }
  return undefined;
}

export function plainData(input: unknown, file: string): PlainResult {
  const problems: Diagnostic[] = [];
  let values = 0;
  let chars = 0;
  let tooBig = false;
  const ancestors = new Set<object>();
  const at = (path: readonly (string | number)[]) => ({ file, path: path.join('.') });
  const where = (path: readonly (string | number)[]) => (path.length ? path.join('.') : 'the input');

  const copy = (value: unknown, path: (string | number)[]): unknown => {
    if (tooBig || problems.length > 100) return undefined;
    if (++values > MAX_OBJECT_VALUES) {
      tooBig = true;
      problems.push(error('BR175', at(path), `the input object holds more than ${MAX_OBJECT_VALUES.toLocaleString('en')} values; the limit is ${MAX_OBJECT_VALUES.toLocaleString('en')}`, 'a briefing holds a few thousand at most'));
      return undefined;
    }
    switch (typeof value) {
      case 'string':
        chars += value.length;
        if (chars > MAX_OBJECT_CHARS) {
          tooBig = true;
          problems.push(error('BR175', at(path), `the input object holds more than ${MAX_OBJECT_CHARS.toLocaleString('en')} characters of text; the limit is ${MAX_OBJECT_CHARS.toLocaleString('en')}`));
          return undefined;
        }
        return value;
      case 'number':
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        problems.push(error('BR173', at(path), `${where(path)} is a bigint: use a number`));
        return undefined;
      case 'symbol':
        problems.push(error('BR173', at(path), `${where(path)} is a symbol: use a string`));
        return undefined;
      case 'function':
        problems.push(error('BR173', at(path), `${where(path)} is a function: use plain data`));
        return undefined;
    }
    if (value === null) return null;
    const obj = value as object;
    try {
      const bad = notPlain(obj);
      if (bad) {
        problems.push(error('BR173', at(path), `${where(path)} is ${bad}`));
        return undefined;
      }
      if (ancestors.has(obj)) {
        problems.push(error('BR174', at(path), `${where(path)} refers back to an object that contains it (a cycle)`));
        return undefined;
      }
      if (path.length >= MAX_DEPTH) {
        problems.push(error('BR175', at(path), `the input object nests more than ${MAX_DEPTH} levels deep; the limit is ${MAX_DEPTH}`));
        return undefined;
      }
      ancestors.add(obj);
      try {
        if (Array.isArray(obj)) {
          const length = obj.length;
          if (length > MAX_OBJECT_VALUES) {
            tooBig = true;
            problems.push(error('BR175', at(path), `${where(path)} is an array of ${length.toLocaleString('en')} items; the limit is ${MAX_OBJECT_VALUES.toLocaleString('en')} values in all`));
            return undefined;
          }
          const out: unknown[] = [];
          for (let i = 0; i < length; i++) out.push(read(obj, i, path));
          return out;
        }
        // A null-prototype result: keys such as "constructor" stay plain data.
        const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        for (const key of Reflect.ownKeys(obj)) {
          if (typeof key === 'symbol') continue; // never data in YAML or JSON
          const descriptor = Reflect.getOwnPropertyDescriptor(obj, key);
          if (descriptor && !descriptor.enumerable) continue;
          if (key === '__proto__') {
            problems.push(error('BR172', at([...path, key]), 'a `__proto__` key is not allowed (it would be dropped or change the object\'s prototype)', 'rename the key'));
            continue;
          }
          out[key] = read(obj, key, path);
        }
        // Back to an ordinary object for the schema, with every key as an own data property.
        return Object.assign({}, out);
      } finally {
        ancestors.delete(obj);
      }
    } catch (e) {
      // A Proxy trap (getPrototypeOf, ownKeys, isArray of a revoked proxy…) threw.
      problems.push(error('BR174', at(path), `reading ${where(path)} threw: ${e instanceof Error ? e.message : String(e)}`, 'pass plain data, not a Proxy or an object with getters'));
      return undefined;
    }
  };

  const read = (obj: object, key: string | number, path: (string | number)[]): unknown => {
    let v: unknown;
    try {
      v = (obj as Record<string | number, unknown>)[key];
    } catch (e) {
      problems.push(error('BR174', at([...path, key]), `reading ${[...path, key].join('.')} threw: ${e instanceof Error ? e.message : String(e)}`, 'pass plain data, not a Proxy or an object with getters'));
      return undefined;
    }
    return copy(v, [...path, key]);
  };

  const data = copy(input, []);
  return problems.length ? { ok: false, diagnostics: problems } : { ok: true, data };
}
