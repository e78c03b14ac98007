// Mail cannot be redirected or left hanging: header inputs with CR, LF, NUL or other controls
// are refused before any build (exit 2, BR551), every address is parsed (BR550), a malformed
// --smtp URL is a usage error before the build (BR552), and a server that stalls after DATA
// is given up on after the socket timeout (BR501), with the files written.
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeEml, sendEml } from '../src/delivery/email.js';
import { headerProblem, parseAddresses, parseSmtpTimeouts, smtpUrlProblem } from '../src/delivery/mail-check.js';
import { root, runCli, runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const minimal = join(root, 'test/fixtures/minimal.yaml');
const BUILD_TIMEOUT = 240_000;

describe('header inputs and addresses', () => {
  it('refuses CR, LF, NUL and other controls in any header input (BR551)', () => {
    for (const bad of ['boss@corp.example\r\nBcc: x@evil.example', 'boss@corp.example\nBcc: x@evil.example', 'a@b.example\rX: y', 'a@b.example\u0000', 'a@b.example\u001b[2J', 'Subject line\u2028Bcc: x@evil.example', 'a@b.example\u0085']) {
      expect(headerProblem('--to', bad)?.code, JSON.stringify(bad)).toBe('BR551');
      const parsed = parseAddresses('--to', bad);
      expect('code' in parsed && parsed.code, JSON.stringify(bad)).toBe('BR551');
    }
    expect(headerProblem('--subject', 'An ordinary subject – with a dash')).toBeUndefined();
  });

  it('parses address lists and refuses what is not an address (BR550)', () => {
    expect(parseAddresses('--to', 'one@example.com, Two <two@example.net>')).toEqual({ addresses: ['one@example.com', 'two@example.net'] });
    expect(parseAddresses('--to', 'Team: a@example.org, b@example.org;')).toEqual({ addresses: ['a@example.org', 'b@example.org'] });
    expect(parseAddresses('--to', 'müller@bücher.example')).toEqual({ addresses: ['müller@bücher.example'] });
    for (const bad of ['not an address', '@example.com', 'a@', 'a@b', 'a@@b.example', 'a@-b.example', 'a b@c.example', '', ' , ', 'a@b.example, nonsense']) {
      const r = parseAddresses('--to', bad);
      expect('code' in r && r.code, JSON.stringify(bad)).toBe('BR550');
    }
    const two = parseAddresses('--from', 'a@b.example, c@d.example', true);
    expect('code' in two && two.code).toBe('BR550');
  });

  it('checks SMTP URLs and timeouts', () => {
    for (const ok of ['smtp://127.0.0.1:2525', 'smtps://user:pass@mail.example.org:465', 'smtp://mail.example.org', 'smtp://[::1]:25/']) expect(smtpUrlProblem(ok), ok).toBeUndefined();
    for (const bad of ['smtp://[bad', 'http://mail.example.org', 'smtp:/mail.example.org', 'smtp://', 'smtp://host:99999', 'smtp://host/path', 'mail.example.org:25', 'smtp://host\r\n:25', '']) expect(smtpUrlProblem(bad)?.code, bad).toBe('BR552');
    expect(parseSmtpTimeouts('5')).toEqual({ connection: 5000, greeting: 5000, socket: 5000 });
    expect(parseSmtpTimeouts('10,10,30')).toEqual({ connection: 10_000, greeting: 10_000, socket: 30_000 });
    for (const bad of ['', '0', '-1', '1,2', 'ten', '1,2,3,4', '99999']) expect(parseSmtpTimeouts(bad), bad).toBeUndefined();
  });

  it('the library refuses the same header inputs (composeEml, sendEml)', async () => {
    const body = { subject: 'S', text: 't', html: '<p>t</p>' };
    await expect(composeEml({ from: 'a@b.example', to: 'c@d.example\r\nBcc: x@evil.example', body, date: new Date(0), attachments: [] })).rejects.toThrow(/BR551/);
    await expect(composeEml({ from: 'a@b.example\nX: y', to: 'c@d.example', body, date: new Date(0), attachments: [] })).rejects.toThrow(/BR551/);
    await expect(composeEml({ from: 'a@b.example', to: 'c@d.example', subject: 'Hi\r\nBcc: x@evil.example', body, date: new Date(0), attachments: [] })).rejects.toThrow(/BR551/);
    await expect(sendEml('smtp://127.0.0.1:1', { from: 'a@b.example', to: 'c@d.example\nBcc: x@evil.example' }, Buffer.from(''))).rejects.toThrow(/BR551/);
  });
});

describe('the CLI refuses bad mail options before building (exit 2)', () => {
  const cases: [string[], string][] = [
    [['--eml', '--from', 'desk@example.org', '--to', 'boss@corp.example\r\nBcc: x@evil.example'], 'BR551'],
    [['--eml', '--from', 'desk@example.org\nBcc: x@evil.example', '--to', 'boss@corp.example'], 'BR551'],
    [['--eml', '--from', 'desk@example.org', '--to', 'boss@corp.example', '--subject', 'Hello\r\nBcc: x@evil.example'], 'BR551'],
    [['--eml', '--from', 'desk@example.org', '--to', 'boss at corp'], 'BR550'],
    [['--eml', '--from', 'a@example.org, b@example.org', '--to', 'boss@corp.example'], 'BR550'],
    [['--smtp', 'smtp://[bad', '--from', 'desk@example.org', '--to', 'boss@corp.example'], 'BR552'],
    [['--smtp', 'smtp://host:70000', '--from', 'desk@example.org', '--to', 'boss@corp.example'], 'BR552'],
    [['--smtp', 'smtp://127.0.0.1:25', '--smtp-timeout', 'soon', '--from', 'desk@example.org', '--to', 'boss@corp.example'], 'BR554'],
  ];
  it('each variant: exit 2, its code, nothing written', () => {
    for (const [args, code] of cases) {
      const out = join(tempDir('briefing-mail-'), 'out');
      const r = runCli(['build', minimal, '--out', out, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(`error[${code}]`);
      // The control characters are shown escaped, never sent raw to the terminal.
      expect(r.stderr).not.toMatch(/[\r\u0000\u001b]/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      const json = runCli(['build', minimal, '--out', out, '--json', ...args]);
      expect(json.status).toBe(2);
      expect(JSON.parse(json.stdout).errors[0].code).toBe(code);
    }
  });
});

describe('a server that stalls after DATA', () => {
  let server: SMTPServer;
  let port: number;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // Reads the message, then never answers: the client must give up on its own.
      onData(stream) {
        stream.resume();
      },
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it(
    'is given up on after --smtp-timeout: BR501, exit 3, the files kept',
    async () => {
      const out = join(tempDir('briefing-mail-'), 'out');
      const started = Date.now();
      const r = await runCliAsync(['build', minimal, '--out', out, '--format', 'slides', '--smtp', `smtp://127.0.0.1:${port}`, '--smtp-timeout', '2', '--from', 'desk@example.org', '--to', 'boss@corp.example']);
      const took = Date.now() - started;
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toContain('[BR501]');
      expect(r.stderr).toMatch(/timeout|timed out/i);
      // Given up on well before a default client would (minutes); the build itself takes seconds.
      expect(took).toBeLessThan(BUILD_TIMEOUT / 2);
      expect(readFileSync(join(out, 'minimal', 'briefing.eml')).byteLength).toBeGreaterThan(1000);
    },
    BUILD_TIMEOUT,
  );

  it('sendEml uses the timeouts (library)', async () => {
    const started = Date.now();
    await expect(sendEml(`smtp://127.0.0.1:${port}`, { from: 'a@b.example', to: 'c@d.example' }, Buffer.from('Subject: x\r\n\r\nbody\r\n'), { socket: 500 })).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
