// Templates: strict checks with file:line:column, warnings for typed figures, the generic
// default set on other facts, and safety (fact text prints literally and reaches nothing).
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { factsFromObject, loadFacts, type Facts } from '../src/facts/index.js';
import { renderNarrative, type Block, type Inline, type Narrative } from '../src/narrative/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { buildBriefing } from '../src/api/index.js';
import { pdftotext, tempDir, toFile } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const SEED = resolve(root, 'data/shanghai-uk-2023.yaml');
const CLI = join(root, 'bin/briefing.js');

/** A --templates folder holding the given files (paths relative to it). */
function templates(files: Record<string, string>): string {
  const dir = tempDir('briefing-templates-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The located problems renderNarrative throws, as "file:line:column message" with the folder as DIR. */
function problems(facts: Facts, dir: string): string[] {
  try {
    renderNarrative(facts, { templatesDir: dir });
  } catch (e) {
    if (!(e instanceof BriefingInputError)) throw e;
    return e.diagnostics.map((d) => `${d.file.replace(dir, 'DIR')}:${d.line}:${d.column} ${d.severity}: ${d.message}`);
  }
  return [];
}

function inlinesOf(n: Narrative): Inline[] {
  const ofBlock = (b: Block): Inline[] => (b.type === 'paragraph' || b.type === 'note' ? b.inlines : b.type === 'list' ? b.items.flat() : b.type === 'quote' ? [...b.inlines, ...(b.attribution ?? [])] : []);
  return [...n.summary.flatMap(ofBlock), ...n.sections.flatMap((s) => s.blocks.flatMap(ofBlock))];
}

const text = (n: Narrative) => inlinesOf(n).map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text)).join('|');

