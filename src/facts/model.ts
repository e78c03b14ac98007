// The facts stage's output: the validated document plus every fact (stated or derived)
// resolved to one shape, which is all later stages need to print or plot a figure.
import type { BriefingDocument, Qualifier, Scale, Unit } from './schema.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { FigureOptOut } from './figures-check.js';

export interface ResolvedFact {
  id: string;
  label: string;
  short: string;
  /** The value in its own scale: 24.21 with scale billion means 24.21 billion. */
  value: number;
  unit: Unit;
  scale: Scale;
  qualifier: Qualifier;
  period: string;
  /** Source ids the figure rests on (a derived fact inherits its inputs' sources). */
  sources: string[];
  quote?: string;
  derived?: { formula: string; note: string; inputs: string[] };
}

export interface Facts {
  /** Facts file path as given (used in messages), or '<object>' for in-memory input. */
  file: string;
  /** Folder that relative paths in the document resolve against and are confined to. */
  dir: string;
  doc: BriefingDocument;
  facts: ReadonlyMap<string, ResolvedFact>;
  /** Source texts shipped with the facts file, keyed by source id. */
  sourceTexts: ReadonlyMap<string, string>;
  warnings: Diagnostic[];
  /** Facts exempted from the figure check (`figureOptOut`), each with its reason. */
  figureOptOuts: FigureOptOut[];
  /** Locates a document path for later stages' diagnostics (e.g. unused facts). */
  locate(path: readonly (string | number)[]): { line: number; column: number };
  /** Set when the edition's language is not the file's: the language, and editorial renderings of names. */
  translated?: { language: string; editorial: string[]; from: string };
  /**
   * The document in the file's own language, when the edition is in another: what stays the same
   * in every edition (the default briefing's grouping and section ids) is read from it.
   */
  ownDoc?: BriefingDocument;
  /** sha256 of the facts file's bytes as read (of the canonical JSON for an object). */
  inputSha256: string;
}

export const SCALE_FACTOR: Record<Scale, number> = { one: 1, thousand: 1e3, million: 1e6, billion: 1e9 };

/** The absolute quantity a fact states; percent facts are fractions (6.8 percent -> 0.068). */
export function absoluteValue(f: Pick<ResolvedFact, 'value' | 'scale' | 'unit'>): number {
  const v = f.value * SCALE_FACTOR[f.scale];
  return f.unit === 'percent' ? v / 100 : v;
}
