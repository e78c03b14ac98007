// The studio page in a real browser: Debian's chromium driven by playwright-core (no
// browser download). Upload the seed, wait for the pdf.js preview, break a fact and read
// the error list, follow a local file under `briefing preview`. Screenshots are written to
// $TMPDIR/briefing-studio-shots/ for a person to look at.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localPreview } from '../src/service/preview.js';
import { startService, type Service } from '../src/service/server.js';
import { root } from './helpers/cli.js';

const SHOTS = join(tmpdir(), 'briefing-studio-shots');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const seedFacts = join(root, 'data/shanghai-uk-2023.yaml');
// Every source document the seed names (the article and the gazetteer extract).
const seedSources = [...readFileSync(seedFacts, 'utf8').matchAll(/document:\s*(\S+)/g)].map((m) => join(root, 'data', m[1]!));

let context: BrowserContext;

async function openBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'briefing-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 900 },
  });
}

/** Every request the page makes goes to the server itself (or stays in the page). */
function watchRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  return foreign;
}

async function builtPages(page: Page, kind: 'print' | 'slides'): Promise<number> {
  return Number(await page.locator(`#pages-${kind}`).getAttribute('data-pages'));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  context = await openBrowser();
}, 120_000);
afterAll(async () => context?.close());

describe('studio page', () => {
  let svc: Service;
  beforeAll(async () => {
    svc = await startService({ port: 0, threads: 2, timeoutMs: 300_000, logger: false });
  }, 120_000);
  afterAll(async () => svc?.close());

  it('uploads the seed, previews it with pdf.js, and links each error to its line', { timeout: 480_000 }, async () => {
    const page = await context.newPage();
    const foreign = watchRequests(page, svc.url);
    await page.goto(`${svc.url}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('briefing studio');
    await page.setInputFiles('#upload', [seedFacts, ...seedSources]);
    // Generous: on a loaded 2-core machine one build can take tens of seconds.
    await page.waitForSelector('#status.ok', { timeout: 300_000 }).catch(async (e: Error) => {
      await page.screenshot({ path: join(SHOTS, '0-timeout.png') });
      throw new Error(`${e.message}; status: ${await page.locator('#status').textContent()}`);
    });
    expect((await page.locator('#sources li code').allTextContents()).sort()).toEqual(seedSources.map((s) => basename(s)).sort());
    const pages = await builtPages(page, 'print');
    expect(pages).toBeGreaterThan(1);
    expect(await page.locator('#pages-print canvas').count()).toBe(pages);
    // The canvases were drawn: a rendered page is not blank.
    const inked = await page.locator('#pages-print canvas').first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let dark = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! < 128) dark++;
      return dark / (d.length / 4);
    });
    expect(inked).toBeGreaterThan(0.005);
    expect(await page.locator('#dl-print').getAttribute('download')).toBe('shanghai-uk-2023-briefing.pdf');
    // The facts' Chinese text is drawn in the bundled face the studio serves (this machine's
    // Chromium has no CJK font of its own): the face was fetched and loaded for it.
    await page.evaluate(() => document.fonts.ready);
    const cjk = await page.evaluate(() => [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Briefing CJK').map((f) => f.status));
    expect(cjk).toEqual(['loaded']);
    expect(await page.locator('#status').textContent()).toMatch(new RegExp(`${pages} pages, \\d+ slides`));
    await page.screenshot({ path: join(SHOTS, '1-built.png') });

    await page.click('#tab-slides');
    expect(await builtPages(page, 'slides')).toBeGreaterThan(3);
    expect(await page.locator('#pages-print').isVisible()).toBe(false);
    const slide = await page.locator('#pages-slides canvas').first().boundingBox();
    expect(slide!.width / slide!.height).toBeCloseTo(16 / 9, 1);
    await page.screenshot({ path: join(SHOTS, '2-slides.png') });
    await page.click('#tab-print');

    // The editable deck is built on request and downloaded: a real PPTX with the deck's slides.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.click('#dl-pptx')]);
    expect(download.suggestedFilename()).toBe('shanghai-uk-2023-slides.pptx');
    const pptx = await JSZip.loadAsync(readFileSync((await download.path())!));
    expect(Object.keys(pptx.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length).toBeGreaterThan(3);

    // Break a fact: a quote that is not in the source, and a value that is not a number.
    const text = readFileSync(seedFacts, 'utf8');
    const broken = text.replace('quote: Shanghai Vice Mayor Xie Dong said the city is a window', 'quote: Shanghai Vice Mayor Xie Dong said the city is a door');
    expect(broken).not.toBe(text);
    const badLine = broken.split('\n').findIndex((l) => l.includes('is a door')) + 1;
    await page.fill('#facts', broken);
    await page.waitForSelector('#problems li.error', { timeout: 60_000 });
    await expect(page.locator('#status').getAttribute('class')).resolves.toBe('bad');
    const items = await page.locator('#problems li.error').allTextContents();
    expect(items.some((t) => t.includes(`shanghai-uk-2023.yaml:${badLine}:`) && t.includes('entities.people.xie_dong.quote')), items.join('\n')).toBe(true);
    // The link goes to the line: the editor's selection lands on it.
    await page.locator(`#problems a[data-line="${badLine}"]`).first().click();
    const selectedLine = await page.locator('#facts').evaluate((t: HTMLTextAreaElement) => t.value.slice(0, t.selectionStart).split('\n').length);
    expect(selectedLine).toBe(badLine);
    expect(await page.locator('#gutter .bad').allTextContents()).toContain(String(badLine));
    // The last good preview stays.
    expect(await page.locator('#pages-print canvas').count()).toBe(pages);
    await page.screenshot({ path: join(SHOTS, '3-error.png') });
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe('briefing preview', () => {
  it('follows a local facts file and rebuilds when it changes (server-sent events)', { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'briefing-preview-'));
    cpSync(join(root, 'data'), dir, { recursive: true });
    const file = join(dir, 'example-renewables.yaml');
    const svc = await startService({ port: 0, threads: 2, timeoutMs: 300_000, logger: false, preview: localPreview(file) });
    const page = await context.newPage();
    try {
      await page.goto(`${svc.url}/`);
      await page.waitForSelector('#status.ok', { timeout: 300_000 });
      expect(await page.locator('#mode').textContent()).toContain('Following');
      expect(await page.locator('#facts').evaluate((t: HTMLTextAreaElement) => t.readOnly)).toBe(true);
      const firstBuild = await page.locator('body').getAttribute('data-built');

      // A change on disk reaches the page without a reload: a new subtitle is built.
      const text = readFileSync(file, 'utf8');
      const revised = text.replace(/\n(\s+)subtitle: (.+)/, '\n$1subtitle: $2 (revised)');
      expect(revised).not.toBe(text);
      writeFileSync(file, revised);
      await page.waitForFunction((before) => document.body.dataset.built !== before && document.getElementById('status')!.className === 'ok', firstBuild, { timeout: 240_000 });
      expect(await page.locator('#facts').inputValue()).toContain('(revised)');

      // A broken edit shows its error, located in the file.
      writeFileSync(file, text.replace(/\n(\s+)value: ([\d.]+)/, '\n$1value: lots'));
      await page.waitForSelector('#problems li.error', { timeout: 240_000 });
      const errors = await page.locator('#problems li.error').allTextContents();
      expect(errors.some((t) => t.includes(`${file}:`))).toBe(true);
      await page.screenshot({ path: join(SHOTS, '4-preview-error.png') });
    } finally {
      await page.close();
      await svc.close();
    }
  });
});
