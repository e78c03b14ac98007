// The briefing as an e-mail: a MIME message (nodemailer's MailComposer) with a plain-text and
// an HTML body and the PDFs attached, written as a .eml file and optionally sent over SMTP.
// The .eml artifact is deterministic: its Date is the briefing's date, and its Message-ID and
// MIME boundaries are derived from a hash of its content, so the same input gives the same
// bytes. A message being sent (`sentAt`) is composed again with the send time as its Date and
// a new random Message-ID, so that two deliveries are two messages to every mail client.
import { createHash, randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { EmailBody } from '../api/index.js';
import { DEFAULT_SMTP_TIMEOUTS, headerProblem, type SmtpTimeouts } from './mail-check.js';
export type { SmtpTimeouts } from './mail-check.js';

export interface EmailAttachment {
  filename: string;
  content: Uint8Array;
}

export interface EmailEnvelope {
  from: string;
  /** One or more addresses, comma-separated or as a list. */
  to: string | readonly string[];
  /** Replaces the body's subject (the briefing title). */
  subject?: string;
}

export interface ComposeInput extends EmailEnvelope {
  body: EmailBody;
  date: Date;
  attachments: readonly EmailAttachment[];
  /**
   * Set for a message about to be sent: its Date becomes this time and its Message-ID a new
   * random one. Leave unset for the reproducible artifact (Date = `date`, hashed id).
   */
  sentAt?: Date;
}

/** Builds the raw RFC 5322 message. */
export async function composeEml(input: ComposeInput): Promise<Buffer> {
  const subject = input.subject ?? input.body.subject;
  const to = typeof input.to === 'string' ? input.to : input.to.join(', ');
  assertHeaders({ from: input.from, to, subject });
  // Everything that shapes the message goes into the hash, so two different messages never
  // share an id, and an identical rebuild reproduces it byte for byte.
  const hash = createHash('sha256');
  for (const part of [input.from, to, subject, input.date.toISOString(), input.body.text, input.body.html]) hash.update(part).update('\0');
  for (const a of input.attachments) hash.update(a.filename).update('\0').update(a.content).update('\0');
  const images = input.body.images ?? [];
  for (const i of images) hash.update(i.cid).update('\0').update(i.filename).update('\0').update(i.content).update('\0');
  const digest = hash.digest('hex');
  const domain = addresses(input.from)[0]?.split('@').pop() ?? 'localhost';

  const composer = new MailComposer({
    from: input.from,
    to,
    subject,
    date: input.sentAt ?? input.date,
    messageId: input.sentAt ? `<${randomUUID()}@${domain}>` : `<${digest.slice(0, 32)}@${domain}>`,
    baseBoundary: digest.slice(32, 48),
    // CRLF, as RFC 5322 requires and as SMTP would rewrite bare LFs anyway: the .eml on
    // disk is then byte for byte what a server receives.
    text: crlf(input.body.text),
    html: crlf(input.body.html),
    textEncoding: 'quoted-printable',
    attachments: [
      // Inline pictures first: with them the HTML and its images form a multipart/related part.
      ...images.map((i) => ({ filename: i.filename, content: Buffer.from(i.content), contentType: 'image/png', cid: i.cid, contentDisposition: 'inline' as const })),
      ...input.attachments.map((a) => ({ filename: a.filename, content: Buffer.from(a.content), contentType: 'application/pdf' })),
    ],
  });
  return composer.compile().build();
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

/**
 * Sends a composed message as is (the same bytes as the .eml) through the SMTP server at
 * `url`, e.g. smtp://user:pass@host:587 or smtps://host:465. Envelope from the addresses.
 */
export async function sendEml(url: string, envelope: EmailEnvelope, raw: Buffer, timeouts: SmtpTimeouts = {}): Promise<SendResult> {
  assertHeaders({ from: envelope.from, to: typeof envelope.to === 'string' ? envelope.to : envelope.to.join(', ') });
  const transport = nodemailer.createTransport(smtpOptions(url, timeouts));
  try {
    const to = addresses(envelope.to);
    const info = await transport.sendMail({ envelope: { from: addresses(envelope.from)[0] ?? envelope.from, to }, raw });
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return { messageId: String(info.messageId ?? ''), accepted: list(info.accepted), rejected: list(info.rejected), response: String(info.response ?? '') };
  } finally {
    transport.close();
  }
}

/** Bare addresses ("a@b.c") from header syntax ("Name <a@b.c>, d@e.f"); groups flattened. */
export function addresses(field: string | readonly string[]): string[] {
  const text = typeof field === 'string' ? field : field.join(', ');
  return addressparser(text, { flatten: true })
    .map((a) => a.address ?? '')
    .filter((a) => a.includes('@'));
}

/** Header inputs never carry CR, LF or other controls: the library refuses what the CLI refuses. */
function assertHeaders(fields: Record<string, string>): void {
  for (const [name, value] of Object.entries(fields)) {
    const bad = headerProblem(name, value);
    if (bad) throw new TypeError(`${bad.code}: ${bad.message}`);
  }
}

/** nodemailer's options for `url`, with connection, greeting and socket timeouts always set. */
function smtpOptions(url: string, timeouts: SmtpTimeouts) {
  const t = { ...DEFAULT_SMTP_TIMEOUTS, ...timeouts };
  return { url, connectionTimeout: t.connection, greetingTimeout: t.greeting, socketTimeout: t.socket };
}

function crlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}
