import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { loadFacts, type Facts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import type { ChartDatum, ChartSpec, TimelineEntry } from '../src/narrative/model.js';
import { ChartSpecError, fitLines, renderChart, renderCharts } from '../src/charts/index.js';
import type { DisplayList, DrawOp, TextRun } from '../src/graphics/index.js';
import { DERIVED_EDGE, DERIVED_FILL, SEMIBOLD } from '../src/charts/theme.js';
import { measure, verticalMetrics } from '../src/fonts/index.js';
import { formatQuantity } from '../src/format/index.js';

const ROOT = join(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------
// Helpers over the display list

type Run = TextRun & { op: 'fillText' | 'strokeText' };
const runs = (list: DisplayList): Run[] => list.ops.filter((o): o is Extract<DrawOp, { op: 'fillText' | 'strokeText' }> => o.op === 'fillText' || o.op === 'strokeText');
const texts = (list: DisplayList): string[] => runs(list).map((r) => r.text);

interface Box { left: number; right: number; top: number; bottom: number }

/** The run's ink box from the font's ascent/descent, rotated with the run, as an axis-aligned box. */
function extent(r: TextRun): Box {
  const { ascent, descent } = verticalMetrics(r.size, r.face);
  const corners: [number, number][] = [[0, -ascent], [r.width, -ascent], [0, descent], [r.width, descent]];
  const cos = Math.cos(r.angle);
  const sin = Math.sin(r.angle);
  const xs = corners.map(([u, v]) => r.x + u * cos - v * sin);
  const ys = corners.map(([u, v]) => r.y + u * sin + v * cos);
  return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
}

/** Every text run lies inside the drawing (0.5 unit tolerance for rounding). */
function expectTextInside(list: DisplayList): void {
  for (const r of runs(list)) {
    const b = extent(r);
    const where = `"${r.text}" at ${b.left.toFixed(1)},${b.top.toFixed(1)}–${b.right.toFixed(1)},${b.bottom.toFixed(1)} in ${list.width}×${list.height}`;
    expect(b.left, where).toBeGreaterThanOrEqual(-0.5);
    expect(b.top, where).toBeGreaterThanOrEqual(-0.5);
    expect(b.right, where).toBeLessThanOrEqual(list.width + 0.5);
    expect(b.bottom, where).toBeLessThanOrEqual(list.height + 0.5);
  }
}

/** No two text runs overlap. Boxes are shrunk by a quarter of the descent: lines of a wrapped
 *  label are set closer than ascent+descent, which is not a visible overlap. */
function expectNoTextOverlap(list: DisplayList): void {
  // A halo (strokeText under the same fillText at the same origin) is one label, not two.
  const all = runs(list);
  const halo = (r: (typeof all)[number]) => r.op === 'strokeText' && all.some((f) => f.op === 'fillText' && f.text === r.text && f.x === r.x && f.y === r.y);
  const boxes = all.filter((r) => !halo(r)).map((r) => {
    const b = extent(r);
    const slack = verticalMetrics(r.size, r.face).descent * 0.6;
    return { r, b: { left: b.left + 0.5, right: b.right - 0.5, top: b.top + slack, bottom: b.bottom - slack } };
  });
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!.b;
      const b = boxes[j]!.b;
      const hit = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(hit, `"${boxes[i]!.r.text}" overlaps "${boxes[j]!.r.text}"`).toBe(false);
    }
  }
}

function expectLegible(list: DisplayList): void {
  expect(list.width).toBeGreaterThan(0);
  expect(list.height).toBeGreaterThan(0);
  for (const op of list.ops) {
    if (op.op === 'fillText' || op.op === 'strokeText') expect([op.x, op.y, op.width, op.size].every(Number.isFinite)).toBe(true);
    if (op.op === 'fill' || op.op === 'stroke' || op.op === 'clip') for (const seg of op.path) expect(seg.slice(1).every((v) => Number.isFinite(v as number))).toBe(true);
  }
  expectTextInside(list);
  expectNoTextOverlap(list);
}

// ---------------------------------------------------------------------------------------
// Synthetic specs

let n = 0;
function datum(label: string, value: number, extra: Partial<ChartDatum> = {}): ChartDatum {
  n++;
  return { factId: `f${n}`, label, value, text: extra.text ?? `${value.toLocaleString('en-GB')} units`, unitCaption: 'units', derived: false, ...extra };
}