describe('strict templates', () => {
  const facts = loadFacts(SEED);

  it('fails an unknown fact id with the partial’s file:line:column and a suggestion', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}\n{{> summary}}\n{{/summary}}\n', 'partials/summary.hbs': '{{!-- one line --}}\nTrade was {{fact "uk_shanghai_trade_2021"}}.\n' });
    expect(problems(facts, dir)).toEqual(['DIR/partials/summary.hbs:2:18 error: unknown fact "uk_shanghai_trade_2021" in {{fact}} (did you mean "uk_shanghai_trade_2022"?)']);
  });

  it('fails an unknown helper', () => {
    const dir = templates({ 'print.hbs': 'x\n  {{facts "uk_shanghai_trade_2022"}}\n' });
    expect(problems(facts, dir)).toEqual(['DIR/print.hbs:2:3 error: unknown helper "facts" (did you mean "fact"?)']);
  });

  it('fails an unknown slide kind where it is written', () => {
    const dir = templates({ 'slides.hbs': '{{#slide kind="bulets" title="Typo"}}\n- one\n{{/slide}}\n' });
    expect(problems(facts, dir)).toEqual(['DIR/slides.hbs:1:15 error: unknown slide kind "bulets" (did you mean "bullets"?)']);
  });

  it('fails a missing partial', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}\n{{> sumary}}\n{{/summary}}\n', 'partials/summary.hbs': 'text\n' });
    expect(problems(facts, dir)).toEqual(['DIR/print.hbs:2:1 error: missing partial "sumary" (did you mean "summary"?)']);
  });

  it('fails unknown ids of every kind, all at once', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}{{name "xie_dongg"}} {{when "jm_sign"}} {{cite "artcle"}} {{chart "jiading_trad"}}{{/summary}}\n' });
    expect(problems(facts, dir)).toEqual([
      'DIR/print.hbs:1:20 error: unknown person, organisation or place "xie_dongg" in {{name}} (did you mean "xie_dong"?)',
      'DIR/print.hbs:1:41 error: unknown event "jm_sign" in {{when}}',
      'DIR/print.hbs:1:60 error: unknown source "artcle" in {{cite}} (did you mean "article"?)',
      'DIR/print.hbs:1:79 error: unknown chart "jiading_trad" in {{chart}} (did you mean "jiading_trade"?)',
    ]);
  });

  it('fails an id computed at render time with the place of the call inside the partial', () => {
    const dir = templates({ 'print.hbs': '{{> loop}}\n', 'partials/loop.hbs': '{{!-- every event id, wrongly, as a fact --}}\n{{#summary}}\n{{#each eventIds}}- {{fact this}}\n{{/each}}{{/summary}}\n' });
    expect(problems(facts, dir)).toEqual(['DIR/partials/loop.hbs:3:21 error: unknown fact "jm_signing"']);
  });

  it('fails a misspelt value instead of printing nothing', () => {
    const dir = templates({ 'print.hbs': 'Title {{meta.titel}}\n' });
    expect(problems(facts, dir)).toEqual(['DIR/print.hbs:1:9 error: "titel" is neither a helper nor a value in the template data']);
  });

  it('fails a block helper used inline, and a template syntax error', () => {
    expect(problems(facts, templates({ 'print.hbs': '{{p}}\n' }))).toEqual(['DIR/print.hbs:1:1 error: {{p}} is a block helper: write {{#p}}…{{/p}}']);
    expect(problems(facts, templates({ 'print.hbs': '{{#p}}open\n' }))[0]).toMatch(/^DIR\/print\.hbs:\d+:\d+ error: template syntax error: /);
  });

  it('the CLI prints the error with its place and exits 1, writing nothing', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}\n{{fact "uk_shanghai_trade_2021"}}\n{{/summary}}\n' });
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [CLI, 'build', SEED, '--templates', dir, '--out', out], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${dir}/print.hbs:2:8 error[BR202]: unknown fact "uk_shanghai_trade_2021" in {{fact}} (did you mean "uk_shanghai_trade_2022"?)`);
    expect(r.stderr).toContain('1 error; nothing was written');
  });
});

describe('warnings', () => {
  const facts = loadFacts(SEED);

  it('briefing validate warns about a figure typed into the prose, with its place', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}\nTrade rose 6.8 per cent to {{fact "uk_shanghai_trade_2022"}}.\n{{/summary}}\n' });
    const r = spawnSync(process.execPath, [CLI, 'validate', SEED, '--templates', dir], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain(`${dir}/print.hbs:2:12 warning[BR208]: figure "6.8 per cent" is typed into the prose; print figures with {{fact "id"}} so they trace to a source`);
    expect(r.stdout).toContain('data/shanghai-uk-2023.yaml: valid');
  });

  it('warns about a qualifier typed before {{fact}}, which would print twice', () => {
    const dir = templates({ 'print.hbs': '{{#summary}}It has more than {{fact "jiading_auto_enterprises"}} firms.{{/summary}}\n' });
    const { warnings } = renderNarrative(facts, { templatesDir: dir });
    expect(warnings.filter((w) => w.file.startsWith(dir)).map((w) => `${w.file.replace(dir, 'DIR')}:${w.line}:${w.column} ${w.message}`)).toEqual([
      `DIR/print.hbs:1:30 "more than" is typed before {{fact}}, which prints the fact's own qualifier; remove it, or use bare=true`,
    ]);
  });

  it('the seed templates validate without warnings', () => {
    const out = execFileSync(process.execPath, [CLI, 'validate', 'data/shanghai-uk-2023.yaml'], { cwd: root, encoding: 'utf8' });
    expect(out.split('\n')[0]).toBe('data/shanghai-uk-2023.yaml: valid — 17 facts (3 derived), 2 sources, 6 charts, 0 warnings');
  });
});

