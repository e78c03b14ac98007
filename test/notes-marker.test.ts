// The paragraph that starts a slide's speaker notes: "Notes:" or the marker of any other
// supported language ("备注：", "备注:"), in any template; a paragraph that only mentions the
// word later on stays on the slide.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative, type Inline } from '../src/narrative/index.js';
import { pdftotext, tempDir, toFile } from './helpers/pdf.js';
import { root } from './print-helpers.js';

const ZH_FACTS = root('test/fixtures/minimal-zh.yaml');
const EN_FACTS = root('test/fixtures/minimal.yaml');

/** A templates folder holding `slides.md` (in its `sub` folder, e.g. zh-CN). */
function templates(slides: string, sub = ''): string {
  const dir = tempDir('notes-marker-');
  mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, sub, 'slides.md'), slides);
  return dir;
}

const plain = (inlines: readonly Inline[]) => inlines.map((i) => ('text' in i ? i.text : '')).join('');
const tight = (s: string) => s.replace(/\s+/g, '');

// Written for this test, in the style of a Chinese deck's speaker notes.
const ZH_SLIDES = `# {{meta.title}}

::: title

备注：

- 开场：简报日期为{{meta.date}}。

---

# 港口概况

港口船舶吞吐量为{{fact "ships_2023"}}

- 会议备注：本条只是提到这个词，留在幻灯片上。

本页的备注：这句话中间出现这个词，也留在幻灯片上。

备注: 第一条备注与标记同段。

- 第二条备注：吞吐量按港务局口径统计。

---

# 资料来源

::: sources

Notes: 数据均出自同一份资料。
`;

describe('the speaker notes marker in a zh-CN template', () => {
  const dir = templates(ZH_SLIDES, 'zh-CN');

  it('starts the notes at "备注：", "备注:" or "Notes:" and nowhere else', () => {
    const { narrative, warnings } = renderNarrative(loadFacts(ZH_FACTS, { locale: 'zh-CN' }), { templatesDir: dir });
    expect(warnings.filter((w) => w.severity === 'error')).toEqual([]);
    const [title, harbour, sources] = narrative.slides;
    expect(title!.notes.map(plain)).toEqual(['开场：简报日期为2024年3月1日。']);
    expect(harbour!.notes.map(plain)).toEqual(['第一条备注与标记同段。', '第二条备注：吞吐量按港务局口径统计。']);
    // The word in a list item, or later in a paragraph, is no marker: both stay on the slide.
    expect(harbour!.bullets.map(plain)).toEqual(['会议备注：本条只是提到这个词，留在幻灯片上。', '本页的备注：这句话中间出现这个词，也留在幻灯片上。']);
    expect(plain(harbour!.headline!)).toBe('港口船舶吞吐量为1200');
    expect(sources!.notes.map(plain)).toEqual(['数据均出自同一份资料。']);
  });

  it('puts those notes in the notes PDF and the PPTX notes, and the mere mentions on the slides', async () => {
    const built = await buildBriefing(ZH_FACTS, { locale: 'zh-CN', templatesDir: dir, formats: ['slides', 'notes', 'pptx'] });
    const notes = pdftotext(toFile(built.notes!)).split('\f');
    expect(tight(notes[1]!)).toContain('第一条备注与标记同段。');
    expect(tight(notes[1]!)).toContain('第二条备注：吞吐量按港务局口径统计。');
    expect(tight(notes[0]!)).toContain('开场：简报日期为2024年3月1日。');
    const slides = tight(pdftotext(toFile(built.slides!)));
    expect(slides).toContain('会议备注：本条只是提到这个词');
    expect(slides).not.toContain('第一条备注与标记同段');
    const zip = await JSZip.loadAsync(built.pptx!);
    const noteXml = await zip.file('ppt/notesSlides/notesSlide2.xml')!.async('string');
    expect(noteXml).toContain('第一条备注与标记同段。');
    expect(noteXml).toContain('第二条备注：吞吐量按港务局口径统计。');
    expect(noteXml).not.toContain('会议备注');
    // The marker itself is not a note.
    expect(noteXml).not.toMatch(/>备注[:：]/);
    expect(await zip.file('ppt/notesSlides/notesSlide3.xml')!.async('string')).toContain('数据均出自同一份资料。');
  });
});

describe('the speaker notes marker in an English template', () => {
  it('accepts "备注：" and any case of "Notes:" there too; "See the notes:" is an ordinary paragraph', () => {
    const dir = templates(`# {{meta.title}}\n\n::: title\n\nNOTES:\n\n- Opening.\n\n---\n\n# Harbour\n\nShips stood at {{fact "ships_2023"}}\n\nSee the notes: a paragraph that mentions them.\n\n备注：\n\n- A note marked the Chinese way.\n`);
    const { narrative } = renderNarrative(loadFacts(EN_FACTS), { templatesDir: dir });
    const [title, harbour] = narrative.slides;
    expect(title!.notes.map(plain)).toEqual(['Opening.']);
    expect(harbour!.bullets.map(plain)).toEqual(['See the notes: a paragraph that mentions them.']);
    expect(harbour!.notes.map(plain)).toEqual(['A note marked the Chinese way.']);
  });

  it('names every marker in BR283 when slides.md writes {{#notes}} as template code', () => {
    const dir = templates('# A\n\nA headline\n\n{{#notes}}a note{{/notes}}\n');
    let problems: readonly Diagnostic[] = [];
    try {
      renderNarrative(loadFacts(EN_FACTS), { templatesDir: dir });
    } catch (e) {
      if (!(e instanceof BriefingInputError)) throw e;
      problems = e.diagnostics;
    }
    const br283 = problems.find((d) => d.code === 'BR283');
    expect(br283, JSON.stringify(problems)).toBeDefined();
    expect(br283!.line).toBe(5);
    expect(br283!.message).toContain('"Notes:" or "备注："');
  });
});
