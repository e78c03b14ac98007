// The config file's schema and its YAML parser, loaded by config.ts only when a config file
// (or a package.json#briefing key) exists.
import { parse } from 'yaml';
import { z } from 'zod';
import { ALL_FORMATS, type Format } from '../api/formats.js';

const ConfigSchema = z
  .object({
    out: z.string().min(1).refine((v) => v !== '-', 'is a folder; use -o - to write one output to standard output').optional(),
    paper: z.enum(['a4', 'letter']).optional(),
    locale: z.string().min(1).optional(),
    formats: z.array(z.enum(ALL_FORMATS as [Format, ...Format[]])).min(1).optional(),
    templates: z.string().min(1).optional(),
    pdfa: z.boolean().optional(),
  })
  .strict();

export type BriefingConfig = z.infer<typeof ConfigSchema>;

export const parseYaml = (text: string): unknown => parse(text);

/** The config checked against the schema, or the first problem, located by its key. */
export function checkConfig(data: unknown): { ok: true; config: BriefingConfig } | { ok: false; message: string } {
  const r = ConfigSchema.safeParse(data);
  if (r.success) return { ok: true, config: r.data };
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(top level)';
  const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')}; known: ${Object.keys(ConfigSchema.shape).join(', ')})` : '';
  return { ok: false, message: `${where}: ${issue.message}${keys}` };
}
