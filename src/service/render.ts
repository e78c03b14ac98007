// Runs one task through the api and packs the answer: a PDF, a zip of every output and the
// manifest (deterministic: fixed dates and order), an .eml, or JSON with everything. Used by
// the piscina workers of `briefing serve` and by `briefing worker` alike.
import JSZip from 'jszip';
import { buildBriefing, OUTPUT_FILES, validateBriefing, type BuildResult, type FactsText } from '../api/index.js';
import { composeEml } from '../api/email.js';
import { sha256 } from '../digest/index.js';
import { BriefingInputError, promoted } from '../diagnostics/index.js';
import type { BuildTask, OutputEntry, TaskReply } from './task.js';

export const MANIFEST_FILE = 'manifest.json';
export const EML_FILE = 'briefing.eml';

export const CONTENT_TYPES = { pdf: 'application/pdf', pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', zip: 'application/zip', eml: 'message/rfc822', json: 'application/json; charset=utf-8' } as const;

export async function runTask(task: BuildTask): Promise<TaskReply> {
  const started = performance.now();
  const input: FactsText = { kind: 'text', text: task.facts, file: task.file };
  // A base folder that names nothing on disk: with inline sources nothing is read anyway.
  const base = { sources: task.sources, baseDir: '/nonexistent-briefing-service-base' };
  try {
    if (task.mode === 'validate') {
      const v = await validateBriefing(input, { ...base, formats: task.formats, ...(task.paper ? { paper: task.paper } : {}), ...(task.locale ? { locale: task.locale } : {}) });
      // As the CLI's validate --strict: any warning fails, reported as an error with its code.
      if (task.strict && v.warnings.length > 0) return { status: 'invalid', errors: v.warnings.map(promoted), warnings: [], ms: performance.now() - started };
      const summary = { facts: v.facts.facts.size, derived: Object.keys(v.facts.doc.derived).length, sources: Object.keys(v.facts.doc.sources).length, charts: v.charts, pages: v.pages };
      return { status: 'ok', outputs: [], warnings: v.warnings, summary, ms: performance.now() - started };
    }
    const result = await buildBriefing(input, {
      ...base,
      formats: task.formats,
      ...(task.paper ? { paper: task.paper } : {}),
      ...(task.locale ? { locale: task.locale } : {}),
      ...(task.strict ? { strict: true } : {}),
      ...(task.email || task.kind === 'eml' ? { email: true } : {}),
    });
    return { status: 'ok', ...(await pack(task, result)), warnings: result.warnings, ms: performance.now() - started };
  } catch (e) {
    if (!(e instanceof BriefingInputError)) throw e;
    return {
      status: 'invalid',
      errors: [...e.diagnostics.filter((d) => d.severity === 'error'), ...(task.strict ? e.diagnostics.filter((d) => d.severity === 'warning').map(promoted) : [])],
      warnings: task.strict ? [] : e.diagnostics.filter((d) => d.severity === 'warning'),
      ms: performance.now() - started,
    };
  }
}

async function pack(task: BuildTask, result: BuildResult): Promise<{ body: Uint8Array; contentType: string; filename: string; outputs: OutputEntry[] }> {
  const outputs: OutputEntry[] = result.manifest.outputs.map((o) => ({ ...o }));
  const pdf = (format: 'print' | 'slides' | 'notes') => ({ body: result[format]!, contentType: CONTENT_TYPES.pdf, filename: `${result.manifest.id}-${OUTPUT_FILES[format]}`, outputs });
  if (task.kind === 'pdf') return pdf('print');
  if (task.kind === 'slides' || task.kind === 'notes') return pdf(task.kind);
  if (task.kind === 'pptx') return { body: result.pptx!, contentType: CONTENT_TYPES.pptx, filename: `${result.manifest.id}-${OUTPUT_FILES.pptx}`, outputs };

  let eml: Buffer | undefined;
  if (task.email && result.email) {
    eml = await composeEml({
      ...task.email,
      body: result.email,
      date: result.date,
      attachments: result.manifest.outputs.map((o) => ({ filename: o.file, content: result[o.format]! })),
    });
    outputs.push({ format: 'eml', file: EML_FILE, bytes: eml.byteLength, sha256: sha256(eml) });
  }
  if (task.kind === 'eml') return { body: eml!, contentType: CONTENT_TYPES.eml, filename: `${result.manifest.id}.eml`, outputs };

  const files: [string, Uint8Array][] = result.manifest.outputs.map((o) => [o.file, result[o.format]!]);
  if (eml) files.push([EML_FILE, eml]);
  const manifest = { ...result.manifest, outputs };
  if (task.kind === 'json') {
    const body = { ok: true, manifest, warnings: result.warnings, files: Object.fromEntries(files.map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')])) };
    return { body: new TextEncoder().encode(JSON.stringify(body)), contentType: CONTENT_TYPES.json, filename: `${result.manifest.id}.json`, outputs };
  }
  const zip = new JSZip();
  // The briefing's own date on every entry and a fixed order: the same input gives the same bytes.
  for (const [name, bytes] of files) zip.file(name, bytes, { date: result.date, binary: true });
  zip.file(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`, { date: result.date });
  const body = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
  return { body, contentType: CONTENT_TYPES.zip, filename: `${result.manifest.id}.zip`, outputs };
}
