// Chinese editions: the CJK fallback face, Chinese line breaking, translations picked per
// edition (and every missing one reported), and the seed's zh-CN edition end to end.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { measure, scriptRuns, shapeRuns } from '../src/fonts/index.js';
import { breakLines, breakOpportunities, piecesOf } from '../src/layout/text.js';
import { NO_LINE_END, NO_LINE_START } from '../src/layout/cjk.js';
import { factsFromObject, loadFacts } from '../src/facts/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { buildBriefing } from '../src/api/index.js';
import JSZip from 'jszip';
import { root, runCli, seed } from './helpers/cli.js';
import { pdffonts, pdftotext, structTrees, tempDir, toFile, type StructNode } from './helpers/pdf.js';

const REGULAR = { weight: 'regular', style: 'normal' } as const;

describe('CJK fallback per character run', () => {
  it('keeps Latin in the Latin face and sets Han, CJK punctuation and full-width forms in the CJK face, inside one line', () => {
    const runs = scriptRuns('Vice Mayor Xie Dong在伦敦表示，（ＵＫ）2023年', REGULAR);
    expect(runs).toEqual([
      { text: 'Vice Mayor Xie Dong', script: 'latin' },
      { text: '在伦敦表示，（ＵＫ）', script: 'cjk' },
      { text: '2023', script: 'latin' },
      { text: '年', script: 'cjk' },
    ]);
    // Quotes take the script of the text they touch.
    expect(scriptRuns('“Invest”活动', REGULAR).map((r) => r.script)).toEqual(['latin', 'cjk']);
    expect(scriptRuns('上海“投资”', REGULAR)).toEqual([{ text: '上海“投资”', script: 'cjk' }]);
  });

  it('measures a mixed line as the sum of its runs, and shapes each run in its own font', () => {
    const text = 'Xie Dong在伦敦';
    const total = measure(text, 10, REGULAR);
    expect(total).toBeCloseTo(measure('Xie Dong', 10, REGULAR) + measure('在伦敦', 10, REGULAR), 6);
    // Han glyphs are one em wide in Noto Sans SC.
    expect(measure('在伦敦', 10, REGULAR)).toBeCloseTo(30, 6);
    const shaped = shapeRuns(text, REGULAR);
    expect(shaped.map((r) => r.key)).toEqual(['regular/normal', 'cjk/regular']);
    expect(shaped[1]!.glyphs.every((g) => g.id > 0)).toBe(true);
  });

  it('leaves English text as one Latin run', () => {
    expect(scriptRuns('US$24.21 billion – “more than” 4,300', REGULAR)).toEqual([{ text: 'US$24.21 billion – “more than” 4,300', script: 'latin' }]);
  });
});

