// The `linebreak` package (UAX #14) ships no type declarations; this is the part we use.
declare module 'linebreak' {
  export interface Break {
    /** Offset (UTF-16) at which the next line may start. */
    position: number;
    /** A mandatory break (after a line feed or paragraph separator). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
