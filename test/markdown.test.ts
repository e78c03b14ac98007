// Markdown prose: print.md and slides.md parsed with markdown-it into the typed block model.
// Fact text enters only after parsing (it can never become structure); every problem is
// reported by its code at the .md line; .hbs templates keep working beside it.
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative, type Block, type Narrative } from '../src/narrative/index.js';
import { buildBriefing } from '../src/api/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { pdftotext, tempDir, toFile } from './helpers/pdf.js';
import { runCli } from './helpers/cli.js';

const root = resolve(import.meta.dirname, '..');
const FIXTURES = join(root, 'test/fixtures');

/** A folder with the minimal facts file (plus `changes`) and the given prose files beside it. */
function briefing(files: Record<string, string>, changes: (doc: Record<string, any>) => void = () => {}): string {
  const dir = tempDir('briefing-md-');
  copyFileSync(join(FIXTURES, 'minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const doc = parseYaml(readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8')) as Record<string, any>;
  doc.meta.prose = {};
  if ('print.md' in files) doc.meta.prose.print = 'print.md';
  if ('slides.md' in files) doc.meta.prose.slides = 'slides.md';
  if (!Object.keys(doc.meta.prose).length) delete doc.meta.prose;
  changes(doc);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'facts.yaml'), stringify(doc));
  return join(dir, 'facts.yaml');
}

function render(file: string, templatesDir?: string): ReturnType<typeof renderNarrative> {
  return renderNarrative(loadFacts(file), templatesDir ? { templatesDir } : {});
}

function problems(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof BriefingInputError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected a BriefingInputError');
}

const text = (blocks: Block[]): string =>
  blocks
    .map((b) => {
      if (b.type === 'paragraph' || b.type === 'note') return b.inlines.map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text)).join('');
      if (b.type === 'list') return b.items.map((it) => `- ${it.map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text)).join('')}`).join('\n');
      if (b.type === 'quote') return `> ${b.inlines.map((i) => (i.type === 'cite' ? '' : i.text)).join('')}`;
      if (b.type === 'heading') return `## ${b.text}`;
      return `<${b.type}${b.type === 'chart' ? ` ${b.chartId}` : ''}>`;
    })
    .join('\n');

const PRINT = `Port Town's harbour had a busy year.{{cite "sample"}}

- {{fact "ships_2023"}} ships in {{period "ships_2023"}}
- fees of {{fact "fees_eur" with="fees_usd"}}

# The harbour {#harbour}

{{name "ana"}}, {{role "ana"}}, opened the new quay {{when "quay_opening" prose=true}}. Traffic *grew* by **{{fact "ships_growth"}}**.{{citeFact "ships_growth"}}

## Ships

::: chart ships

> The harbour handled more ships than ever.
>
> — {{name "ana"}}{{cite "sample"}}

::: note
The second figure is derived: {{fact "ships_added"}}.
:::

# Works

::: timeline

# People

::: people
`;

const SLIDES = `# {{meta.title}}

::: title

A sample deck

Notes:

- Dated {{meta.date}}.

---

# Key figures

::: key-figures

Traffic rose to {{fact "ships_2023"}}

Notes:

- Ships are counted for {{period "ships_2023"}}.

---

::: chart ships

More ships than the year before

- up {{fact "ships_growth"}}

Notes: The earlier year is {{period "ships_2022"}}.

And a second note.

---

# Harbour works

- The new quay opened {{when "quay_opening" prose=true}}

---

# Sources

::: sources
`;