describe('Chinese line breaking', () => {
  const style = { size: 10, face: REGULAR, color: '#000' };
  const palette = { link: '#00f', derived: '#888' };
  // Text written for this test, dense with the punctuation the rules govern.
  const text = '嘉定区（上海）表示：“欢迎！”投资、贸易、人才；《规划》「原则」『说明』，合作？是的。' + '汽车产业链企业集聚，外资研发中心增加。'.repeat(4);

  it('never starts a line with closing punctuation nor ends one with opening punctuation, at any width', () => {
    const starts = '。，、；：？！）」』》';
    const ends = '（「『《';
    for (let width = 45; width <= 200; width += 5) {
      const lines = breakLines(piecesOf([{ type: 'text', text }], style, palette), width);
      expect(lines.length).toBeGreaterThan(1);
      const strings = lines.map((l) => l.pieces.map((p) => p.text).join(''));
      expect(strings.join('')).toBe(text);
      for (const s of strings.slice(1)) expect(starts.includes(s[0]!), `line starts with ${s[0]} at width ${width}: ${s}`).toBe(false);
      for (const s of strings.slice(0, -1)) expect(ends.includes(s[s.length - 1]!), `line ends with ${s[s.length - 1]} at width ${width}: ${s}`).toBe(false);
      for (const l of lines) if (l.pieces.length > 1) expect(l.width).toBeLessThanOrEqual(width + 1e-6);
    }
  });

  it('breaks Han text between characters but never before closing or after opening punctuation', () => {
    const text = '上海是中英交流的窗口。（2023年）';
    const at = [...breakOpportunities(text)].sort((x, y) => x - y).map((i) => text.slice(0, i));
    expect(at).toContain('上海是中英交流的窗');
    expect(at).not.toContain('上海是中英交流的窗口');
    expect(at).not.toContain('上海是中英交流的窗口。（');
    for (const ch of '。，、；：？！）」』》') expect(NO_LINE_START).toContain(ch);
    for (const ch of '（「『《') expect(NO_LINE_END).toContain(ch);
  });

  it('spaces a Latin word from Han text but keeps figures tight to 亿 and 年', () => {
    const tight = (t: string) => breakLines(piecesOf([{ type: 'text', text: t }], style, palette), 500)[0]!;
    const line = tight('副市长Xie Dong在伦敦');
    expect(line.width).toBeCloseTo(measure('副市长Xie Dong在伦敦', 10, REGULAR) + 2 * measure(' ', 10, REGULAR), 6);
    expect(tight('2023年242.1亿美元').width).toBeCloseTo(measure('2023年242.1亿美元', 10, REGULAR), 6);
  });

  it('keeps English breaking only at spaces', () => {
    const pieces = piecesOf([{ type: 'text', text: 'Trade (2022) rose; investment: both ways.' }], style, palette);
    expect(pieces.map((p) => p.text)).toEqual(['Trade', '(2022)', 'rose;', 'investment:', 'both', 'ways.']);
  });
});

