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
  const problems: Diagnostic[] = [];
  const load = (input: string | object): Facts | undefined => {
    try {
      return typeof input === 'string' ? loadFacts(input) : factsFromObject(input, resolve(options.baseDir ?? '.'));
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