describe('Markdown prose', () => {
  it('makes sections from "#" headings, the summary from the text before them, and blocks from Markdown', () => {
    const { narrative: n } = render(briefing({ 'print.md': PRINT, 'slides.md': SLIDES }));
    expect(text(n.summary)).toBe("Port Town's harbour had a busy year.[1]\n- 1,200 ships in 2023\n- fees of €3.5 million (US$3.8 million)");
    expect(n.sections.map((s) => [s.id, s.title])).toEqual([
      ['harbour', 'The harbour'],
      ['works', 'Works'],
      ['people', 'People'],
    ]);
    const harbour = n.sections[0]!.blocks;
    expect(harbour.map((b) => b.type)).toEqual(['paragraph', 'heading', 'chart', 'quote', 'note']);
    expect(text(harbour)).toBe(
      [
        'Ana Example, Harbour master, opened the new quay on 2 May 2023. Traffic grew by 20%.[1]',
        '## Ships',
        '<chart ships>',
        '> The harbour handled more ships than ever.',
        'The second figure is derived: approximately 200 (derived).',
      ].join('\n'),
    );
    // Emphasis and strong reach the runs; the figure inside ** is bold and still a fact span.
    const para = harbour[0] as Extract<Block, { type: 'paragraph' }>;
    expect(para.inlines.find((i) => i.type === 'text' && i.text === 'grew')).toMatchObject({ italic: true });
    expect(para.inlines.find((i) => i.type === 'fact')).toMatchObject({ factId: 'ships_growth', bold: true });
    const quote = harbour[3] as Extract<Block, { type: 'quote' }>;
    expect(quote.attribution).toEqual([
      { type: 'text', text: 'Ana Example', ref: { kind: 'name', id: 'ana' } },
      { type: 'cite', number: 1, sourceId: 'sample' },
    ]);
    expect(n.sections[1]!.blocks).toEqual([{ type: 'timeline' }]);
    expect(n.sections[2]!.blocks).toEqual([{ type: 'people' }]);
  });

  it('splits slides at "---": first heading the title, directive the kind, first paragraph the headline, "Notes:" the notes', () => {
    const { narrative: n } = render(briefing({ 'print.md': PRINT, 'slides.md': SLIDES }));
    const plain = (xs: { type: string; text?: string }[]) => xs.map((i) => i.text ?? '').join('');
    expect(n.slides.map((s) => [s.kind, s.title])).toEqual([
      ['title', 'Minimal briefing'],
      ['keyFigures', 'Key figures'],
      ['chart', 'Ships handled'],
      ['bullets', 'Harbour works'],
      ['sources', 'Sources'],
    ]);
    const [title, keys, chart, works, sources] = n.slides as [Narrative['slides'][0], Narrative['slides'][0], Narrative['slides'][0], Narrative['slides'][0], Narrative['slides'][0]];
    expect(title.headline).toBeUndefined();
    expect(title.bullets.map(plain)).toEqual(['A sample deck']);
    expect(title.notes.map(plain)).toEqual(['Dated 1 March 2024.']);
    expect(plain(keys.headline!)).toBe('Traffic rose to 1,200');
    expect(keys.notes.map(plain)).toEqual(['Ships are counted for 2023.']);
    expect(chart.chartId).toBe('ships');
    expect(plain(chart.headline!)).toBe('More ships than the year before');
    expect(chart.bullets.map(plain)).toEqual(['up 20%']);
    expect(chart.notes.map(plain)).toEqual(['The earlier year is 2022.', 'And a second note.']);
    // A slide's source line names the sources of what it shows, and only those.
    expect(chart.sourceLine).toBe('Source: Sample text for the tests (15 February 2024)');
    expect(works.sourceLine).toBe('Source: Sample text for the tests (15 February 2024)');
    expect(sources.sourceLine).toBe('');
    expect(works.notes).toEqual([]);
  });

  it('keeps fact text literal: "# heading", "**", "---" and "<script>" never become structure', async () => {
    const hostile = '# Not a heading **not bold** --- <script>alert(1)</script> [x](https://example.org) {{fact "ships_2023"}}';
    const file = briefing(
      {
        'print.md': 'Summary: {{label "ships_2023"}}\n\n# Section\n\n{{name "ana"}}\n\n- {{role "ana"}}\n',
        'slides.md': '# {{label "ships_2023"}}\n\n{{label "ships_2023"}}\n\n- {{name "ana"}}\n\nNotes:\n\n- {{role "ana"}}\n',
      },
      (doc) => {
        doc.facts.ships_2023.label = hostile;
        doc.entities.people.ana.name = `---\n\n# ${hostile}`;
        doc.entities.people.ana.role = '1. **two** <b>three</b>';
      },
    );
    const { narrative: n } = render(file);
    expect(n.summary).toEqual([{ type: 'paragraph', inlines: [{ type: 'text', text: 'Summary: ' }, { type: 'text', text: hostile, ref: { kind: 'label', id: 'ships_2023' } }] }]);
    expect(n.sections.map((s) => s.title)).toEqual(['Section']);
    expect(n.sections[0]!.blocks.map((b) => b.type)).toEqual(['paragraph', 'list']);
    expect(text(n.sections[0]!.blocks)).toBe(`--- # ${hostile}\n- 1. **two** <b>three</b>`);
    expect(n.slides).toHaveLength(1);
    expect(n.slides[0]!.title).toBe(hostile);
    const result = await buildBriefing(file, { formats: ['print'] });
    const pdf = pdftotext(toFile(result.print!)).replace(/\s+/g, ' ');
    expect(pdf).toContain('<script>alert(1)</script>');
    expect(pdf).toContain('**not bold**');
    expect(pdf).toContain('1. **two** <b>three</b>');
  });

  it('reports each problem by its code at its line in the .md file', () => {
    const cases: [string, string, string, number][] = [
      ['print.md', '# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n', 'BR280', 3],
      ['print.md', '# A\n\n```\ncode\n```\n', 'BR280', 3],
      ['print.md', '# A\n\ntext\n\n---\n\nmore\n', 'BR280', 5],
      ['print.md', '# A\n\n- one\n  - nested\n', 'BR280', 4],
      ['print.md', '# A\n\n<div>html</div>\n', 'BR280', 3],
      ['print.md', '# A\n\nSee ![a chart](x.png)\n', 'BR280', 3],
      ['print.md', '# A\n\n::: chrat ships\n', 'BR281', 3],
      ['print.md', '# A\n\n::: agenda\n', 'BR281', 3],
      ['print.md', '# A\n\n::: chart\n', 'BR281', 3],
      ['print.md', '# A\n\ntext\n\n::: chart shipz\n', 'BR282', 5],
      ['print.md', '# A\n\n{{#p}}text{{/p}}\n', 'BR283', 3],
      ['print.md', '# A\n\n{{chart "ships"}}\n', 'BR283', 3],
      ['print.md', '# A\n\n{{> summary}}\n', 'BR283', 3],
      ['print.md', '# A\n\n> one\n>\n> two\n', 'BR288', 3],
      ['slides.md', '# A\n\n# B\n', 'BR284', 3],
      ['slides.md', '# A\n\ntext\n---\n\n# B\n', 'BR284', 3],
      ['slides.md', '# A\n\n::: chart ships\n\n::: timeline\n', 'BR284', 5],
      ['slides.md', '# A\n\n::: people\n', 'BR281', 3],
      ['slides.md', '# A\n\n> a quote\n', 'BR280', 3],
    ];
    for (const [name, source, code, line] of cases) {
      const ds = problems(() => render(briefing({ [name]: source })));
      const found = ds.find((d) => d.code === code);
      expect(found, `${code} for ${JSON.stringify(source)}: ${JSON.stringify(ds)}`).toBeDefined();
      expect(found!.line, JSON.stringify(source)).toBe(line);
      expect(found!.file).toMatch(new RegExp(`${name.replace('.', '\\.')}$`));
    }
  });

  it('warns that a numbered list prints as bullets', () => {
    const { warnings, narrative } = render(briefing({ 'print.md': '# A\n\n1. one\n2. two\n' }));
    expect(warnings.find((w) => w.code === 'BR285')).toMatchObject({ line: 3 });
    expect(narrative.sections[0]!.blocks).toEqual([{ type: 'list', items: [[{ type: 'text', text: 'one' }], [{ type: 'text', text: 'two' }]] }]);
  });

  it('drops HTML comments and does not warn about list numbers as typed figures', () => {
    const { warnings, narrative } = render(briefing({ 'print.md': '<!-- a comment -->\n# A\n\n1. one <!-- inline -->\n' }));
    expect(warnings.filter((w) => w.message.includes('typed into the prose'))).toEqual([]);
    expect(narrative.summary).toEqual([]);
    expect(text(narrative.sections[0]!.blocks)).toBe('- one');
  });

  it('refuses a meta.prose file that is missing, not Markdown or outside the facts folder (BR287)', () => {
    for (const written of ['missing.md', 'print.txt', '../outside.md', '/etc/passwd.md']) {
      const ds = problems(() => render(briefing({}, (doc) => (doc.meta.prose = { print: written }))));
      expect(ds.find((d) => d.code === 'BR287'), written).toMatchObject({ path: 'meta.prose.print' });
      expect(ds.find((d) => d.code === 'BR287')!.line, written).toBeGreaterThan(0);
    }
  });

  it('writes nothing when the prose is wrong (CLI)', () => {
    const file = briefing({ 'print.md': '# A\n\n::: chart nope\n' });
    const out = tempDir('briefing-md-out-');
    const r = runCli(['build', file, '--out', out, '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { errors: { message: string; line: number; file: string }[] };
    expect(report.errors.some((e) => e.line === 3 && e.file.endsWith('print.md'))).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  it('keeps .hbs templates working, and takes print.md before print.hbs of the same folder', () => {
    const dir = tempDir('briefing-md-set-');
    writeFileSync(join(dir, 'print.hbs'), '{{#section "From hbs"}}{{#p}}text{{/p}}{{/section}}');
    const file = briefing({});
    expect(render(file, dir).narrative.sections.map((s) => s.title)).toEqual(['From hbs']);
    writeFileSync(join(dir, 'print.md'), '# From md\n\ntext\n');
    expect(render(file, dir).narrative.sections.map((s) => s.title)).toEqual(['From md']);
    // The default slides (slides.hbs) still render beside Markdown print prose.
    expect(render(file, dir).narrative.slides.length).toBeGreaterThan(2);
  });

  it("gives each slide its line in slides.md (a loop's line for each slide it makes) and its sources' places in the facts file", () => {
    for (const file of ['data/example-renewables.yaml', 'data/shanghai-uk-2023.yaml']) {
      const facts = loadFacts(resolve(root, file));
      const { narrative: n } = renderNarrative(facts);
      for (const slide of n.slides) {
        expect(slide.origin?.file, slide.title).toMatch(/slides\.md$/);
        const line = readFileSync(resolve(root, slide.origin!.file), 'utf8').split('\n')[slide.origin!.line - 1]!;
        // The line that starts the slide: its heading, or its directive when it has no heading.
        if (slide.kind === 'chart' && !line.startsWith('#')) expect(line, slide.title).toMatch(slide.chartId && line.includes('{{') ? /^::: chart \{\{/ : new RegExp(`^::: chart ${slide.chartId}$`));
        else if (slide.kind === 'agenda') expect(line).toBe('# Agenda');
        else if (slide.kind === 'sources') expect(line).toBe('# Sources');
        else expect(line, slide.title).toMatch(/^# /);
        for (const o of slide.sourceOrigins ?? []) {
          expect(o.file).toBe(facts.file);
          expect(o.path).toMatch(/^sources\.[\w-]+\.title$/);
          expect(o.line).toBeGreaterThan(0);
        }
      }
      expect(n.slides.some((s) => (s.sourceOrigins ?? []).length > 0)).toBe(true);
    }
  });

  it('builds the seed from Markdown prose (no .hbs left in its template set)', () => {
    const set = join(root, 'templates/shanghai-uk-2023');
    // The English set is Markdown only; its zh-CN/ subfolder (the Chinese edition's own set) too, below.
    expect(readdirSync(set).filter((f) => !/^[a-z]{2}(-[A-Z]{2})?$/.test(f)).sort()).toEqual(['print.md', 'slides.md']);
    expect(existsSync(join(set, 'partials'))).toBe(false);
    const { narrative: n, warnings } = renderNarrative(loadFacts(join(root, 'data/shanghai-uk-2023.yaml')));
    expect(warnings).toEqual([]);
    expect(n.sections.map((s) => s.id)).toEqual(['key-figures', 'london-campaign', 'trade-investment', 'jiading', 'european-outreach', 'people']);
    expect(n.summary).toHaveLength(1);
    expect(n.summary[0]).toMatchObject({ type: 'list' });
    expect(n.slides).toHaveLength(11);
  });

  it("builds the seed's Chinese edition from its own Markdown set, section for section and slide for slide with the English", () => {
    const set = join(root, 'templates/shanghai-uk-2023/zh-CN');
    expect(readdirSync(set).sort()).toEqual(['print.md', 'slides.md']);
    const file = join(root, 'data/shanghai-uk-2023.yaml');
    const en = renderNarrative(loadFacts(file)).narrative;
    const { narrative: zh, warnings } = renderNarrative(loadFacts(file, { locale: 'zh-CN' }));
    expect(warnings).toEqual([]);
    expect(zh.sections.map((s) => s.id)).toEqual(en.sections.map((s) => s.id));
    expect(zh.sections.map((s) => s.title)).toEqual(['关键数据', '伦敦推介活动', '沪英贸易与投资', '嘉定区的汽车产业与外商投资', '赴欧洲推介之行', '人物与机构']);
    // Each section has the same kinds of blocks in the same order (the same charts in the same places).
    const shape = (blocks: readonly Block[]) => blocks.map((b) => (b.type === 'chart' ? `chart:${b.chartId}` : b.type));
    expect(zh.sections.map((s) => shape(s.blocks))).toEqual(en.sections.map((s) => shape(s.blocks)));
    expect(shape(zh.summary)).toEqual(shape(en.summary));
    expect(zh.slides.map((s) => [s.kind, s.chartId])).toEqual(en.slides.map((s) => [s.kind, s.chartId]));
    expect(zh.slides.map((s) => s.title)).toContain('庄信万丰燃料电池芯片项目');
    expect(zh.slides.every((s) => s.notes.length > 0)).toBe(true);
    // The quotation stays in its source's language, tagged as such; the rest is Chinese.
    const quote = zh.sections.flatMap((s) => s.blocks).find((b) => b.type === 'quote');
    expect(quote).toMatchObject({ type: 'quote', lang: 'en-GB' });
    const heads = zh.sections.flatMap((s) => s.blocks).filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text);
    expect(heads).toEqual(['推介活动与Xie Dong的讲话', '与庄信万丰集团的协议和项目', '汽车产业', '外商投资与贸易']);
  });
});