// A facts file written for these tests, with some texts translated and some not.
function minimalDoc(): Record<string, unknown> {
  return parseYaml(readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8')) as Record<string, unknown>;
}

describe('translations', () => {
  it('reports every missing zh-CN text at once, located, by code', () => {
    const doc = minimalDoc() as { meta: Record<string, unknown>; facts: Record<string, Record<string, unknown>> };
    doc.meta.title = { 'en-GB': 'Minimal briefing', 'zh-CN': '简要简报' };
    doc.facts.ships_2023!.label = { 'en-GB': 'Ships handled by the harbour', 'zh-CN': '港口船舶吞吐量' };
    let error: unknown;
    try {
      factsFromObject(doc, join(root, 'test/fixtures'), '<object>', { locale: 'zh-CN' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BriefingInputError);
    const diags = (error as BriefingInputError).diagnostics;
    expect(new Set(diags.map((d) => d.code))).toEqual(new Set(['BR620']));
    const paths = diags.map((d) => d.path);
    expect(paths).not.toContain('meta.title');
    expect(paths).not.toContain('facts.ships_2023.label');
    // Person names given once serve every edition.
    expect(paths).not.toContain('entities.people.ana.name');
    expect(paths).toEqual(expect.arrayContaining(['entities.people.ana.role', 'entities.places.port_town.name', 'entities.places.port_town.country', 'facts.ships_2022.label', 'facts.ships_2023.period', 'derived.ships_added.note', 'events.dredging.title', 'charts.ships.title']));
    expect(diags.length).toBeGreaterThanOrEqual(20);
  });

  it('builds the file\'s own language from plain strings, with no errors', () => {
    const facts = factsFromObject(minimalDoc(), join(root, 'test/fixtures'));
    expect(facts.doc.meta.title).toBe('Minimal briefing');
    expect(facts.translated).toBeUndefined();
  });

  it("asks a person's name in another language to say whether it is sourced or editorial", () => {
    const doc = minimalDoc() as { entities: { people: Record<string, Record<string, unknown>> } };
    doc.entities.people.ana!.name = { 'en-GB': 'Ana Example', 'zh-CN': '安娜' };
    let error: unknown;
    try {
      factsFromObject(doc, join(root, 'test/fixtures'));
    } catch (e) {
      error = e;
    }
    const diags = (error as BriefingInputError).diagnostics;
    expect(diags.map((d) => [d.code, d.path])).toEqual([['BR621', 'entities.people.ana.name.zh-CN']]);
    doc.entities.people.ana!.rendering = { 'zh-CN': 'editorial' };
    expect(factsFromObject(doc, join(root, 'test/fixtures')).doc.entities.people.ana!.name).toBe('Ana Example');
  });

  it('checks the figures of a quote written in Chinese (万/亿, 超过) against the fact', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'zh-source.txt'), '港务局发布的年报显示，2023年港口营业收入为36.5亿元，同比增长8.2%；全港共有超过1200家航运相关企业。\n');
    const doc = minimalDoc() as { sources: Record<string, Record<string, unknown>>; facts: Record<string, Record<string, unknown>> };
    doc.sources.zh_report = { title: '港务局年报', date: '2024-02-15', document: 'zh-source.txt', locale: 'zh-CN', quotes: ['2023年港口营业收入为36.5亿元'] };
    copyFileSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
    const fact = (value: number, qualifier: string, quote: string) => ({ label: 'Port revenue', value, unit: 'CNY', scale: 'billion', qualifier, period: '2023', source: 'zh_report', quote });
    doc.facts.revenue = fact(3.65, 'exact', '2023年港口营业收入为36.5亿元');
    doc.facts.firms = { label: 'Shipping firms', value: 1200, unit: 'count', qualifier: 'more than', period: '2023', source: 'zh_report', quote: '全港共有超过1200家航运相关企业' };
    expect(factsFromObject(doc, dir).facts.get('revenue')!.value).toBe(3.65);
    doc.facts.revenue = fact(36.5, 'exact', '2023年港口营业收入为36.5亿元');
    doc.facts.firms!.qualifier = 'exact';
    let error: unknown;
    try {
      factsFromObject(doc, dir);
    } catch (e) {
      error = e;
    }
    expect((error as BriefingInputError).diagnostics.map((d) => [d.code, d.path])).toEqual([
      // 36.5 billion where the quote says 36.5亿 (3.65 billion): the digits agree, the scale does not.
      ['BR152', 'facts.revenue.scale'],
      ['BR153', 'facts.firms.qualifier'],
    ]);
  });

  it('a zh-CN build with missing translations fails by code and writes nothing', () => {
    const out = tempDir();
    const r = runCli(['build', join(root, 'test/fixtures/minimal.yaml'), '--locale', 'zh-CN', '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('[BR620]');
    expect(existsSync(join(out, 'minimal', 'briefing.pdf'))).toBe(false);
    expect(existsSync(join(out, 'minimal', 'slides.pdf'))).toBe(false);
  });
});

describe('the seed in Chinese', () => {
  const out = tempDir();
  const r = runCli(['build', seed, '--locale', 'zh-CN', '--out', out]);
  const dir = join(out, 'shanghai-uk-2023');

  it('builds print and slides', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'briefing.pdf'))).toBe(true);
    expect(existsSync(join(dir, 'slides.pdf'))).toBe(true);
  });

  it('prints place names and figures in Chinese form, extractable as text', () => {
    const text = pdftotext(join(dir, 'briefing.pdf'));
    for (const s of ['嘉定区', '上海', '伦敦', '巴黎', '沃尔夫斯堡', '吕登沙伊德', '汉诺威', '242.1亿美元', '1657.3亿元', '约10亿元', '7.25万', '2023年7月16日至21日', '2023年8月24日', '超过4300']) expect(text).toContain(s);
    // Quotes stay in their source's language.
    expect(text).toContain('bridgehead');
    // No English chrome left in a Chinese edition.
    for (const s of ['Contents', 'Sources', 'Page 1 of']) expect(text).not.toContain(s);
  });

  it('embeds the CJK face as a subset in the zh-CN build and not at all in the English one', () => {
    const zh = pdffonts(join(dir, 'briefing.pdf'));
    const cjk = zh.filter((f) => f.name.includes('NotoSansSC'));
    expect(cjk.length).toBeGreaterThan(0);
    for (const f of cjk) {
      expect(f.embedded).toBe(true);
      expect(f.subset).toBe(true);
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC-/);
    }
    const enOut = tempDir();
    expect(runCli(['build', seed, '--format', 'print', '--out', enOut]).status).toBe(0);
    expect(pdffonts(join(enOut, 'shanghai-uk-2023', 'briefing.pdf')).some((f) => f.name.includes('NotoSans'))).toBe(false);
  });

  it('gives every chart and the map Chinese alternative text, in the structure tree', async () => {
    const alts: string[] = [];
    const walk = (n: StructNode) => {
      if (n.role === 'Figure' && n.alt) alts.push(n.alt);
      n.children.forEach(walk);
    };
    (await structTrees(readFileSync(join(dir, 'briefing.pdf')))).forEach(walk);
    expect(alts.length).toBeGreaterThanOrEqual(4);
    for (const alt of alts) {
      // Chinese sentences: no English words of the tool's own (names like Natural Earth aside).
      expect(alt, alt).not.toMatch(/\b(chart|showing|Map of|Timeline|stops?|derived|events?)\b/i);
      expect(alt, alt).toMatch(/。$/);
    }
    expect(alts.some((a) => a.startsWith('条形图，显示') || a.startsWith('柱状图，显示')), alts.join('\n')).toBe(true);
    expect(alts.some((a) => /地图：共\d+站，按日期顺序以路线相连：1 伦敦/.test(a)), alts.join('\n')).toBe(true);
    expect(alts.some((a) => a.includes('（推算）')), alts.join('\n')).toBe(true);
  });

  it('draws charts with Chinese labels and a Chinese axis caption', () => {
    const text = pdftotext(join(dir, 'slides.pdf'));
    for (const s of ['英国在沪投资', '上海在英投资', '亿美元', '外商投资企业', '地区总部', '2021年']) expect(text).toContain(s);
  });
});

