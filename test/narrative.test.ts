// The narrative stage: seed templates -> typed blocks in which every figure is a fact span
// that resolves to a source; one formatter; locale; derived marks; unused-fact warnings.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { factsFromObject, loadFacts, type Facts } from '../src/facts/index.js';
import { renderNarrative, type Block, type Inline, type Narrative } from '../src/narrative/index.js';

const root = resolve(import.meta.dirname, '..');
const SEED = resolve(root, 'data/shanghai-uk-2023.yaml');

function seed(): Facts {
  return loadFacts(SEED);
}

/** Every inline run of the narrative's prose: summary, sections and slides. */
function allInlines(n: Narrative): Inline[] {
  const ofBlock = (b: Block): Inline[] => {
    if (b.type === 'paragraph' || b.type === 'note') return b.inlines;
    if (b.type === 'list') return b.items.flat();
    if (b.type === 'quote') return [...b.inlines, ...(b.attribution ?? [])];
    return [];
  };
  return [
    ...n.summary.flatMap(ofBlock),
    ...n.sections.flatMap((s) => s.blocks.flatMap(ofBlock)),
    ...n.slides.flatMap((s) => [...(s.headline ?? []), ...s.bullets.flat(), ...s.notes.flat()]),
  ];
}

/** The prose as plain text, facts included. */
function prose(n: Narrative): string {
  return allInlines(n)
    .map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text))
    .join('');
}

/** Every piece of text in which a fact's value is printed, keyed by fact id. */
function printedFacts(n: Narrative): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of allInlines(n)) if (i.type === 'fact') out.set(i.factId, [...(out.get(i.factId) ?? []), i.text]);
  return out;
}

// A figure is a digit not glued to a letter: "F1" in a name is not a figure, "2022" is.
const FIGURE = /(?<![\p{L}\d])\d/u;

describe('the seed narrative', () => {
  const facts = seed();
  const { narrative: n, warnings } = renderNarrative(facts);

  it('comes from templates/shanghai-uk-2023 with the sections of the briefing', () => {
    expect(n.sections.map((s) => s.title)).toEqual([
      'Key figures',
      'The London campaign',
      'Trade and investment between Shanghai and the UK',
      "Jiading's auto industry and foreign investment",
      'The European outreach tour',
      'People and organisations',
    ]);
    const london = n.sections.find((s) => s.id === 'london-campaign')!;
    expect(london.blocks.filter((b) => b.type === 'heading').map((b) => (b.type === 'heading' ? b.text : ''))).toEqual([
      "The campaign and Xie Dong's message",
      'The Johnson Matthey agreement and project',
    ]);
    expect(n.summary[0]?.type).toBe('list');
    expect(warnings).toEqual([]);
  });

  it('prints every figure as a fact span that resolves to a source; digits elsewhere are only sourced dates and periods', () => {
    const inlines = allInlines(n);
    expect(inlines.filter((i) => i.type === 'fact').length).toBeGreaterThan(30);
    for (const i of inlines) {
      if (i.type === 'fact') {
        const f = facts.facts.get(i.factId);
        expect(f, i.factId).toBeDefined();
        expect(f!.sources.length).toBeGreaterThan(0);
        for (const s of f!.sources) expect(facts.doc.sources[s]).toBeDefined();
        continue;
      }
      if (i.type === 'cite') {
        // Citation numbers are numbered footnotes pointing at a listed source.
        expect(n.sources[i.number - 1]?.id).toBe(i.sourceId);
        continue;
      }
      if (!FIGURE.test(i.text)) continue;
      // Text with a figure must be a date from a date helper, or a fact's period: both come
      // from sourced items of the facts file, never from template words.
      expect(i.type === 'text' && i.ref, `unsourced figure in "${i.text}"`).toBeTruthy();
      if (i.type !== 'text' || !i.ref) continue;
      expect(['date', 'period']).toContain(i.ref.kind);
      if (i.ref.kind === 'period') expect(facts.facts.get(i.ref.id)?.period).toBe(i.text.replace(/^A/, 'a'));
      if (i.ref.kind === 'date') expect(i.ref.id === 'meta.date' || i.ref.id in facts.doc.events).toBe(true);
    }
  });

  it('fixes word order, sentence starts, date ranges and qualifiers', () => {
    const text = prose(n);
    expect(text).toContain('Xie Dong, Vice Mayor of Shanghai, said');
    expect(text).not.toContain('Vice Mayor of Shanghai Xie Dong');
    expect(text).toContain('As of the end of 2022, the UK');
    expect(text).not.toMatch(/\. as of/);
    expect(text).toContain('From 16 to 21 July 2023, Lu Fangzhou, Party secretary of Jiading, led a team');
    expect(text).not.toContain('From 16 – 21');
    expect(text).toContain('France (Paris) and Germany (Wolfsburg, Lüdenscheid and Hannover)');
    expect(text).not.toMatch(/more than more than|approximately approximately/);
    expect(text).toContain('approximately 1 billion yuan (US$138 million)');
    expect(text).toContain('In Jiading District, Shanghai, the source reports more than 4,300 enterprises');
  });

  it('marks derived figures "(derived)" in the text wherever they are printed', () => {
    const printed = printedFacts(n);
    for (const id of Object.keys(facts.doc.derived)) {
      for (const text of printed.get(id) ?? []) expect(text, id).toMatch(/ \(derived\)$/);
    }
    expect(printed.get('investment_balance')).toContain('approximately US$0.96 billion (derived)');
    expect(printed.get('jiading_trade_2021')).toContain('approximately 155.18 billion yuan (derived)');
    for (const i of allInlines(n)) if (i.type === 'fact' && !i.derived) expect(i.text).not.toContain('(derived)');
  });

  it('numbers citations in order of first use and links them to the sources list', () => {
    const cites = allInlines(n).filter((i) => i.type === 'cite');
    expect(cites.length).toBeGreaterThan(10);
    expect(new Set(cites.map((c) => (c.type === 'cite' ? c.number : 0)))).toEqual(new Set([1]));
    // The gazetteer is cited only by the map's coordinates, so it comes last.
    expect(n.sources.map((s) => [s.number, s.id, s.kind])).toEqual([[1, 'article', 'report'], [2, 'gazetteer', 'reference']]);
  });

  it('labels key-figure tiles with the short label, or the full label when the short one only names the period', () => {
    expect(n.keyFigures.map((t) => t.label)).toEqual([
      'Shanghai–UK trade',
      'UK investment in Shanghai',
      'Shanghai investment in the UK',
      'Jiading District import and export value',
      'Automotive professionals',
      'Fuel-cell chip project (yuan)',
    ]);
    expect(n.keyFigures[5]).toMatchObject({ qualifier: 'approximately', value: '1 billion yuan', period: '2023', derived: false, citations: [1] });
  });

  it('prints chart values with the same formatter as the prose', () => {
    const trade = n.charts.find((c) => c.id === 'jiading_trade')!;
    expect(trade.data.map((d) => d.text)).toEqual(['approximately 155.18 billion yuan', '165.73 billion yuan']);
    expect(prose(n)).toContain('165.73 billion yuan');
  });
});