describe('template safety', () => {
  const facts = loadFacts(SEED);

  it('templates cannot reach prototypes, process or the console', () => {
    expect(problems(facts, templates({ 'print.hbs': '{{constructor}}\n' }))).toEqual(['DIR/print.hbs:1:3 error: "constructor" is neither a helper nor a value in the template data']);
    expect(problems(facts, templates({ 'print.hbs': '{{#with meta}}{{__proto__}}{{/with}}\n' }))).toEqual(['DIR/print.hbs:1:17 error: "__proto__" is neither a helper nor a value in the template data']);
    expect(problems(facts, templates({ 'print.hbs': '{{constructor.constructor "return process"}}\n' }))).toEqual(['DIR/print.hbs:1:1 error: unknown helper "constructor.constructor"']);
    expect(problems(facts, templates({ 'print.hbs': '{{log "hello"}}\n' }))).toEqual(['DIR/print.hbs:1:1 error: unknown helper "log"']);
    // lookup goes through Handlebars' prototype protection: nothing comes back.
    const { narrative } = renderNarrative(facts, { templatesDir: templates({ 'print.hbs': '{{#summary}}[{{lookup meta "constructor"}}][{{lookup this "__proto__"}}]{{/summary}}\n' }) });
    expect(narrative.summary).toEqual([{ type: 'paragraph', inlines: [{ type: 'text', text: '[][]' }] }]);
  });

  it('a private-use character typed in a template cannot forge a token', () => {
    const { narrative } = renderNarrative(facts, { templatesDir: templates({ 'print.hbs': '{{#summary}}a\uE0000\uE001b{{/summary}}\n' }) });
    expect(narrative.summary).toEqual([{ type: 'paragraph', inlines: [{ type: 'text', text: 'a0b' }] }]);
  });

  it('fact text that looks like templates, markup or tokens prints literally and changes nothing', async () => {
    // Private-use characters (the renderer's token marks) cannot reach it from the facts: no font
    // draws them, so the glyph check refuses them at their place (BR600).
    const PUA = 'x\uE000 0\uE001 y\uE006 1\uE007 z';
    const forged = { meta: { title: `Forged ${PUA}`, date: '2024-01-10' }, sources: { s: { title: 't', date: '2024-01-01', quotes: ['q'] } }, facts: {} };
    expect(() => factsFromObject(forged, tempDir())).toThrow(/error\[BR600\]: meta\.title: 4 characters .*U\+E000/);
    const LOOKALIKE = 'x 0 y 1 z';
    const HOSTILE = ['{{constructor.constructor}}', '__proto__', '<script>alert(1)</script>', '**bold**', LOOKALIKE];
    const doc = {
      meta: { title: 'Hostile {{constructor.constructor}}', subtitle: `<script>alert(1)</script> **bold** ${LOOKALIKE}`, date: '2024-01-10' },
      sources: { s: { title: '__proto__ <script>', date: '2024-01-01', quotes: ['{{constructor.constructor}} quoted'] } },
      entities: { people: { p: { name: '{{#each this}}x{{/each}}', role: '__proto__', source: 's', quote: 'q' } } },
      facts: {
        a: { label: '{{constructor.constructor}}', short: '__proto__', value: 12, unit: 'count', period: `**bold** ${LOOKALIKE}`, source: 's', quote: 'q: 12' },
        b: { label: '<script>alert(1)</script>', value: 3.5, unit: 'USD', scale: 'million', period: 'constructor', source: 's', quote: 'q: US$3.5m' },
      },
      keyFigures: ['a', 'b'],
    };
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const { narrative } = renderNarrative(factsFromObject(doc, tempDir()));

    // The model carries the text exactly, each piece as one run from data.
    const runs = inlinesOf(narrative).filter((i) => i.type === 'text').map((i) => i.text);
    expect(runs).toContain('{{constructor.constructor}}');
    expect(runs).toContain('<script>alert(1)</script>');
    expect(runs).toContain(`**bold** ${LOOKALIKE}`);
    expect(runs).toContain(`<script>alert(1)</script> **bold** ${LOOKALIKE}`);
    expect(text(narrative)).toContain('{{constructor.constructor}}| stood at |12| for |**bold** x 0 y 1 z|.|[1]');
    expect(narrative.meta.title).toBe('Hostile {{constructor.constructor}}');
    expect(narrative.keyFigures.map((t) => t.label)).toEqual(['__proto__', '<script>alert(1)</script>']);
    expect(narrative.people).toEqual([{ name: '{{#each this}}x{{/each}}', role: '__proto__' }]);
    // Nothing became structure: a summary of one paragraph, the key figures and the people, no other section.
    expect(narrative.summary.map((b) => b.type)).toEqual(['paragraph']);
    expect(narrative.sections.map((s) => s.id)).toEqual(['key-figures', 'people']);
    expect(inlinesOf(narrative).some((i) => (i.type === 'text' || i.type === 'fact') && (i.bold || i.italic))).toBe(false);
    // And nothing leaked into Object.prototype.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).bold).toBeUndefined();

    // The PDF shows the same text. Private-use characters have no glyph in the bundled font,
    // so only the visible characters around them are read back.
    const { print } = await buildBriefing(doc, { formats: ['print'], baseDir: tempDir() });
    const pdf = pdftotext(toFile(print!));
    for (const s of HOSTILE.slice(0, 4)) expect(pdf).toContain(s);
    expect(pdf).toContain('{{#each this}}x{{/each}}');
    expect(pdf).toMatch(/x\s*0\s*y\s*1\s*z/);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  });
});

