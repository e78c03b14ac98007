// Types for fuzz-cases.mjs, so the TypeScript property tests import it checked.
import type fc from 'fast-check';

type FastCheck = typeof fc;
export interface Edit {
  op: string;
  [k: string]: unknown;
}
export interface TextEdit {
  at: number;
  text: string;
}
export declare const NASTY: readonly string[];
export declare const VALUES: readonly string[];
export declare function arbitraries(fc: FastCheck): { nasty: fc.Arbitrary<string>; value: fc.Arbitrary<string>; edit: fc.Arbitrary<Edit>; edits: fc.Arbitrary<Edit[]> };
export declare function mutate(text: string, edits: readonly Edit[]): string;
export declare function textEdits(fc: FastCheck): fc.Arbitrary<TextEdit[]>;
export declare function mutateText(text: string, edits: readonly TextEdit[]): string;
export declare function randomDocument(fc: FastCheck): fc.Arbitrary<string>;
/** A description of how `error` breaks the contract (BriefingInputError with located diagnostics), or undefined. */
export declare function contractProblem(error: unknown, BriefingInputError: abstract new (...args: never[]) => Error): string | undefined;