function spec(type: ChartSpec['type'], data: ChartDatum[], extra: Partial<ChartSpec> = {}): ChartSpec {
  return { id: `synthetic_${type}`, locale: 'en-GB', type, title: 'A synthetic chart', unitCaption: 'units', data, timeline: [], sourceLine: 'Source: test', ...extra };
}

function event(i: number, start: string, end: string, title = `Event ${i}`): TimelineEntry {
  return { eventId: `e${i}`, dateText: start === end ? start : `${start} to ${end}`, start, end, title, what: '', placesText: '', citations: [1] };
}

const LONG = 'An extraordinarily long category label that keeps going well beyond any reasonable width, '.repeat(3).slice(0, 200);
const BAR_TYPES = ['bar', 'column', 'multiples'] as const;

describe('fitLines', () => {
  it('wraps words, clips with an ellipsis and keeps the derived mark', () => {
    expect(LONG.length).toBe(200);
    const lines = fitLines(LONG, { size: 11, face: SEMIBOLD, maxWidth: 120, maxLines: 2, suffix: '\u00a0†' });
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…\u00a0†')).toBe(true);
    for (const l of lines) expect(measure(l, 11, SEMIBOLD)).toBeLessThanOrEqual(120);
    expect(fitLines('short', { size: 11, face: SEMIBOLD, maxWidth: 120, maxLines: 2 })).toEqual(['short']);
    // A single word wider than the line is broken, not left overflowing.
    const word = fitLines('x'.repeat(200), { size: 11, face: SEMIBOLD, maxWidth: 50, maxLines: 3 });
    expect(word).toHaveLength(3);
    for (const l of word) expect(measure(l, 11, SEMIBOLD)).toBeLessThanOrEqual(50);
  });
});

