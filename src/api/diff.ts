// The library face of `briefing diff`: two facts files (or objects) in, a typed report of
// what changed out. Both editions are checked exactly as a build checks them; problems in
// either are reported together in one BriefingInputError.
import { resolve } from 'node:path';
import { BriefingInputError, type Diagnostic } from '../diagnostics/index.js';
import { factsFromObject, loadFacts, type Facts } from '../facts/index.js';
import { diffFacts, type BriefingDiff } from '../diff/index.js';
import { formatDiff } from '../diff/text.js';

export type { BriefingDiff, ChartChange, EventChange, FactChange, FactSide, MetaChange } from '../diff/index.js';

export interface DiffOptions {
  /** Base folder for relative source paths when an input is an object. */
  baseDir?: string;
  /** Locale of the printed figures and dates; defaults to the new edition's. */
  locale?: string;
}

export async function diffBriefings(oldInput: string | object, newInput: string | object, options: DiffOptions = {}): Promise<BriefingDiff> {
  const read = (input: string | object, locale: string | undefined): Facts => {
    const load = locale ? { locale } : {};
    return typeof input === 'string' ? loadFacts(input, load) : factsFromObject(input, resolve(options.baseDir ?? '.'), undefined, load);
  };
  // With --locale, both editions are read in that language when they have its texts (labels,
  // periods, titles and names as that edition prints them); when either lacks one (BR620),
  // both are read in their own language, so the two sides always compare like for like.
  if (options.locale) {
    try {
      return diffEditions(oldInput, newInput, options, (input) => read(input, options.locale));
    } catch (e) {
      const untranslated = e instanceof BriefingInputError && e.diagnostics.every((d) => d.severity !== 'error' || d.code === 'BR620');
      if (!untranslated) throw e;
    }
  }
  return diffEditions(oldInput, newInput, options, (input) => read(input, undefined));
}

/** Both editions read with `read`, problems in either reported together. */
function diffEditions(oldInput: string | object, newInput: string | object, options: DiffOptions, read: (input: string | object) => Facts): BriefingDiff {
  const problems: Diagnostic[] = [];
  const load = (input: string | object): Facts | undefined => {
    try {
      return read(input);
    } catch (e) {
      if (!(e instanceof BriefingInputError)) throw e;
      problems.push(...e.diagnostics);
      return undefined;
    }
  };
  const before = load(oldInput);
  const after = load(newInput);
  if (!before || !after) throw new BriefingInputError(problems);
  return diffFacts(before, after, options.locale ? { locale: options.locale } : {});
}

/** The plain-text summary `briefing diff` prints. */
export function diffText(diff: BriefingDiff): string {
  return formatDiff(diff);
}
