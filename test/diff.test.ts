// `briefing diff` and diffBriefings: every kind of change between two editions, checked
// against the expected result that sits beside the fixtures (test/fixtures/diff/), through
// the library and through the CLI (text and --json), plus the seed's sample second edition.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffBriefings, type BriefingDiff } from '../src/api/diff.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { root, runCli, seed } from './helpers/cli.js';

const dir = join(root, 'test/fixtures/diff');
const oldFile = join(dir, 'old.yaml');
const newFile = join(dir, 'new.yaml');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

/** The diff reduced to what expected.json states: kinds, fields and printed figures by id. */
function project(d: BriefingDiff) {
  return {
    summary: d.summary,
    meta: d.meta.map((m) => m.field),
    facts: Object.fromEntries(
      d.facts.map((f) => [f.id, { kind: f.kind, fields: f.fields, ...(f.old ? { old: f.old.text } : {}), ...(f.new ? { new: f.new.text } : {}) }]),
    ),
    events: Object.fromEntries(
      d.events.map((e) => [e.id, { kind: e.kind, fields: e.fields, ...(e.kind !== 'changed' && e.old ? { old: e.old.when } : {}), ...(e.kind !== 'changed' && e.new ? { new: e.new.when } : {}) }]),
    ),
    charts: Object.fromEntries(d.charts.map((c) => [c.id, { kind: c.kind, fields: c.fields, changedFacts: c.changedFacts }])),
    keyFigures: d.keyFigures,
    sourcesAdded: d.sources.added.map((s) => s.id),
  };
}

describe('diffBriefings', () => {
  it('reports every kind of change as the fixture expects', async () => {
    const d = await diffBriefings(oldFile, newFile);
    expect(project(d)).toEqual(expected);
  });

  it('gives both sides of a changed figure with their own sources and the relative change', async () => {
    const d = await diffBriefings(oldFile, newFile);
    const ships = d.facts.find((f) => f.id === 'ships_2023')!;
    expect(ships.old).toMatchObject({ value: 1200, quote: 'The harbour handled 1,200 ships in 2023', sources: [{ id: 'sample', date: '2024-02-15' }] });
    expect(ships.new).toMatchObject({ value: 1250, quote: 'the harbour handled 1,250 ships in 2023', sources: [{ id: 'update', date: '2024-05-20' }] });
    expect(ships.relative).toBeCloseTo(50 / 1200, 10);
    // A changed qualifier alone is a change, and its printed form shows it.
    const fees = d.facts.find((f) => f.id === 'fees_eur')!;
    expect([fees.old!.qualifier, fees.new!.qualifier]).toEqual(['exact', 'about']);
  });

  it('orders changes: changed, moved, added, removed; events by date', async () => {
    const d = await diffBriefings(oldFile, newFile);
    expect(d.facts.map((f) => f.kind)).toEqual(['changed', 'changed', 'changed', 'changed', 'added', 'removed', 'removed']);
    expect(d.events.map((e) => e.id)).toEqual(['dredging', 'quay_opening', 'crane_delivery']);
  });

  it('finds no change between a file and itself, or an object copy of it', async () => {
    const same = await diffBriefings(oldFile, oldFile);
    expect(same.summary.unchanged).toBe(true);
    expect([same.facts, same.events, same.charts, same.meta]).toEqual([[], [], [], []]);
    const obj = parse(readFileSync(oldFile, 'utf8')) as object;
    const viaObject = await diffBriefings(obj, oldFile, { baseDir: dir });
    expect(viaObject.summary.unchanged).toBe(true);
  });

  it('a chart whose definition changes is reported with the fields that changed', async () => {
    const before = parse(readFileSync(oldFile, 'utf8')) as { charts: Record<string, { type: string; title: string }> };
    const after = structuredClone(before);
    after.charts['ships']!.type = 'bar';
    after.charts['ships']!.title = 'Ships handled each year';
    const d = await diffBriefings(before, after, { baseDir: dir });
    expect(d.charts).toEqual([{ id: 'ships', kind: 'changed', title: 'Ships handled each year', fields: ['type', 'title'], changedFacts: [] }]);
    expect(d.facts).toEqual([]);
  });

  it('follows locale for printed figures and dates', async () => {
    const d = await diffBriefings(oldFile, newFile, { locale: 'en-US' });
    expect(d.events.find((e) => e.id === 'quay_opening')!.new!.when).toBe('May 9, 2023');
  });

  it('reports problems in both editions together', async () => {
    const badOld = { ...(parse(readFileSync(oldFile, 'utf8')) as object), facts: 'none' };
    const badNew = { ...(parse(readFileSync(newFile, 'utf8')) as object), charts: 3 };
    const err = await diffBriefings(badOld, badNew, { baseDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BriefingInputError);
    const paths = (err as BriefingInputError).diagnostics.map((x) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['facts', 'charts']));
  });
});

