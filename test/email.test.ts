// The briefing as an e-mail: the .eml the CLI writes and the message a real SMTP server
// receives, both parsed with mailparser; the bodies from the e-mail templates.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/pdf.js';
import { runCliAsync, seed } from './helpers/cli.js';
import { composeEml } from '../src/delivery/email.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import { renderEmail } from '../src/narrative/email.js';
import { BriefingInputError } from '../src/diagnostics/index.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const seedDoc = parseYaml(readFileSync(seed, 'utf8')) as { meta: { title: string; date: string } };
// Figures as the formatter prints them for the seed's key figures (en-GB).
const KEY_FIGURES = ['US$24.21 billion', 'US$3.8 billion', 'US$4.76 billion', '165.73 billion yuan', '72,500', 'approximately 1 billion yuan'];

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

describe('briefing build --eml --smtp', () => {
  let server: SMTPServer;
  const received: Received[] = [];
  let out: string;
  let result: { status: number | null; stdout: string; stderr: string };
  const dir = () => join(out, 'shanghai-uk-2023');
  let fromFile: ParsedMail;
  let fromServer: ParsedMail;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
          callback();
        });
      },
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const port = (server.server.address() as AddressInfo).port;
    out = tempDir('briefing-email-');
    result = await runCliAsync(['build', seed, '--out', out, '--eml', '--smtp', `smtp://127.0.0.1:${port}`, '--from', 'Briefing desk <desk@example.org>', '--to', 'one@example.com, Two <two@example.net>']);
    fromFile = await simpleParser(readFileSync(join(dir(), 'briefing.eml')));
    fromServer = await simpleParser(received[0]?.raw ?? Buffer.alloc(0));
  }, 240_000);

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('exits 0, writes briefing.eml beside the PDFs and sends one message', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(join(dir(), 'briefing.eml'));
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('desk@example.org');
    expect(received[0]!.to).toEqual(['one@example.com', 'two@example.net']);
  });

  it('sends exactly the bytes of the .eml', () => {
    const eml = readFileSync(join(dir(), 'briefing.eml'));
    expect(sha(received[0]!.raw)).toBe(sha(eml));
    expect(received[0]!.raw.byteLength).toBe(eml.byteLength);
  });

  for (const which of ['file', 'server'] as const) {
    it(`${which}: two intact PDF attachments with the right names`, () => {
      const mail = which === 'file' ? fromFile : fromServer;
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['briefing.pdf', 'application/pdf'],
        ['slides.pdf', 'application/pdf'],
      ]);
      for (const a of mail.attachments) {
        const onDisk = readFileSync(join(dir(), a.filename!));
        expect(sha(a.content), a.filename).toBe(sha(onDisk));
        expect(a.content.subarray(0, 5).toString()).toBe('%PDF-');
      }
    });

    it(`${which}: plain-text and HTML bodies with the key figures`, () => {
      const mail = which === 'file' ? fromFile : fromServer;
      expect(mail.text).toBeTruthy();
      expect(mail.html).toBeTruthy();
      for (const figure of KEY_FIGURES) {
        expect(mail.text, figure).toContain(figure);
        expect(mail.html as string, figure).toContain(figure);
      }
      expect(mail.text).toContain(seedDoc.meta.title);
      expect(mail.text).toContain('Attached: briefing.pdf, slides.pdf');
      expect(mail.html as string).toMatch(/<h1[^>]*>Shanghai and the UK – investment outreach, 2023<\/h1>/);
    });

    it(`${which}: subject is the briefing title, date the briefing date, fixed Message-ID`, () => {
      const mail = which === 'file' ? fromFile : fromServer;
      expect(mail.subject).toBe(seedDoc.meta.title);
      expect(mail.date?.toISOString()).toBe(`${seedDoc.meta.date}T00:00:00.000Z`);
      expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
      expect(mail.from?.value).toEqual([{ name: 'Briefing desk', address: 'desk@example.org' }]);
    });
  }

  it('the manifest lists the .eml with its sha256', () => {
    const manifest = JSON.parse(readFileSync(join(dir(), 'manifest.json'), 'utf8'));
    const eml = manifest.outputs.find((o: { file: string }) => o.file === 'briefing.eml');
    expect(eml.sha256).toBe(sha(readFileSync(join(dir(), 'briefing.eml'))));
  });

  it('an unreachable SMTP server is exit 3 with the files still written', async () => {
    const closed = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false });
    await new Promise<void>((ready) => closed.listen(0, '127.0.0.1', ready));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const out2 = tempDir('briefing-email-');
    const r = await runCliAsync(['build', seed, '--out', out2, '--format', 'slides', '--eml', '--smtp', `smtp://user:secret@127.0.0.1:${port}`, '--from', 'desk@example.org', '--to', 'one@example.com']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`could not send the e-mail via smtp://user:***@127.0.0.1:${port}`);
    expect(r.stderr).not.toContain('secret');
    expect(readFileSync(join(out2, 'shanghai-uk-2023', 'briefing.eml')).byteLength).toBeGreaterThan(0);
  }, 240_000);
});

