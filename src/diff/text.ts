// The terminal summary of a BriefingDiff: one block per kind of change, old → new with both
// sources, plain text (the CLI adds no colour to it, so it reads the same in a pipe), in the
// words of the diff's locale (src/format/words.ts); ids and file names stay as written.
import { wordsFor, type DiffWords } from '../format/index.js';
import type { BriefingDiff, FactChange, FactSide, SourceRef } from './index.js';

function factLines(c: FactChange, w: DiffWords, label: (l: string, t: string) => string): string[] {
  const cite = (sources: readonly SourceRef[]) => sources.map((s) => w.cite(s.title, s.date)).join(w.citeJoin);
  const figure = (s: FactSide) => w.figure(s.text, s.period, s.derived);
  const source = (s: FactSide) => `      ${label(w.source, cite(s.sources))}`;
  if (c.kind === 'added') return [`  + ${label(c.id, label(c.new!.label, figure(c.new!)))}`, source(c.new!)];
  if (c.kind === 'removed') return [`  - ${label(c.id, label(c.old!.label, figure(c.old!)))}`, source(c.old!)];
  const pct = c.relative !== undefined && c.fields.includes('value') ? w.relative(`${c.relative >= 0 ? '+' : ''}${(c.relative * 100).toFixed(1)}%`) : '';
  const lines = [`  ~ ${label(c.id, c.new!.label)}`, `      ${figure(c.old!)} → ${figure(c.new!)}${pct}`, `      ${label(w.changed, w.fields(c.fields))}`];
  const before = cite(c.old!.sources);
  const after = cite(c.new!.sources);
  lines.push(...(before === after ? [source(c.new!)] : [`      ${label(w.was, before)}`, `      ${label(w.now, after)}`]));
  return lines;
}

export function formatDiff(d: BriefingDiff): string {
  const words = wordsFor(d.locale);
  const w = words.diff;
  const label = words.labelled;
  const out: string[] = [w.editions(d.old.file, d.old.date, d.new.file, d.new.date)];
  if (d.summary.unchanged) return `${out[0]}\n${w.noChanges}\n`;
  out.push(w.summary(d.summary));
  for (const m of d.meta) out.push(label(`meta.${m.field}`, `${m.old ?? w.none} → ${m.new ?? w.none}`));
  if (d.facts.length) out.push('', w.heads.facts, ...d.facts.flatMap((c) => factLines(c, w, label)));
  if (d.events.length) {
    out.push('', w.heads.events);
    for (const e of d.events) {
      if (e.kind === 'added') out.push(`  + ${label(e.id, w.dated(e.new!.title, e.new!.when))}`);
      else if (e.kind === 'removed') out.push(`  - ${label(e.id, w.dated(e.old!.title, e.old!.when))}`);
      else if (e.kind === 'moved') out.push(`  ~ ${label(e.id, w.moved(e.new!.title, e.old!.when, e.new!.when, w.fields(e.fields.filter((f) => f !== 'date'))))}`);
      else out.push(`  ~ ${label(e.id, `${e.new!.title}${w.then}${label(w.changed, w.fields(e.fields))}`)}`);
    }
  }
  if (d.charts.length) {
    out.push('', w.heads.charts);
    for (const c of d.charts) {
      const sign = c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~';
      const through = c.changedFacts.length ? w.through(c.changedFacts) : '';
      out.push(`  ${sign} ${label(c.id, `${c.title}${c.kind === 'changed' ? `${w.then}${label(w.changed, w.fields(c.fields))}${through}` : ''}`)}`);
    }
  }
  if (d.keyFigures.added.length || d.keyFigures.removed.length) {
    out.push('', w.heads.keyFigures, ...d.keyFigures.added.map((id) => `  + ${id}`), ...d.keyFigures.removed.map((id) => `  - ${id}`));
  }
  if (d.sources.added.length || d.sources.removed.length) {
    const line = (sign: string, s: SourceRef) => `  ${sign} ${label(s.id, w.cite(s.title, s.date))}`;
    out.push('', w.heads.sources, ...d.sources.added.map((s) => line('+', s)), ...d.sources.removed.map((s) => line('-', s)));
  }
  return `${out.join('\n')}\n`;
}