describe('briefing diff (CLI)', () => {
  it('prints a readable summary with old → new figures and both sources', () => {
    const r = runCli(['diff', oldFile, newFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('facts: 4 changed, 1 added, 2 removed; events: 3 changed; charts: 2 changed');
    expect(r.stdout).toContain('1,200 (2023) → 1,250 (2023) (+4.2%)');
    expect(r.stdout).toMatch(/was: Sample text for the tests, 2024-02-15\n\s+now: Later update for the tests, 2024-05-20/);
    expect(r.stdout).toContain('quay_opening: New quay opened moved from 2 May 2023 to 9 May 2023');
    expect(r.stdout).toContain('+ cranes: New cranes delivered: 12 (April 2024)');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });

  it('--json prints one document equal to the library result', async () => {
    const r = runCli(['diff', oldFile, newFile, '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; diff: BriefingDiff };
    expect(doc.ok).toBe(true);
    expect(project(doc.diff)).toEqual(expected);
    expect(doc.diff).toEqual(JSON.parse(JSON.stringify(await diffBriefings(oldFile, newFile))));
  });

  it('an invalid edition is exit 1 with located errors, and --json carries them', () => {
    const r = runCli(['diff', oldFile, join(dir, 'missing.yaml'), '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; errors: { file: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.errors[0]!.file).toContain('missing.yaml');
  });

  it('a bad --locale or a missing argument is a usage error', () => {
    expect(runCli(['diff', oldFile, newFile, '--locale', 'not a locale']).status).toBe(2);
    expect(runCli(['diff', oldFile]).status).toBe(2);
  });
});

describe("the seed's sample second edition", () => {
  it('changes exactly two figures, from the later (sample) source, and the two charts that draw them', async () => {
    const d = await diffBriefings(seed, join(root, 'data/shanghai-uk-2023-ed2.yaml'));
    expect(d.facts.filter((f) => f.kind === 'changed').map((f) => f.id)).toEqual(['jiading_auto_professionals', 'jiading_regional_hqs']);
    expect(d.facts.every((f) => f.fields.includes('value') && f.new!.sources[0]!.id === 'update')).toBe(true);
    expect(d.charts.map((c) => [c.id, c.changedFacts])).toEqual([
      ['auto_cluster', ['jiading_auto_professionals']],
      ['jiading_foreign_presence', ['jiading_regional_hqs']],
    ]);
    expect(d.sources.added[0]!.title).toMatch(/sample data/i);
  });
});

describe('briefing diff in the locale of --locale', () => {
  /** The report with the fixtures' folder taken out of its file names. */
  const report = (locale?: string) => {
    const r = runCli(['diff', oldFile, newFile, ...(locale ? ['--locale', locale] : [])]);
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split(`${dir}/`).join('');
  };

  it('leaves the English report as it was, line for line (expected.txt beside the fixtures)', () => {
    expect(report()).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
    expect(report('en-GB')).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'));
  });

  it('prints the zh-CN report in Chinese: headings, counts, labels, figures and dates (expected.zh-CN.txt)', () => {
    const zh = report('zh-CN');
    expect(zh).toBe(readFileSync(join(dir, 'expected.zh-CN.txt'), 'utf8'));
    const lines = zh.split('\n');
    expect(lines[0]).toBe('old.yaml（2024年3月1日）→ new.yaml（2024年5月20日）');
    expect(lines[1]).toBe('数据：变更4项、新增1项、删除2项；事件：变更3项；图表：变更2项');
    for (const head of ['数据', '事件', '图表', '关键数据', '资料来源']) expect(lines).toContain(head);
    expect(zh).toContain('      1200（2023） → 1250（2023）（+4.2%）');
    expect(zh).toContain('      变更：数值、来源、引文');
    expect(zh).toMatch(/原为：Sample text for the tests（2024年2月15日）\n\s+现为：Later update for the tests（2024年5月20日）/);
    expect(zh).toContain('350万欧元（2023） → 约350万欧元（2023）');
    expect(zh).toContain('quay_opening：“New quay opened”由2023年5月2日改期至2023年5月9日；另有变更：来源');
    expect(zh).toContain('~ ships：Ships handled；变更：数据（经由ships_2023）');
    // None of the tool's English words is left: only the facts' own texts are in English.
    const own = zh.replace(/“[^”]*”|(?<=：)[A-Z][A-Za-z ,]+|Sample text for the tests|Later update for the tests|Minimal briefing(, second edition)?|calendar year|April|\d{4} to \d{4}|\b[a-z_]+\.yaml|meta\.\w+|\b[a-z]+_[a-z_0-9]+\b|\b(cranes|update|works|ships|dredging)\b/g, '');
    expect(own.match(/[A-Za-z]{2,}/g) ?? []).toEqual([]);
  });

  it('keeps the JSON form in stable English keys and kinds, naming the locale', async () => {
    const r = runCli(['diff', oldFile, newFile, '--locale', 'zh-CN', '--json']);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; diff: BriefingDiff };
    expect(doc.diff.locale).toBe('zh-CN');
    // The same kinds and fields as the English report; only printed figures and dates follow the locale.
    const zh = project(doc.diff);
    expect({ ...zh, facts: Object.fromEntries(Object.entries(zh.facts).map(([id, f]) => [id, { kind: f.kind, fields: f.fields }])) }).toEqual({
      ...expected,
      facts: Object.fromEntries(Object.entries(expected.facts as Record<string, { kind: string; fields: string[] }>).map(([id, f]) => [id, { kind: f.kind, fields: f.fields }])),
      events: zh.events,
    });
    expect(doc.diff.events.find((e) => e.id === 'quay_opening')!.new!.when).toBe('2023年5月9日');
    expect(Object.keys(doc.diff).sort()).toEqual(['charts', 'events', 'facts', 'keyFigures', 'locale', 'meta', 'new', 'old', 'sources', 'summary']);
    expect((await diffBriefings(oldFile, newFile)).locale).toBe('en-GB');
  });
});

describe('briefing diff --locale with translated facts', () => {
  it("prints the facts' own texts in the locale when both editions have them (the seed's second edition)", () => {
    const r = runCli(['diff', seed, join(root, 'data/shanghai-uk-2023-ed2.yaml'), '--locale', 'zh-CN']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('  ~ jiading_auto_professionals：嘉定区集聚的汽车专业人才');
    expect(r.stdout).toContain('      7.25万（截至2023年） → 7.5万（截至2024年3月）（+3.4%）');
    expect(r.stdout).toContain('  ~ auto_cluster：嘉定区汽车产业集群；变更：数据（经由jiading_auto_professionals）');
    // Source titles stay in their source's language.
    expect(r.stdout).toContain('现为：Jiading District update on foreign investment');
  });

  it('reads both editions in their own language when either lacks a text in the locale, so they compare like for like', async () => {
    const zh = parse(readFileSync(join(root, 'test/fixtures/minimal-zh.yaml'), 'utf8')) as { facts: Record<string, { label: unknown; period: unknown }> };
    const PERIOD = { 'en-GB': 'calendar year 2023', 'zh-CN': '2023全年' };
    const later = structuredClone(zh);
    later.facts['ships_2023']!.label = 'Ships handled by the harbour';
    later.facts['ships_2023']!.period = PERIOD;
    const base = join(root, 'test/fixtures');
    const d = await diffBriefings(zh, later, { locale: 'zh-CN', baseDir: base });
    const ships = d.facts.find((f) => f.id === 'ships_2023')!;
    expect(ships.fields).toEqual(['period']);
    expect([ships.old!.label, ships.new!.label]).toEqual(['Ships handled by the harbour', 'Ships handled by the harbour']);
    expect([ships.old!.period, ships.new!.period]).toEqual(['2023', 'calendar year 2023']);
    expect(ships.new!.text).toBe('1200');
    // Both translated: the Chinese texts on both sides, still only the period changed.
    const both = structuredClone(zh);
    both.facts['ships_2023']!.period = PERIOD;
    const t = (await diffBriefings(zh, both, { locale: 'zh-CN', baseDir: base })).facts.find((f) => f.id === 'ships_2023')!;
    expect(t.fields).toEqual(['period']);
    expect([t.new!.label, t.old!.period, t.new!.period]).toEqual(['港口船舶吞吐量', '2023年', '2023全年']);
    // Any other problem is still reported, not hidden by the fallback.
    const broken = { ...structuredClone(later), charts: 3 };
    await expect(diffBriefings(zh, broken, { locale: 'zh-CN', baseDir: base })).rejects.toBeInstanceOf(BriefingInputError);
  });
});
