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
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { emailPreview } from '../src/api/email-preview.js';
import { attr, elements, htmlProblems, parseHtml, text } from './helpers/html.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
// The seed's title holds one text per language; these builds are the English edition.
const seedDoc = ((d) => ({ meta: { ...d.meta, title: d.meta.title['en-GB']! } }))(parseYaml(readFileSync(seed, 'utf8')) as { meta: { title: Record<string, string>; date: string } });
// Figures as the formatter prints them for the seed's key figures (en-GB).
const KEY_FIGURES = ['US$24.21 billion', 'US$3.8 billion', 'US$4.76 billion', '165.73 billion yuan', '72,500', 'approximately 1 billion yuan'];

interface Received {
  from: string;
  to: string[];
  raw: Buffer;
}

const ATTACHMENTS = ['shanghai-uk-2023-briefing.pdf', 'shanghai-uk-2023-slides.pdf'];
const onDiskName = (attachment: string) => attachment.replace(/^shanghai-uk-2023-/, '');
/** A message with its Date and Message-ID header lines taken out. */
const withoutSendHeaders = (raw: Buffer) => raw.toString('latin1').replace(/^(Date|Message-ID): .*\r\n/gm, '');

describe('briefing build --eml --smtp', () => {
  let server: SMTPServer;
  const received: Received[] = [];
  let out: string;
  const results: { status: number | null; stdout: string; stderr: string }[] = [];
  const emls: Buffer[] = [];
  const sendWindows: [number, number][] = [];
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
    // The same build sent twice, as a scheduled job would.
    for (let i = 0; i < 2; i++) {
      const before = Date.now();
      results.push(await runCliAsync(['build', seed, '--out', out, '--eml', '--smtp', `smtp://127.0.0.1:${port}`, '--from', 'Briefing desk <desk@example.org>', '--to', 'one@example.com, Two <two@example.net>']));
      sendWindows.push([before, Date.now()]);
      emls.push(readFileSync(join(dir(), 'briefing.eml')));
    }
    fromFile = await simpleParser(emls[0]!, { skipImageLinks: true });
    fromServer = await simpleParser(received[0]?.raw ?? Buffer.alloc(0), { skipImageLinks: true });
  }, 480_000);

  afterAll(async () => {
    await new Promise<void>((done) => server.close(() => done()));
  });

  it('exits 0, writes briefing.eml beside the PDFs and sends one message per build', () => {
    for (const r of results) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(join(dir(), 'briefing.eml'));
    }
    expect(received).toHaveLength(2);
    expect(received[0]!.from).toBe('desk@example.org');
    expect(received[0]!.to).toEqual(['one@example.com', 'two@example.net']);
  });

  it('each delivery has its own Message-ID and the send time as its Date', async () => {
    const sent = await Promise.all(received.map((r) => simpleParser(r.raw)));
    const ids = sent.map((m) => m.messageId);
    expect(ids[0]).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(ids[1]).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
    expect(new Set([...ids, fromFile.messageId]).size).toBe(3);
    sent.forEach((m, i) => {
      const [from, to] = sendWindows[i]!;
      // Date has whole seconds.
      expect(m.date!.getTime()).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000);
      expect(m.date!.getTime()).toBeLessThanOrEqual(to);
    });
  });

  it('the .eml artifact is byte-identical across builds, with the briefing date and a hashed Message-ID', () => {
    expect(sha(emls[1]!)).toBe(sha(emls[0]!));
    expect(fromFile.date?.toISOString()).toBe(`${seedDoc.meta.date}T00:00:00.000Z`);
    expect(fromFile.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
  });

  it('sends the bytes of the .eml but for its Date and Message-ID lines', () => {
    for (const r of received) expect(withoutSendHeaders(r.raw)).toBe(withoutSendHeaders(emls[0]!));
  });

  for (const which of ['file', 'server'] as const) {
    it(`${which}: two intact PDF attachments named after the briefing, and the inline chart`, () => {
      const mail = which === 'file' ? fromFile : fromServer;
      const pdfs = mail.attachments.filter((a) => a.contentType === 'application/pdf');
      expect(pdfs.map((a) => a.filename)).toEqual(ATTACHMENTS);
      for (const a of pdfs) {
        const onDisk = readFileSync(join(dir(), onDiskName(a.filename!)));
        expect(sha(a.content), a.filename).toBe(sha(onDisk));
        expect(a.content.subarray(0, 5).toString()).toBe('%PDF-');
      }
      const images = mail.attachments.filter((a) => a.contentType === 'image/png');
      expect(images).toHaveLength(1);
      const [png] = images;
      expect(png!.filename).toMatch(/^shanghai-uk-2023-[a-z0-9_]+\.png$/);
      expect(png!.contentDisposition).toBe('inline');
      expect(png!.content.subarray(1, 4).toString()).toBe('PNG');
      const html = parseHtml(mail.html as string);
      const imgs = elements(html, 'img');
      expect(imgs.map((i) => attr(i, 'src'))).toEqual([`cid:${png!.cid}`]);
      // Shown at most at the PNG's width over 1.5 (a denser picture for sharp screens).
      expect(Number(attr(imgs[0]!, 'width'))).toBe(Math.round(png!.content.readUInt32BE(16) / 1.5));
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
      expect(mail.text).toContain(`Attached: ${ATTACHMENTS.join(', ')}`);
      expect(mail.html as string).toMatch(/<h1[^>]*>Shanghai and the UK – investment outreach, 2023<\/h1>/);
    });

    it(`${which}: subject is the briefing title, sender as given`, () => {
      const mail = which === 'file' ? fromFile : fromServer;
      expect(mail.subject).toBe(seedDoc.meta.title);
      expect(mail.from?.value).toEqual([{ name: 'Briefing desk', address: 'desk@example.org' }]);
    });
  }

  it('the HTML body is self-contained: inline styles only, no external resource, alt text on every image', () => {
    expect(htmlProblems(fromFile.html as string)).toEqual([]);
    const doc = parseHtml(fromFile.html as string);
    // Key-figure tiles: one cell per key figure, value first.
    const tiles = elements(doc, 'td').filter((td) => elements(td, 'div').length === 3);
    expect(tiles.map((td) => text(elements(td, 'div')[0]!).replace(/\s*\[\d+\]$/, '').trim())).toEqual(KEY_FIGURES);
    const img = elements(doc, 'img')[0]!;
    expect(attr(img, 'alt')).toMatch(/^Bar chart showing |^Column chart showing |^Panels, each on its own scale, showing |^Timeline of /);
  });

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
    const body = { subject: 'Title – 2023', text: 'Plain body\n', html: '<p>HTML body</p>', images: [] };
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

describe('the HTML body and its chart preview', () => {
  const render = (preview?: Parameters<typeof renderEmail>[2] extends infer O ? O extends { preview?: infer P } ? P : never : never) => {
    const f = loadFacts(seed);
    const { narrative } = renderNarrative(f);
    return renderEmail(f, narrative, preview ? { preview } : {});
  };
  const image = { cid: 'chart.one@briefing', filename: 'one-chart.png', content: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), width: 460, height: 180 };

  it('shows the chart as a cid: picture with its alt text when there is a PNG', () => {
    const body = render({ title: 'A chart title', alt: 'Bar chart showing a thing: A: 1; B: 2.', image });
    expect(htmlProblems(body.html)).toEqual([]);
    const img = elements(parseHtml(body.html), 'img');
    expect(img.map((i) => [attr(i, 'src'), attr(i, 'alt'), attr(i, 'width'), attr(i, 'height')])).toEqual([['cid:chart.one@briefing', 'Bar chart showing a thing: A: 1; B: 2.', '460', '180']]);
    expect(body.images).toEqual([image]);
  });

  it('describes the chart in words when there is no PNG (no image, nothing external)', () => {
    const body = render({ title: 'A chart title', alt: 'Bar chart showing a thing: A: 1; B: 2.' });
    expect(htmlProblems(body.html)).toEqual([]);
    const doc = parseHtml(body.html);
    expect(elements(doc, 'img')).toEqual([]);
    expect(elements(doc, 'h2').map(text)).toContain('A chart title');
    expect(elements(doc, 'p').map(text)).toContain('Bar chart showing a thing: A: 1; B: 2.');
    expect(body.images).toEqual([]);
  });

  it('a map first in the briefing: the preview is the first chart that can be a picture; maps alone are described in words', async () => {
    const { narrative } = renderNarrative(loadFacts(seed));
    const map = narrative.charts.find((c) => c.type === 'map')!;
    const others = narrative.charts.filter((c) => c.type !== 'map' && c.type !== 'timeline');
    expect(map).toBeDefined();
    expect(others.length).toBeGreaterThan(0);
    const warnings: Diagnostic[] = [];
    // Laid out as a build on a worker thread does (no pixels): the map is passed over.
    const preview = await emailPreview([map, ...others], 'mapfirst', 'mapfirst.yaml', warnings, true);
    expect(preview?.title).toBe(others[0]!.title);
    expect(preview?.image?.filename).toBe(`mapfirst-${others[0]!.id}.png`);
    expect(preview?.image?.pending?.id).toBe(others[0]!.id);
    // Only maps: no picture, the first map in words (it is in the attached PDFs); nothing lost, no error.
    const onlyMap = await emailPreview([map], 'maponly', 'maponly.yaml', warnings, true);
    expect(onlyMap).toEqual({ title: map.title, alt: expect.stringMatching(/^Map of /) });
    expect(warnings).toEqual([]);
    const body = render(onlyMap);
    expect(elements(parseHtml(body.html), 'img')).toEqual([]);
    expect(elements(parseHtml(body.html), 'p').map(text)).toContain(onlyMap!.alt);
  });

  it('an odd number of key figures still gives full rows of tiles', () => {
    const f = loadFacts(seed);
    const { narrative } = renderNarrative(f);
    narrative.keyFigures = narrative.keyFigures.slice(0, 3);
    const doc = parseHtml(renderEmail(f, narrative).html);
    const rows = elements(doc, 'table')[0]!;
    const cells = elements(rows, 'tr').map((tr) => elements(tr, 'td').length);
    expect(cells).toEqual([3, 3]);
  });

  it('the picture is attached inline (multipart/related) and hashed into the artifact', async () => {
    const body = { subject: 'Title', text: 'Plain\n', html: '<p><img src="cid:chart.one@briefing" alt="x"></p>', images: [image] };
    const input = { from: 'desk@example.org', to: 'a@example.com', body, date: new Date('2023-08-24T00:00:00Z'), attachments: [] };
    const raw = await composeEml(input);
    expect(raw.toString()).toMatch(/Content-Type: multipart\/related/);
    const parsed = await simpleParser(raw);
    expect(parsed.attachments.map((a) => [a.filename, a.cid, a.contentDisposition])).toEqual([['one-chart.png', 'chart.one@briefing', 'inline']]);
    const other = await composeEml({ ...input, body: { ...body, images: [{ ...image, content: new Uint8Array([1, 2, 3]) }] } });
    expect(/^Message-ID: (.*)$/m.exec(other.toString())![1]).not.toBe(/^Message-ID: (.*)$/m.exec(raw.toString())![1]);
  });

  it('sentAt gives a new Message-ID each time and the send time as Date; the rest is unchanged', async () => {
    const body = { subject: 'Title', text: 'Plain\n', html: '<p>x</p>', images: [] };
    const input = { from: 'desk@example.org', to: 'a@example.com', body, date: new Date('2023-08-24T00:00:00Z'), attachments: [] };
    const now = new Date('2031-02-03T04:05:06Z');
    const [a, b, artifact] = await Promise.all([composeEml({ ...input, sentAt: now }), composeEml({ ...input, sentAt: now }), composeEml(input)]);
    const [pa, pb] = await Promise.all([simpleParser(a), simpleParser(b)]);
    expect(pa.messageId).not.toBe(pb.messageId);
    expect(pa.date?.toISOString()).toBe('2031-02-03T04:05:06.000Z');
    expect(withoutSendHeaders(a)).toBe(withoutSendHeaders(artifact));
  });
});