describe('e-mail bodies and composition', () => {
  const facts = () => loadFacts(seed);

  it('escapes the HTML body; the text body stays literal', () => {
    const f = facts();
    f.doc.meta.title = '<script>alert("x")</script> & <b>co</b>';
    const { narrative } = renderNarrative(f);
    const body = renderEmail(f, narrative);
    expect(body.html).not.toContain('<script>');
    expect(body.html).not.toContain('<b>co</b>');
    expect(body.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;');
    expect(body.text.split('\n')[0]).toBe('<script>alert("x")</script> & <b>co</b>');
    expect(body.subject).toBe('<script>alert("x")</script> & <b>co</b>');
  });

  it('formats with the locale, like the PDFs', () => {
    const f = facts();
    f.doc.meta.locale = 'de-DE';
    const { narrative } = renderNarrative(f);
    const body = renderEmail(f, narrative);
    expect(body.text).toContain('24,21');
    expect(body.text).toContain('72.500');
    expect(body.html).toContain('lang="de-DE"');
  });

  it('a template mistake is located in the template', () => {
    const f = facts();
    const { narrative } = renderNarrative(f);
    const dir = tempDir('briefing-email-tpl-');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'email.text.hbs'), 'Hello\n  {{fact "no_such_fact"}}\n');
    try {
      renderEmail(f, narrative, { templatesDir: dir });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BriefingInputError);
      expect((e as BriefingInputError).diagnostics).toEqual([{ severity: 'error', code: 'BR212', file: expect.stringContaining('email.text.hbs'), line: 2, column: 3, path: '', message: 'unknown fact "no_such_fact"' }]);
    }
  });

  it('composes deterministically: same input, same bytes; a changed attachment, a new Message-ID', async () => {
    const body = { subject: 'Title – 2023', text: 'Plain body\n', html: '<p>HTML body</p>' };
    const input = { from: 'desk@example.org', to: 'a@example.com', body, date: new Date('2023-08-24T00:00:00Z'), attachments: [{ filename: 'briefing.pdf', content: new TextEncoder().encode('%PDF-1.7 one') }] };
    const a = await composeEml(input);
    const b = await composeEml(input);
    expect(sha(a)).toBe(sha(b));
    const c = await composeEml({ ...input, attachments: [{ filename: 'briefing.pdf', content: new TextEncoder().encode('%PDF-1.7 two') }] });
    const id = (m: Buffer) => /^Message-ID: (.*)$/m.exec(m.toString())![1];
    expect(id(c)).not.toBe(id(a));
    const parsed = await simpleParser(a);
    expect(parsed.subject).toBe('Title – 2023');
    expect(parsed.date?.toISOString()).toBe('2023-08-24T00:00:00.000Z');
    const withSubject = await simpleParser(await composeEml({ ...input, subject: 'Weekly: <briefing> & more' }));
    expect(withSubject.subject).toBe('Weekly: <briefing> & more');
  });
});
