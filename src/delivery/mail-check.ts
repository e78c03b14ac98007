// Checks on everything that reaches an e-mail header or the SMTP connection, made before any
// build: header inputs (--to, --from, --subject) never carry CR, LF, NUL or other control
// characters (a CR LF in --to would start a new header such as Bcc:), every address is
// parsed (nodemailer's addressparser) and checked, and the SMTP URL is a real smtp:// or
// smtps:// URL with a host. Light on purpose: the CLI runs these before loading nodemailer.
import addressparser from 'nodemailer/lib/addressparser/index.js';

export interface SmtpTimeouts {
  /** Milliseconds to open the connection (DNS and TCP/TLS). */
  connection?: number;
  /** Milliseconds to wait for the server's greeting. */
  greeting?: number;
  /** Milliseconds of silence on the socket, e.g. after DATA, before giving up. */
  socket?: number;
}

export const DEFAULT_SMTP_TIMEOUTS: Required<SmtpTimeouts> = { connection: 10_000, greeting: 10_000, socket: 30_000 };

/** A problem with a mail input: its code (BR550–BR574) and what is wrong. */
export interface MailProblem {
  code: string;
  message: string;
}

const shown = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** CR, LF, NUL or any other control character: nothing a header may carry. */
export function headerProblem(option: string, value: string): MailProblem | undefined {
  const m = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(value);
  if (!m) return undefined;
  const ch = m[0].charCodeAt(0);
  const name = ch === 13 ? 'a carriage return (CR)' : ch === 10 ? 'a line feed (LF)' : ch === 0 ? 'a NUL' : `the control character U+${ch.toString(16).toUpperCase().padStart(4, '0')}`;
  return { code: 'BR551', message: `${option} contains ${name}, which could add or change e-mail headers; got ${shown(value)}` };
}

/** Local part (dot-atom) @ domain (labels of letters, digits and hyphens, IDN allowed). */
const ADDRESS = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Parses an address list ("Name <a@b.example>, c@d.example"); returns the bare addresses, or
 * the problem. `one` requires exactly one address (a sender).
 */
export function parseAddresses(option: string, value: string, one = false): { addresses: string[] } | MailProblem {
  const bad = headerProblem(option, value);
  if (bad) return bad;
  if (value.length > 4096) return { code: 'BR550', message: `${option} is ${value.length} characters long; the limit is 4,096` };
  const parsed = addressparser(value, { flatten: true });
  const addresses: string[] = [];
  for (const a of parsed) {
    const address = (a.address ?? '').trim();
    // A display name is only taken as one before an address in <…>: in "a b@c.example" the
    // parser would quietly drop "a".
    const named = a.name && !value.toLowerCase().includes(`<${address.toLowerCase()}>`);
    if (named || !ADDRESS.test(address) || address.length > 254) return { code: 'BR550', message: `${option} has ${shown(address || a.name || value)}, which is not an e-mail address` };
    addresses.push(address);
  }
  if (addresses.length === 0) return { code: 'BR550', message: `${option} needs ${one ? 'an' : 'at least one'} e-mail address, got ${shown(value)}` };
  if (one && addresses.length > 1) return { code: 'BR550', message: `${option} takes one e-mail address, got ${addresses.length}: ${shown(value)}` };
  if (addresses.length > 100) return { code: 'BR550', message: `${option} has ${addresses.length} addresses; the limit is 100` };
  return { addresses };
}

/** The SMTP URL's problem, if any: smtp:// or smtps://, a host, a port in range, nothing after the host. */
export function smtpUrlProblem(value: string): MailProblem | undefined {
  const bad = headerProblem('--smtp', value);
  if (bad) return { code: 'BR552', message: bad.message };
  const example = 'such as smtp://user:password@host:587 or smtps://host:465';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { code: 'BR552', message: `--smtp is not a URL (${example})` };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { code: 'BR552', message: `--smtp must start with smtp:// or smtps:// (${example}), got ${url.protocol}//` };
  if (!url.hostname) return { code: 'BR552', message: `--smtp names no host (${example})` };
  if (url.port !== '' && !(Number(url.port) >= 1 && Number(url.port) <= 65535)) return { code: 'BR552', message: `--smtp has the port ${url.port}, outside 1–65535` };
  if (url.pathname !== '' && url.pathname !== '/') return { code: 'BR552', message: `--smtp has a path (${url.pathname}); an SMTP URL is only a host and port (${example})` };
  return undefined;
}

/**
 * Parses --smtp-timeout: one number of seconds for all three, or three comma-separated
 * (connection, greeting, socket). Undefined when malformed.
 */
export function parseSmtpTimeouts(text: string): Required<SmtpTimeouts> | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 1 && parts.length !== 3) return undefined;
  const ms = parts.map((p) => (/^\d+(\.\d+)?$/.test(p) ? Math.round(Number(p) * 1000) : NaN));
  if (ms.some((n) => !(n > 0 && n <= 3_600_000))) return undefined;
  const [connection, greeting, socket] = ms.length === 1 ? [ms[0]!, ms[0]!, ms[0]!] : ms;
  return { connection: connection!, greeting: greeting!, socket: socket! };
}