describe('one fact, every place', () => {
  it('changing uk_shanghai_trade_2022 in the facts changes every place it is printed', () => {
    const original = seed();
    const before = renderNarrative(original).narrative;
    const doc = structuredClone(original.doc);
    doc.facts.uk_shanghai_trade_2022!.value = 31.07;
    // The figure check holds the value to its quote: the edited copy quotes its new figure,
    // and has no source text to look the new quote up in.
    doc.facts.uk_shanghai_trade_2022!.quote = 'In 2022, the total import and export value between Shanghai and the UK was US$31.07 billion.';
    delete doc.sources.article!.document;
    const after = renderNarrative(factsFromObject(doc, resolve(root, 'data'))).narrative;

    const was = printedFacts(before).get('uk_shanghai_trade_2022')!;
    const now = printedFacts(after).get('uk_shanghai_trade_2022')!;
    expect(was.length).toBeGreaterThanOrEqual(3); // summary, section, slide headline
    expect(new Set(was)).toEqual(new Set(['US$24.21 billion']));
    expect(now.length).toBe(was.length);
    expect(new Set(now)).toEqual(new Set(['US$31.07 billion']));
    expect(prose(after)).not.toContain('24.21');
    expect(after.keyFigures.find((t) => t.factId === 'uk_shanghai_trade_2022')?.value).toBe('US$31.07 billion');
    // Nothing else moved: the prose differs only where the figure is printed.
    expect(prose(after).replaceAll('US$31.07 billion', 'US$24.21 billion')).toBe(prose(before));
  });
});

describe('locale', () => {
  it('en-US changes date and number formats; en-GB is the default', () => {
    const gb = renderNarrative(seed()).narrative;
    const facts = seed();
    facts.doc.meta.locale = 'en-US';
    const us = renderNarrative(facts).narrative;
    expect(gb.meta.dateText).toBe('24 August 2023');
    expect(us.meta.dateText).toBe('August 24, 2023');
    expect(prose(gb)).toContain('From 16 to 21 July 2023');
    expect(prose(us)).toContain('From July 16 to 21, 2023');
    expect(prose(gb)).toContain('On 11 July 2023');
    expect(prose(us)).toContain('On July 11, 2023');
    expect(prose(gb)).toContain('US$24.21 billion');
    expect(prose(us)).toContain('$24.21 billion');
    expect(prose(us)).not.toContain('US$24.21');
    expect(prose(us)).toContain('Germany (Wolfsburg, Lüdenscheid, and Hannover)');
    expect(us.timeline.find((t) => t.eventId === 'europe_tour')?.dateText).toBe('July 16–21, 2023');
    expect(gb.timeline.find((t) => t.eventId === 'europe_tour')?.dateText).toBe('16–21 July 2023');
    expect(us.keyFigures[0]?.value).toBe('$24.21 billion');
  });
});

describe('unused facts', () => {
  it('warns, with the fact’s place in the file, about a fact no template, chart or tile uses', () => {
    const facts = seed();
    const doc = structuredClone(facts.doc);
    doc.facts.spare_count = { label: 'A count nobody prints', short: 'Spare', value: 26, unit: 'count', scale: 'one', qualifier: 'exact', period: '2023', source: 'article', quote: '26 regional headquarters' };
    const { warnings } = renderNarrative(factsFromObject(doc, resolve(root, 'data'), 'spare.yaml'));
    expect(warnings.map((w) => `${w.file} ${w.path}: ${w.severity}: ${w.message}`)).toEqual(['spare.yaml facts.spare_count: warning: fact `spare_count` is not used by any template, chart or key figure']);
  });
});