describe('robustness: bad or extreme data gives a legible chart', () => {
  for (const type of BAR_TYPES) {
    describe(type, () => {
      it('0 values: an explicit empty chart, no crash', () => {
        const g = renderChart(spec(type, []));
        expectLegible(g.list);
        expect(texts(g.list)).toEqual(['No data to chart']);
        expect(g.alt).toMatch(/no data\.$/);
      });

      it('one value', () => {
        const g = renderChart(spec(type, [datum('Only one', 42, { text: '42 units' })]));
        expectLegible(g.list);
        expect(texts(g.list)).toContain('42 units');
      });

      it('all zeros: a zero-based axis, each value labelled', () => {
        const g = renderChart(spec(type, [datum('A', 0, { text: 'zero A' }), datum('B', 0, { text: 'zero B' })]));
        expectLegible(g.list);
        expect(texts(g.list)).toEqual(expect.arrayContaining(['zero A', 'zero B', '0.0']));
      });

      it('negatives: the axis goes below zero and every value is labelled', () => {
        const g = renderChart(spec(type, [datum('Loss', -5, { text: '−5 units' }), datum('Gain', 3, { text: '3 units' }), datum('Big loss', -12, { text: '−12 units' })]));
        expectLegible(g.list);
        expect(texts(g.list)).toEqual(expect.arrayContaining(['−5 units', '3 units', '−12 units']));
        // Tick labels from the shared formatter include a negative one.
        expect(texts(g.list).some((t) => /^-\d/.test(t))).toBe(true);
      });

      it('1e15: the value label and the ticks stay inside the drawing', () => {
        const g = renderChart(spec(type, [datum('Huge', 1e15, { text: '1,000 trillion units' }), datum('Small', 1, { text: '1 unit' })]));
        expectLegible(g.list);
        expect(texts(g.list)).toEqual(expect.arrayContaining(['1,000 trillion units', '1 unit']));
      });

      it('a 200-character label is wrapped or clipped inside the drawing', () => {
        const g = renderChart(spec(type, [datum(LONG, 7, { text: '7 units' }), datum('Short', 3, { text: '3 units' })]));
        expectLegible(g.list);
        const labelRuns = texts(g.list).filter((t) => t.startsWith('An ') || /^[a-z]/.test(t) || t.endsWith('…'));
        expect(labelRuns.length).toBeGreaterThanOrEqual(1);
        expect(labelRuns.some((t) => t.endsWith('…'))).toBe(true);
        // The alt text keeps the whole label.
        expect(g.alt).toContain(LONG);
      });

      it('a 200-character value text is clipped inside the drawing', () => {
        const g = renderChart(spec(type, [datum('Odd value', 7, { text: LONG })]));
        expectLegible(g.list);
      });

      it('50 categories: the chart grows or thins its labels, with no overlapping text', () => {
        const data = Array.from({ length: 50 }, (_, i) => datum(`Category number ${i + 1}`, (i * 37) % 101, { text: `${(i * 37) % 101} units` }));
        const g = renderChart(spec(type, data));
        expectLegible(g.list);
        const shown = texts(g.list).filter((t) => t.startsWith('Category'));
        expect(shown.length).toBeGreaterThan(0);
        if (type === 'bar') {
          // Horizontal bars grow a row per category and label every one.
          expect(shown).toHaveLength(50);
          expect(g.list.height).toBeGreaterThan(50 * 20);
        }
        if (type === 'multiples') expect(g.list.height).toBeGreaterThan(190 * 10);
      });

      it('NaN and Infinity are refused with a clear error', () => {
        expect(() => renderChart(spec(type, [datum('Broken', Number.NaN)]))).toThrow(new ChartSpecError('synthetic_' + type, 'value of "Broken" is NaN, not a finite number'));
        expect(() => renderChart(spec(type, [datum('Broken', Number.POSITIVE_INFINITY)]))).toThrow('chart "synthetic_' + type + '": value of "Broken" is Infinity, not a finite number');
      });
    });
  }

  describe('timeline', () => {
    it('0 events: an explicit empty chart, no crash', () => {
      const g = renderChart(spec('timeline', [], { timeline: [] }));
      expectLegible(g.list);
      expect(texts(g.list)).toEqual(['No events to show']);
    });

    it('one single-day event', () => {
      const g = renderChart(spec('timeline', [], { timeline: [event(1, '2023-07-11', '2023-07-11')] }));
      expectLegible(g.list);
      expect(texts(g.list)).toEqual(expect.arrayContaining(['Event 1', '2023-07-11']));
    });

    it('a 200-character title and 50 events stay inside, without overlaps', () => {
      const timeline = Array.from({ length: 50 }, (_, i) => event(i, `2023-${String(1 + (i % 12)).padStart(2, '0')}-0${1 + (i % 9)}`, `2023-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 9}`, i === 0 ? LONG : `Event ${i}`));
      const g = renderChart(spec('timeline', [], { timeline }));
      expectLegible(g.list);
      expect(texts(g.list).filter((t) => /^Event \d+$/.test(t))).toHaveLength(49);
    });

    it('events decades apart get few, readable ticks', () => {
      const g = renderChart(spec('timeline', [], { timeline: [event(1, '1950-01-01', '1950-01-01'), event(2, '2023-07-11', '2023-08-24')] }));
      expectLegible(g.list);
    });

    it('an impossible date or an event ending before it starts is refused', () => {
      expect(() => renderChart(spec('timeline', [], { timeline: [event(1, '2023-02-30', '2023-02-30')] }))).toThrow('chart "synthetic_timeline": start of "Event 1" "2023-02-30" is not a calendar date (YYYY-MM-DD)');
      expect(() => renderChart(spec('timeline', [], { timeline: [event(1, '2023-07-21', '2023-07-16')] }))).toThrow('chart "synthetic_timeline": "Event 1" ends (2023-07-16) before it starts (2023-07-21)');
    });
  });
});

// ---------------------------------------------------------------------------------------
// The seed briefing's charts

