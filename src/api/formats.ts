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
  // May be unusable ('..' from `...yaml`, '' from `.yaml`): idProblem says why.
  const base = file.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.(ya?ml|json)$/i, '');
}

/** Longest id, in UTF-8 bytes: file names stop at 255 and the staging names add ~30. */
export const MAX_ID_BYTES = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why `id` cannot name an output folder, or undefined when it can. An id becomes one path
 * segment under --out, so it must be an ordinary file name on every common file system: no
 * separators or characters Windows refuses, no control or invisible format characters, not
 * `.`/`..` nor hidden (the staging folders beside it are hidden), no trailing dot or space,
 * no reserved device name, and not too long.
 */
export function idProblem(id: string): string | undefined {
  const shown = JSON.stringify(id.length > 60 ? `${id.slice(0, 60)}…` : id);
  if (id === '') return 'the id is empty';
  if (id === '.' || id === '..') return `the id ${shown} names a folder, not a file`;
  if (id.startsWith('.')) return `the id ${shown} starts with a dot (hidden names are reserved for staging)`;
  if (/[\\/:*?"<>|]/.test(id)) return `the id ${shown} contains a character not allowed in file names (\\ / : * ? " < > |)`;
  if (/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/u.test(id)) return `the id ${shown} contains a control or invisible character`;
  if (/[. ]$/.test(id) || /^\s/.test(id)) return `the id ${shown} starts with a space or ends with a dot or space`;
  if (WINDOWS_RESERVED.test(id)) return `the id ${shown} is a reserved device name on Windows`;
  const bytes = Buffer.byteLength(id, 'utf8');
  if (bytes > MAX_ID_BYTES) return `the id is ${bytes} bytes long; the limit is ${MAX_ID_BYTES}`;
  return undefined;
}
