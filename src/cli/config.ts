// Project defaults for the command line: `briefing.config.yaml` (or `.yml`, `.json`) in the
// current folder or the nearest folder above it, or a `briefing` key in the nearest
// package.json; `--config FILE` names one explicitly. Flags override the config, and the
// config overrides the built-in defaults. Relative paths in it are relative to its folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ALL_FORMATS, type Format } from '../api/formats.js';

export const CONFIG_FILES = ['briefing.config.yaml', 'briefing.config.yml', 'briefing.config.json'];

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

export interface LoadedConfig {
  /** Where it came from: the file, or `package.json#briefing`. */
  file: string;
  config: BriefingConfig;
}

/** A config file that cannot be read or does not fit: usage error BR526 (exit 2). */
export class ConfigError extends Error {
  readonly code = 'BR526';
}

/** The explicit file, else the nearest config file or package.json key; undefined when none. */
export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig | undefined {
  if (explicit !== undefined) return readConfig(resolve(cwd, explicit));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) return readConfig(join(dir, name));
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      // The nearest package.json ends the search: it is the project's root.
      const data = readJson(pkg) as { briefing?: unknown };
      return data.briefing === undefined ? undefined : check(data.briefing, `${pkg}#briefing`, dir);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: cannot read it as JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

function readConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  return check(data ?? {}, file, dirname(file));
}

function check(data: unknown, file: string, dir: string): LoadedConfig {
  const r = ConfigSchema.safeParse(data);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')}; known: ${Object.keys(ConfigSchema.shape).join(', ')})` : '';
    throw new ConfigError(`${file}: ${where}: ${issue.message}${keys}`);
  }
  const config = { ...r.data };
  if (config.out) config.out = resolve(dir, config.out);
  if (config.templates) config.templates = resolve(dir, config.templates);
  return { file, config };
}
