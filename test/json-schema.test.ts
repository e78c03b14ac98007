// The committed JSON Schema (schema/briefing.schema.json, used by editors through the
// `# yaml-language-server: $schema=` comment) must match the one generated from the zod schema.
// After changing src/facts/schema.ts, regenerate it with:
//   UPDATE_SCHEMA=1 npx vitest run test/json-schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, it, expect } from 'vitest';
import { briefingJsonSchema } from '../src/facts/json-schema.js';

const SCHEMA_FILE = fileURLToPath(new URL('../schema/briefing.schema.json', import.meta.url));
const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const generated = `${JSON.stringify(briefingJsonSchema(), null, 2)}\n`;

if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);

describe('JSON Schema', () => {
  it('the committed schema/briefing.schema.json is the generated one', () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed, 'schema/briefing.schema.json is out of date: run UPDATE_SCHEMA=1 npx vitest run test/json-schema.test.ts').toBe(generated);
  });

  it('is a draft 2020-12 schema with an $id and a title', () => {
    const schema = briefingJsonSchema() as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(() => new URL(schema.$id as string)).not.toThrow();
    expect(schema.title).toBe('Briefing facts file');
    expect(checkSchema(schema)).toEqual([]);
  });

  it('accepts the shipped facts files and the minimal fixture', () => {
    const schema = briefingJsonSchema();
    for (const file of ['data/shanghai-uk-2023.yaml', 'data/example-renewables.yaml', 'test/fixtures/minimal.yaml']) {
      expect(validate(schema, parse(readFileSync(root(file), 'utf8'))), file).toEqual([]);
    }
  });

  it('refuses what an editor should flag: unknown keys, wrong types, missing keys, bad enums', () => {
    const schema = briefingJsonSchema();
    const good = parse(readFileSync(root('test/fixtures/minimal.yaml'), 'utf8')) as Record<string, any>;
    const variants: [string, (d: Record<string, any>) => void, string][] = [
      ['a misspelt top-level key', (d) => ((d.fatcs = d.facts), delete d.facts), '/: missing facts'],
      ['a number written as text', (d) => (d.facts.fees_eur.value = '24.21bn'), '/facts/fees_eur/value: expected number'],
      ['a fact without a source', (d) => delete d.facts.ships_2022.source, '/facts/ships_2022: missing source'],
      ['an unknown chart type', (d) => (d.charts.ships.type = 'pie'), '/charts/ships/type: not in enum'],
      ['an id with capitals', (d) => (d.facts.Ships = d.facts.ships_2023), '/facts: bad property name "Ships"'],
      ['a malformed date', (d) => (d.meta.date = '2024-3-1'), '/meta/date: pattern'],
    ];
    for (const [what, change, expected] of variants) {
      const doc = structuredClone(good);
      change(doc);
      expect(validate(schema, doc), what).toContain(expected);
    }
  });
});

// A small validator for the keywords the generated schema uses, so the test needs no
// dependency. It refuses keywords it does not know, so a schema change that starts using
// another keyword shows up here first.
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'format']);
const ASSERTIONS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'prefixItems',
  'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'enum', 'const', 'anyOf', 'minimum', 'maximum',
]);

function checkSchema(schema: unknown, at = '#'): string[] {
  if (typeof schema === 'boolean') return [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [`${at}: not a schema`];
  const out: string[] = [];
  for (const [k, v] of Object.entries(schema)) {
    if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) out.push(`${at}: unknown keyword ${k}`);
    if (k === 'properties') for (const [p, s] of Object.entries(v as object)) out.push(...checkSchema(s, `${at}/properties/${p}`));
    if (k === 'additionalProperties' || k === 'propertyNames' || k === 'items') out.push(...checkSchema(v, `${at}/${k}`));
    if (k === 'anyOf' || k === 'prefixItems') (v as unknown[]).forEach((s, i) => out.push(...checkSchema(s, `${at}/${k}/${i}`)));
    if (k === 'pattern') {
      try {
        new RegExp(v as string, 'u');
      } catch {
        out.push(`${at}: pattern is not a regular expression`);
      }
    }
    if (k === 'required' && !(Array.isArray(v) && v.every((r) => typeof r === 'string'))) out.push(`${at}: required is not a list of names`);
  }
  return out;
}

type Schema = Record<string, any> | boolean;

function validate(schema: Schema, value: unknown, at = ''): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at || '/'}: not allowed`];
  const here = at || '/';
  const out: string[] = [];
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  if (schema.type !== undefined) {
    const t = typeOf(value);
    const ok = schema.type === t || (schema.type === 'number' && t === 'integer');
    if (!ok) return [`${here}: expected ${schema.type}`];
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${here}: not in enum`);
  if ('const' in schema && schema.const !== value) out.push(`${here}: not the constant`);
  if (schema.anyOf && !schema.anyOf.some((s: Schema) => validate(s, value, at).length === 0)) out.push(`${here}: no anyOf branch matches`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) out.push(`${here}: too short`);
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) out.push(`${here}: too long`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${here}: pattern`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${here}: below minimum`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${here}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) out.push(`${here}: too few items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) out.push(`${here}: too many items`);
    const prefix: Schema[] = schema.prefixItems ?? [];
    value.forEach((item, i) => {
      const s = i < prefix.length ? prefix[i] : schema.items;
      if (s !== undefined) out.push(...validate(s, item, `${at}/${i}`));
    });
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) out.push(`${here}: missing ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      if (schema.propertyNames && validate(schema.propertyNames, k).length > 0) out.push(`${here}: bad property name ${JSON.stringify(k)}`);
      if (schema.properties && k in schema.properties) out.push(...validate(schema.properties[k], v, `${at}/${k}`));
      else if (schema.additionalProperties !== undefined) out.push(...validate(schema.additionalProperties, v, `${at}/${k}`));
    }
  }
  return out;
}