/** Every /Lang value in the PDF, with counts (qpdf writes the objects uncompressed). */
function langs(pdf: string): Map<string, number> {
  const flat = join(tempDir(), 'flat.pdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, flat]);
  const counts = new Map<string, number>();
  for (const m of readFileSync(flat, 'latin1').matchAll(/\/Lang \(([^)]*)\)/g)) counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
}

describe('Lang tags', () => {
  it('sets the document Lang of a zh-CN edition and tags quotes with their source language', () => {
    const out = tempDir();
    expect(runCli(['build', seed, '--locale', 'zh-CN', '--format', 'print', '--out', out]).status).toBe(0);
    const l = langs(join(out, 'shanghai-uk-2023', 'briefing.pdf'));
    // The catalog's Lang, and one element per quoted passage: the quote in the prose and every
    // passage of every source on the sources page (the report's and the gazetteer record).
    const doc = loadFacts(seed).doc;
    const passages = Object.values(doc.sources).reduce((n, s) => n + s.quotes.length, 0);
    expect(passages).toBeGreaterThan(6);
    expect(l.get('zh-CN')).toBe(1);
    expect(l.get('en-GB')).toBe(1 + passages);
  });

  it('leaves the English edition with its document Lang only', () => {
    const out = tempDir();
    expect(runCli(['build', seed, '--format', 'print', '--out', out]).status).toBe(0);
    expect([...langs(join(out, 'shanghai-uk-2023', 'briefing.pdf'))]).toEqual([['en-GB', 1]]);
  });
});

