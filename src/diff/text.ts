// The terminal summary of a BriefingDiff: one block per kind of change, old → new with both
// sources, plain text (the CLI adds no colour to it, so it reads the same in a pipe).
import type { BriefingDiff, FactChange, FactSide, SourceRef } from './index.js';

const cite = (sources: readonly SourceRef[]) => sources.map((s) => `${s.title}, ${s.date}`).join('; ');

function figure(s: FactSide): string {
  return `${s.text} (${s.period})${s.derived ? ' [derived]' : ''}`;
}

function factLines(c: FactChange): string[] {
  if (c.kind === 'added') return [`  + ${c.id}: ${c.new!.label}: ${figure(c.new!)}`, `      source: ${cite(c.new!.sources)}`];
  if (c.kind === 'removed') return [`  - ${c.id}: ${c.old!.label}: ${figure(c.old!)}`, `      source: ${cite(c.old!.sources)}`];
  const pct = c.relative !== undefined && c.fields.includes('value') ? ` (${c.relative >= 0 ? '+' : ''}${(c.relative * 100).toFixed(1)}%)` : '';
  const lines = [`  ~ ${c.id}: ${c.new!.label}`, `      ${figure(c.old!)} → ${figure(c.new!)}${pct}`, `      changed: ${c.fields.join(', ')}`];
  const before = cite(c.old!.sources);
  const after = cite(c.new!.sources);
  lines.push(before === after ? `      source: ${after}` : `      was: ${before}`, ...(before === after ? [] : [`      now: ${after}`]));
  return lines;
}

export function formatDiff(d: BriefingDiff): string {
  const out: string[] = [`${d.old.file} (${d.old.date}) → ${d.new.file} (${d.new.date})`];
  if (d.summary.unchanged) return `${out[0]}\nno changes\n`;
  const s = d.summary;
  out.push(`facts: ${s.factsChanged} changed, ${s.factsAdded} added, ${s.factsRemoved} removed; events: ${s.eventsChanged} changed; charts: ${s.chartsChanged} changed`);
  for (const m of d.meta) out.push(`meta.${m.field}: ${m.old ?? '(none)'} → ${m.new ?? '(none)'}`);
  if (d.facts.length) out.push('', 'Facts', ...d.facts.flatMap(factLines));
  if (d.events.length) {
    out.push('', 'Events');
    for (const e of d.events) {
      if (e.kind === 'added') out.push(`  + ${e.id}: ${e.new!.title}, ${e.new!.when}`);
      else if (e.kind === 'removed') out.push(`  - ${e.id}: ${e.old!.title}, ${e.old!.when}`);
      else if (e.kind === 'moved') out.push(`  ~ ${e.id}: ${e.new!.title} moved from ${e.old!.when} to ${e.new!.when}${e.fields.length > 1 ? `; also changed: ${e.fields.filter((f) => f !== 'date').join(', ')}` : ''}`);
      else out.push(`  ~ ${e.id}: ${e.new!.title}; changed: ${e.fields.join(', ')}`);
    }
  }
  if (d.charts.length) {
    out.push('', 'Charts');
    for (const c of d.charts) {
      const sign = c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~';
      const through = c.changedFacts.length ? ` (through ${c.changedFacts.join(', ')})` : '';
      out.push(`  ${sign} ${c.id}: ${c.title}${c.kind === 'changed' ? `; changed: ${c.fields.join(', ')}${through}` : ''}`);
    }
  }
  if (d.keyFigures.added.length || d.keyFigures.removed.length) {
    out.push('', 'Key figures', ...d.keyFigures.added.map((id) => `  + ${id}`), ...d.keyFigures.removed.map((id) => `  - ${id}`));
  }
  if (d.sources.added.length || d.sources.removed.length) {
    out.push('', 'Sources', ...d.sources.added.map((s) => `  + ${s.id}: ${s.title}, ${s.date}`), ...d.sources.removed.map((s) => `  - ${s.id}: ${s.title}, ${s.date}`));
  }
  return `${out.join('\n')}\n`;
}