describe('seed charts', () => {
  let facts: Facts;
  let specs: ChartSpec[];
  beforeAll(() => {
    facts = loadFacts(join(ROOT, 'data/shanghai-uk-2023.yaml'));
    specs = renderNarrative(facts, {}).narrative.charts;
  });
  const byId = (id: string) => specs.find((s) => s.id === id)!;

  it('are the five expected charts, each legible', () => {
    expect(specs.map((s) => s.id).sort()).toEqual(['auto_cluster', 'investment_stock', 'itinerary_map', 'jiading_foreign_presence', 'jiading_trade', 'outreach_timeline']);
    for (const g of renderCharts(specs).values()) expectLegible(g.list);
  });

  it('are deterministic: two renders give deep-equal display lists', () => {
    // renderChart draws afresh every time (renderCharts memoises by spec), so this compares two real drawings.
    for (const spec of specs) {
      const a = renderChart(spec);
      const b = renderChart(spec);
      expect(b).not.toBe(a);
      expect(b).toEqual(a);
    }
  });

  it('are memoised by spec: an unchanged chart is not drawn again, a changed one is', () => {
    const a = renderCharts(specs);
    const b = renderCharts(specs);
    for (const [id, g] of a) expect(b.get(id)).toBe(g);
    const changed = specs.map((s, i) => (i === 0 ? { ...s, title: `${s.title} (revised)` } : s));
    const c = renderCharts(changed);
    expect(c.get(specs[0]!.id)).not.toBe(a.get(specs[0]!.id));
    expect(c.get(specs[0]!.id)!.title).toBe(`${specs[0]!.title} (revised)`);
    expect(c.get(specs[1]!.id)).toBe(a.get(specs[1]!.id));
  });

  it('each carry the source line', () => {
    for (const g of renderCharts(specs).values()) {
      // The narrative owns the typography (straight or curly quotes); the words are the source's.
      // A map also credits the reference its coordinates come from.
      expect(g.sourceLine).toMatch(/^Source: Report on the .Invest in Shanghai, Share the Future. campaign in London and Jiading District.s outreach, 24 August 2023(; coordinates: GeoNames, gazetteer extract, 1 December 2026)?$/);
    }
  });

  it('value labels are exactly the narrative formatter\'s output', () => {
    const locale = facts.doc.meta.locale;
    for (const s of specs.filter((c) => c.type !== 'timeline')) {
      const drawn = texts(renderChart(s).list);
      for (const d of s.data) {
        expect(d.text).toBe(formatQuantity(facts.facts.get(d.factId)!, locale).text);
        // A label may be wrapped over two lines; rejoined it is the formatter's text.
        const whole = drawn.includes(d.text) || drawn.some((t, i) => `${t} ${drawn[i + 1] ?? ''}` === d.text);
        expect(whole, `${s.id}: "${d.text}" among ${JSON.stringify(drawn)}`).toBe(true);
      }
    }
    expect(texts(renderChart(byId('investment_stock')).list)).toEqual(expect.arrayContaining(['US$3.8 billion', 'US$4.76 billion']));
    expect(texts(renderChart(byId('jiading_trade')).list)).toEqual(expect.arrayContaining(['approximately 155.18 billion yuan', '165.73 billion yuan', '6.8% year-on-year change']));
  });

  it('alt text is generated from the data', () => {
    const g = renderCharts(specs);
    expect(g.get('investment_stock')!.alt).toBe('Bar chart showing two-way investment stock between the UK and Shanghai, end of 2022: UK investment in Shanghai: US$3.8 billion; Shanghai investment in the UK: US$4.76 billion.');
    const trade = g.get('jiading_trade')!.alt;
    expect(trade).toMatch(/2021 \(derived\): approximately 155\.18 billion yuan/);
    expect(trade).toContain('2022: 165.73 billion yuan');
    expect(trade).toContain('Year-on-year change: 6.8%.');
    expect(trade).toMatch(/Derived from .*not stated in the source\.$/);
    expect(trade).not.toContain('(derived) (derived)');
    expect(g.get('jiading_foreign_presence')!.alt).toContain('Foreign-invested enterprises: more than 4,300; Regional headquarters: 26; Foreign-funded R&D centres: 43');
    const tl = g.get('outreach_timeline')!.alt;
    expect(tl).toMatch(/^Timeline of 3 events: /);
    expect(tl).toContain('11 July 2023');
    expect(tl).toContain('24 August 2023');
  });

  it('draws the derived 2021 value distinctly: light fill, dark edge, "†" on its label and note', () => {
    const g = renderChart(byId('jiading_trade'));
    const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
    const fills = g.list.ops.filter((o) => o.op === 'fill').map((o) => hex((o as { paint: { color: readonly number[] } }).paint.color));
    // Chart.js draws a bar's border as a filled outer rectangle under the inner one.
    const edge = fills.indexOf(DERIVED_EDGE);
    expect(edge).toBeGreaterThanOrEqual(0);
    expect(fills[edge + 1]).toBe(DERIVED_FILL);
    const derived = byId('jiading_trade').data.find((d) => d.derived)!;
    expect(texts(g.list)).toContain(`${derived.label}\u00a0†`);
    expect(g.note).toMatch(/^† Derived from /);
  });

  it('the timeline names the 11 July signing, the 16–21 July tour and the 24 August article', () => {
    const drawn = texts(renderChart(byId('outreach_timeline')).list);
    const tl = byId('outreach_timeline').timeline;
    expect(drawn).toEqual(expect.arrayContaining(tl.map((e) => e.dateText)));
    expect(drawn).toEqual(expect.arrayContaining(['11 July 2023', '24 August 2023']));
    expect(drawn.some((t) => /^16\D+21 July 2023$/.test(t))).toBe(true);
    // The axis ticks are calendar days, not arbitrary ones.
    expect(drawn).toEqual(expect.arrayContaining(['15 Jul', '1 Aug', '15 Aug']));
  });
});