describe('the bilingual edition', () => {
  const out = tempDir();
  const r = runCli(['build', seed, '--bilingual', 'en-GB,zh-CN', '--out', out]);
  const dir = join(out, 'shanghai-uk-2023');

  it('builds one print and one slide edition with each section in both languages', () => {
    expect(r.status, r.stderr).toBe(0);
    const text = pdftotext(join(dir, 'briefing.pdf'));
    for (const s of ['Key figures / 关键数据', 'The London campaign / 伦敦推介活动', 'US$24.21 billion', '242.1亿美元', '嘉定区', 'Jiading District']) expect(text).toContain(s);
    // English first in each section: the English paragraph precedes the Chinese one.
    expect(text.indexOf('US$24.21 billion')).toBeLessThan(text.indexOf('242.1亿美元'));
    const slides = pdftotext(join(dir, 'slides.pdf'));
    expect(slides).toContain('Key figures / 关键数据');
    expect(slides).toMatch(/Trade of US\$24\.21 billion[\s\S]*贸易额242\.1亿美元/);
  });

  it("gives the headings the tool adds in both languages too: cover, contents, summary, sources, table heads", () => {
    const text = pdftotext(join(dir, 'briefing.pdf'));
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['BRIEFING / 简报', 'Contents / 目录', 'Summary / 摘要', 'Sources / 资料来源', 'Name / 姓名', 'Role / 职务', 'Organisation / 机构', 'Type / 类型', 'Description / 简介', 'government / 政府', 'Passages relied on: / 所依据的原文段落：']) {
      expect(flat, s).toContain(s);
    }
    // The summary's heading is the first heading after the contents; none is left in one language.
    expect(text).not.toMatch(/^(Summary|Sources|Contents)$/m);
    const slides = pdftotext(join(dir, 'slides.pdf')).replace(/\s+/g, ' ');
    // The title slide's subtitle and a follow-up slide's title, in both languages.
    expect(slides).toMatch(/The “Invest in Shanghai, Share the Future” campaign in London and Jiading District’s visit to European industry \/ “投资上海·共享未来”伦敦推介活动/);
    expect(slides).toContain('Key figures / 关键数据 (continued)（续）');
  });

  it('fits every key-figure tile: no period cut (no BR312), each bilingual period on two lines', () => {
    expect(r.stderr).not.toContain('BR312');
    const text = pdftotext(join(dir, 'briefing.pdf'));
    expect(text).toMatch(/as of the end of 2022 \/\s+截至2022年底/);
    expect(text).not.toContain('…');
  });

  it('tags the second language on its blocks, under an en-GB document', () => {
    const l = langs(join(dir, 'briefing.pdf'));
    expect(l.get('en-GB')).toBe(1);
    expect(l.get('zh-CN')!).toBeGreaterThan(20);
  });

  it('sets the key-figure tiles and the people tables once, already in both languages', () => {
    const text = pdftotext(join(dir, 'briefing.pdf'));
    const count = (s: string) => text.split(s).length - 1;
    // Once as a tile value; the summary's prose has it again only in its own sentence.
    expect(count('Shanghai–UK trade / 沪英贸易额')).toBe(1);
    expect(count('Vice Mayor of Shanghai / 上海市副市长')).toBe(1);
    // A second-language chart is captioned in its own language.
    expect(text).toMatch(/图\d+\s+2022年底沪英双向投资存量/);
  });

  it.each([['en-GB'], ['en-GB,zh-TW'], ['zh-CN,zh-CN'], ['en-GB,de-DE']])('refuses --bilingual %s by its usage error (exit 2), writing nothing', (tags) => {
    const bad = tempDir();
    const res = runCli(['build', seed, '--bilingual', tags, '--out', bad]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('--bilingual takes two different supported locales');
    expect(existsSync(join(bad, 'shanghai-uk-2023'))).toBe(false);
  });

  it('refuses --bilingual with --locale, and the library refuses an unsupported pair with a TypeError', async () => {
    const bad = tempDir();
    const res = runCli(['build', seed, '--bilingual', 'en-GB,zh-CN', '--locale', 'zh-CN', '--out', bad]);
    expect(res.status).toBe(2);
    expect(existsSync(join(bad, 'shanghai-uk-2023'))).toBe(false);
    await expect(buildBriefing(seed, { bilingual: ['en-GB', 'ja-JP'] })).rejects.toThrow(TypeError);
  });
});