describe('the default templates', () => {
  it('render a second, unrelated briefing from its data alone', () => {
    const facts = loadFacts(resolve(root, 'data/example-renewables.yaml'));
    expect(facts.doc.meta.templates).toBeUndefined();
    const { narrative: n, warnings } = renderNarrative(facts);
    expect(warnings).toEqual([]);
    expect(n.sections.map((s) => s.id)).toEqual(['key-figures', 'wind-turbines-turning-in-kestrel-bay', 'programme-funding-2021-to-2026', 'other-figures', 'timeline', 'people']);
    const t = text(n);
    expect(t).toContain('Households that fitted rooftop solar panels with the programme\'s support| stood at |more than 4,500| |as of March 2024|.|[1]');
    expect(t).toContain('|approximately 20.2% (derived)|');
    expect(n.keyFigures[0]?.label).toBe('Wind turbines turning in Kestrel Bay'); // its short label only names the period
    expect(n.timeline.map((e) => e.dateText)).toEqual(['14 September 2023', '8 January – 29 February 2024']);
  });

  it('render a small facts object with nothing but the required fields', () => {
    const doc = {
      meta: { title: 'Orchard report', date: '2024-01-10' },
      sources: { ledger: { title: 'Orchard ledger', date: '2024-01-02', quotes: ['Apples sold: about 12.5 thousand.'] } },
      facts: { apples: { label: 'Apples sold', value: 12.5, unit: 'count', scale: 'thousand', qualifier: 'about', period: '2023', source: 'ledger', quote: 'Apples sold: about 12.5 thousand.' } },
    };
    const { narrative: n, warnings } = renderNarrative(factsFromObject(doc, tempDir()));
    expect(warnings).toEqual([]);
    expect(text(n)).toBe('Apples sold| stood at |about 12.5 thousand| in |2023|.|[1]');
    // With no key figures, the summary states the figure and no section repeats it.
    expect(n.sections.map((s) => s.id)).toEqual([]);
    expect(n.sources.map((s) => s.title)).toEqual(['Orchard ledger']);
  });

  it('a --templates folder overrides one file and keeps the rest', () => {
    const facts = loadFacts(SEED);
    const dir = templates({ 'print.hbs': '{{#section "Elsewhere" id="elsewhere"}}{{#p}}{{when "europe_tour" prose=true}}.{{/p}}{{/section}}\n' });
    const { narrative: n } = renderNarrative(facts, { templatesDir: dir });
    expect(n.sections.map((s) => s.id)).toEqual(['elsewhere']);
    expect(n.sections.find((s) => s.id === 'elsewhere')?.blocks).toEqual([{ type: 'paragraph', inlines: [{ type: 'text', text: 'From 16 to 21 July 2023', ref: { kind: 'date', id: 'europe_tour' } }, { type: 'text', text: '.' }] }]);
    // The seed's own slides.md is kept.
    expect(n.slides.map((s) => s.title)).toContain('Johnson Matthey fuel cell chip project');
  });
});
