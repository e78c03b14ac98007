// Output formats and ids: small and dependency-free, so the CLI can parse arguments and
// print help without loading the pipeline.
export type Format = 'print' | 'slides' | 'notes' | 'pptx';
/** The output formats built by default, in the order they are built and listed. */
export const FORMATS: readonly Format[] = ['print', 'slides'];
/**
 * Every format buildBriefing accepts: the defaults plus the speaker notes (A4, one page per
 * slide) and the editable PowerPoint deck (the slides laid out the same way).
 */
export const ALL_FORMATS: readonly Format[] = ['print', 'slides', 'notes', 'pptx'];
export const OUTPUT_FILES: Record<Format, string> = { print: 'briefing.pdf', slides: 'slides.pdf', notes: 'notes.pdf', pptx: 'slides.pptx' };

/** The output folder name for a facts file: its base name without the extension. */
export function briefingId(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'briefing';
  return base.replace(/\.(ya?ml|json)$/i, '') || 'briefing';
}