describe('bilingual template sets that do not align', () => {
  const fixture = join(root, 'test/fixtures/minimal-zh.yaml');
  const zhSlides = readFileSync(join(root, 'templates/default/zh-CN/slides.md'), 'utf8');
  const agenda = '\n---\n\n# 议程\n\n::: agenda\n';
  it('the default Chinese slides have the agenda slide these cases change', () => expect(zhSlides).toContain(agenda));
  it.each([
    ['a slide fewer', zhSlides.replace(agenda, ''), /6 slides in en-GB but 5 in zh-CN/],
    ['a slide of another kind in the same place', zhSlides.replace(agenda, '\n---\n\n# 议程\n\n- 关键数据\n'), /slide 2 is an agenda slide in en-GB but a bullets slide in zh-CN/],
  ])('%s fails with BR623, writing nothing', (_what, slides, message) => {
    const templates = tempDir();
    mkdirSync(join(templates, 'zh-CN'));
    writeFileSync(join(templates, 'zh-CN', 'slides.md'), slides);
    const out = tempDir();
    const r = runCli(['build', fixture, '--bilingual', 'en-GB,zh-CN', '--templates', templates, '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[BR623]');
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(out, 'minimal-zh'))).toBe(false);
  });
});

describe('Chinese and bilingual editable decks (PPTX)', () => {
  const out = tempDir();
  const zh = runCli(['build', seed, '--locale', 'zh-CN', '--format', 'pptx,slides', '--out', join(out, 'zh')]);
  const bi = runCli(['build', seed, '--bilingual', 'en-GB,zh-CN', '--format', 'pptx', '--out', join(out, 'bi')]);
  const parts = async (file: string) => {
    const zip = await JSZip.loadAsync(readFileSync(file));
    const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const slides = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
    const media = await Promise.all(Object.keys(zip.files).filter((n) => n.endsWith('.svg')).map((n) => zip.file(n)!.async('string')));
    return { slides, media };
  };
  /** The text of each paragraph of a slide, runs joined as PowerPoint shows them. */
  const paragraphs = (xml: string) => [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => [...m[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join(''));

  it('writes the zh-CN deck with the CJK face in the East Asian slot and zh-CN runs', async () => {
    expect(zh.status, zh.stderr).toBe(0);
    const { slides, media } = await parts(join(out, 'zh', 'shanghai-uk-2023', 'slides.pptx'));
    const all = slides.join('');
    for (const s of ['242.1', '亿美元', '嘉定区', '巴黎']) expect(all).toContain(s);
    const ea = new Set([...all.matchAll(/<a:ea typeface="([^"]*)"/g)].map((m) => m[1]));
    expect(ea).toEqual(new Set(['Noto Sans SC']));
    const langsUsed = new Set([...all.matchAll(/<a:rPr[^>]* lang="([^"]+)"/g)].map((m) => m[1]));
    expect(langsUsed).toEqual(new Set(['zh-CN']));
    // Wrapped Chinese lines are joined without a space: no space between two Han characters.
    for (const p of slides.flatMap(paragraphs)) expect(p, p).not.toMatch(/\p{Script=Han} \p{Script=Han}/u);
    // Charts drawn as pictures name the CJK face for their Chinese text.
    expect(media.some((svg) => /font-family="'Source Sans 3', 'Noto Sans SC'"[^>]*>[^<]*\p{Script=Han}/u.test(svg))).toBe(true);
    // The tool's own words are Chinese too: a continued slide, a map's credit.
    expect(all).toContain('（续）');
    expect(all).not.toContain('(continued)');
    expect(media.join('')).toContain('底图：Natural Earth');
  });

  it('writes the bilingual deck in the first language, with both languages on the slides', async () => {
    expect(bi.status, bi.stderr).toBe(0);
    const { slides } = await parts(join(out, 'bi', 'shanghai-uk-2023', 'slides.pptx'));
    const all = slides.join('');
    for (const s of ['Key figures / 关键数据', 'US$24.21', '242.1']) expect(all).toContain(s);
    expect(new Set([...all.matchAll(/<a:ea typeface="([^"]*)"/g)].map((m) => m[1]))).toEqual(new Set(['Noto Sans SC']));
  });

  it('prints the map in Chinese: place names, note and credit', () => {
    const text = pdftotext(join(out, 'zh', 'shanghai-uk-2023', 'slides.pdf'));
    for (const s of ['伦敦', '巴黎', '汉诺威', '底图：Natural Earth', '2023年7月16日至21日']) expect(text).toContain(s);
    for (const s of ['Basemap', 'Stops ', 'coordinates:']) expect(text).not.toContain(s);
  });
});

describe('a second briefing in Chinese through the default templates', () => {
  const fixture = join(root, 'test/fixtures/minimal-zh.yaml');
  /** Text with the Latin words a Chinese edition may keep removed: names and the source's own title and quotation. */
  const latinLeft = (text: string) =>
    text
      .replace(/\s+/g, ' ')
      .replace(/Ana Example|Sample text for the tests|“The harbour handled 1,200 ships in 2023”|Natural Earth/g, '')
      .match(/[A-Za-z]{2,}/g) ?? [];

  it('builds zh-CN and bilingual editions of a facts file with translations written for the tests', () => {
    const out = tempDir();
    const r = runCli(['build', fixture, '--locale', 'zh-CN', '--format', 'print,slides,notes', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const text = pdftotext(join(out, 'minimal-zh', 'briefing.pdf'));
    for (const s of ['关键数据', '港口船舶吞吐量', '350万欧元', '2023年5月2日', '资料来源', '翻译说明', '其他数据', '时间线', '人物与机构']) expect(text).toContain(s);
    // Speaker notes state events as Chinese sentences: "{date}：{title}（{places}）。{what}".
    const notes = pdftotext(join(out, 'minimal-zh', 'notes.pdf'));
    expect(notes.replace(/\s+/g, '')).toContain('2023年5月2日：新码头启用（港口镇）。港务长启用新码头。');
    expect(latinLeft(notes)).toEqual([]);
    // The sentence helpers speak Chinese: "{period}，{label}为{figure}。", events with full-width stops.
    const flat = text.replace(/\s+/g, '');
    for (const s of ['2022年，港口船舶吞吐量为1000。', '2023年，船舶吞吐量增幅为20%。', '2023年，港口费收入（美元）为380万美元。']) expect(flat).toContain(s);
    expect(latinLeft(text)).toEqual([]);
    const slides = pdftotext(join(out, 'minimal-zh', 'slides.pdf'));
    for (const s of ['议程', '关键数据', '港内工程', '资料来源']) expect(slides).toContain(s);
    expect(latinLeft(slides)).toEqual([]);

    const bi = tempDir();
    const b = runCli(['build', fixture, '--bilingual', 'en-GB,zh-CN', '--out', bi]);
    expect(b.status, b.stderr).toBe(0);
    const both = pdftotext(join(bi, 'minimal-zh', 'briefing.pdf'));
    // Sections pair by id: each heading in both languages, the English sentences unchanged.
    for (const s of ['Key figures / 关键数据', 'Ships handled / 港口船舶吞吐量', 'Other figures / 其他数据', 'Timeline / 时间线', 'People and organisations / 人物与机构']) expect(both).toContain(s);
    expect(both.replace(/\s+/g, ' ')).toContain('Ships handled by the harbour stood at 1,000 in 2022.');
    expect(pdftotext(join(bi, 'minimal-zh', 'slides.pdf'))).toContain('Agenda / 议程');
  });

  it('wraps long Chinese and bilingual tile periods onto a second line, and cuts with BR312 only what two lines cannot hold', async () => {
    const doc = parseYaml(readFileSync(fixture, 'utf8')) as { facts: Record<string, { period: Record<string, string> }> };
    // Periods written for this test, as long as real ones get ("as counted in …").
    doc.facts.ships_2023!.period = { 'en-GB': '2023', 'zh-CN': '2023年全年（按港务局年度统计口径）' };
    doc.facts.fees_eur!.period = { 'en-GB': 'financial year 2023', 'zh-CN': '2023财政年度（经审计的港口费收入）' };
    const dir = tempDir();
    copyFileSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
    const file = join(dir, 'long-periods.yaml');
    writeFileSync(file, JSON.stringify(doc));
    for (const options of [{ locale: 'zh-CN' }, { bilingual: ['en-GB', 'zh-CN'] as const }]) {
      const built = await buildBriefing(file, { ...options, formats: ['print'] });
      expect(built.warnings.filter((w) => w.code === 'BR312')).toEqual([]);
      const flat = pdftotext(toFile(built.print!, 'tiles.pdf')).replace(/\s+/g, '');
      expect(flat).toContain('2023年全年（按港务局年度统计口径）');
      expect(flat).toContain('2023财政年度（经审计的港口费收入）');
      if ('bilingual' in options) expect(flat).toContain('financialyear2023/2023财政年度');
    }
    // Three lines' worth is real overflow: cut, and reported at the fact.
    doc.facts.ships_2023!.period['zh-CN'] = '2023年全年（按港务局年度统计口径，含过境、转运、维修、补给、避风及其他非商业靠泊船舶在内的全部船舶）';
    writeFileSync(file, JSON.stringify(doc));
    const cut = await buildBriefing(file, { locale: 'zh-CN', formats: ['print'] });
    const br312 = cut.warnings.filter((w) => w.code === 'BR312');
    expect(br312).toHaveLength(1);
    expect(br312[0]!.message).toContain('period of key figure 1');
    expect(br312[0]!.file).toBe(file);
  }, 120_000);

  it('heads a topic in the language of the edition, or from translated fields with warning BR624 when the topic has none', () => {
    const doc = parseYaml(readFileSync(fixture, 'utf8')) as { facts: Record<string, { topic?: unknown }> };
    doc.facts.fees_eur!.topic = { 'en-GB': 'Harbour finances', 'zh-CN': '港口财务' };
    doc.facts.ships_2022!.topic = 'Shipping';
    const dir = tempDir();
    copyFileSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
    const file = join(dir, 'topics-zh.yaml');
    writeFileSync(file, JSON.stringify(doc));
    const out = tempDir();
    const r = runCli(['build', file, '--locale', 'zh-CN', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning\[BR624\].*Shipping/);
    expect(r.stderr).not.toMatch(/BR624.*Harbour finances/);
    const text = pdftotext(join(out, 'topics-zh', 'briefing.pdf'));
    expect(text).toContain('港口财务');
    expect(text).not.toContain('Shipping');
    expect(latinLeft(text)).toEqual([]);
    // Both editions group alike, so the bilingual edition pairs every section.
    const bi = tempDir();
    const b = runCli(['build', file, '--bilingual', 'en-GB,zh-CN', '--out', bi]);
    expect(b.status, b.stderr).toBe(0);
    const both = pdftotext(join(bi, 'topics-zh', 'briefing.pdf'));
    expect(both).toContain('Harbour finances / 港口财务');
    expect(both).toMatch(/Shipping \/ \p{Script=Han}/u);
  });
});
