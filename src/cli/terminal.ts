// Text from users (file names, YAML keys, messages quoting them) printed to a terminal: every
// control character is shown escaped, as `\u001b`, so an ESC sequence cannot retitle the
// window or clear the screen, and a CR or LF cannot forge a log line. Also the Unicode
// line separators and bidirectional controls, which can reorder what a line appears to say.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function terminalText(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
