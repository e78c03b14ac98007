// Project defaults for the command line: `briefing.config.yaml` (or `.yml`, `.json`) in the
// current folder or the nearest folder above it, or a `briefing` key in the nearest
// package.json; `--config FILE` names one explicitly. Flags override the config, and the
// config overrides the built-in defaults. Relative paths in it are relative to its folder.
// Looking for it needs no library; the YAML parser and the schema (config-schema.ts, about a
// megabyte of zod and yaml to compile) load only when there is a config to read, so a build
// without one starts its worker that much sooner.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { BriefingConfig } from './config-schema.js';

export const CONFIG_FILES = ['briefing.config.yaml', 'briefing.config.yml', 'briefing.config.json'];

export type { BriefingConfig };

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
export async function loadConfig(explicit: string | undefined, cwd: string): Promise<LoadedConfig | undefined> {
  const found = findConfig(explicit, cwd);
  if (!found) return undefined;
  const { checkConfig, parseYaml } = await import('./config-schema.js');
  let data = found.data;
  if (found.yaml !== undefined) {
    try {
      data = parseYaml(found.yaml);
    } catch (e) {
      throw new ConfigError(`${found.file}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const checked = checkConfig(data ?? {});
  if (!checked.ok) throw new ConfigError(`${found.file}: ${checked.message}`);
  const config = { ...checked.config };
  if (config.out) config.out = resolve(found.dir, config.out);
  if (config.templates) config.templates = resolve(found.dir, config.templates);
  return { file: found.file, config };
}

/** Where the config is and what it holds: read JSON, or YAML text still to parse. */
function findConfig(explicit: string | undefined, cwd: string): { file: string; dir: string; data?: unknown; yaml?: string } | undefined {
  if (explicit !== undefined) return readConfig(resolve(cwd, explicit));
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILES) if (existsSync(join(dir, name))) return readConfig(join(dir, name));
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      // The nearest package.json ends the search: it is the project's root.
      const data = readJson(pkg) as { briefing?: unknown };
      return data.briefing === undefined ? undefined : { file: `${pkg}#briefing`, dir, data: data.briefing };
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

function readConfig(file: string): { file: string; dir: string; data?: unknown; yaml?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!file.endsWith('.json')) return { file, dir: dirname(file), yaml: text };
  try {
    return { file, dir: dirname(file), data: JSON.parse(text) };
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
}

