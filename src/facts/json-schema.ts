// The facts format as JSON Schema (draft 2020-12), generated from the zod schema so editors
// (e.g. the YAML language server, via the `# yaml-language-server: $schema=` comment) can
// complete and check facts files. A copy is committed at schema/briefing.schema.json.
import { z } from 'zod';
import { BriefingDocument } from './schema.js';

export const BRIEFING_SCHEMA_ID = 'urn:briefing:schema:facts';

/**
 * JSON Schema for a facts file as written (`io: 'input'`: keys with defaults are optional).
 * Rules that JSON Schema cannot state, such as real calendar dates, known currency codes and
 * the cross-checks, are left to `loadFacts`; the schema accepts a superset.
 */
export function briefingJsonSchema(): object {
  const generated = z.toJSONSchema(BriefingDocument, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'throw',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: BRIEFING_SCHEMA_ID,
    title: 'Briefing facts file',
    description:
      'Sourced facts for a briefing: metadata, sources with quoted passages, entities, facts with units, derived facts, events, charts and key figures. Generated from src/facts/schema.ts; do not edit by hand.',
    ...rest,
  };
}
