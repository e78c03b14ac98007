// From an HTTP request to a BuildTask: the facts as JSON or YAML text, an envelope
// { facts, sources, ...params }, or a multipart upload of the facts file and its sources.
// Whatever the form, sources arrive as texts; nothing here reads a file a request names.
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/multipart';
import { z } from 'zod';
import { FORMATS, type Format } from '../api/formats.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import { addresses } from '../api/email.js';
import { BuildParams, OUTPUT_KINDS, type BuildTask, type OutputKind } from './task.js';

/** A request the service cannot take; answered 400 (or 406/413) with these diagnostics. */
export class RequestProblem extends Error {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly status = 400,
  ) {
    super(diagnostics.map((d) => d.message).join('; '));
  }
}

const REQUEST = '<request>';
const problem = (code: string, path: string, message: string, hint?: string, status = 400) => new RequestProblem([error(code, { file: REQUEST, path }, message, hint)], status);

/** The JSON envelope. `facts` as text keeps line numbers; as an object it is checked in its JSON form. */
export const BriefingRequest = BuildParams.extend({
  facts: z.union([z.string(), z.record(z.string(), z.unknown())]).describe('the facts document: YAML or JSON text (located messages), or a JSON object'),
  file: z.string().max(255).optional().describe('name of the facts document in messages; default facts.yaml or facts.json'),
  sources: z.record(z.string(), z.string()).optional().describe('source texts keyed by the document path written in the facts (or its file name)'),
}).strict();

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

interface Collected {
  facts?: string;
  file?: string;
  sources: Record<string, string>;
  params: Record<string, unknown>;
}

/** Reads the body (raw text for JSON and YAML, parts for multipart) into a task. */
export async function taskFromRequest(request: FastifyRequest, mode: BuildTask['mode'], limits: { maxFiles: number; maxFileBytes: number }): Promise<BuildTask> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const c: Collected = { sources: {}, params: {} };
  if (request.isMultipart()) await fromMultipart(request, c, limits);
  else if (type === 'application/json') fromJson(String(request.body ?? ''), c);
  else if (YAML_TYPES.includes(type)) {
    c.facts = String(request.body ?? '');
    c.file = 'facts.yaml';
  } else throw problem('BR700', '', `expected a body of type application/json, application/yaml or multipart/form-data, got ${JSON.stringify(type || 'none')}`, undefined, 415);
  if (c.facts === undefined || c.facts === '') throw problem('BR700', 'facts', 'the request has no facts document', 'send the facts as the body, as "facts" in a JSON envelope, or as a multipart part named facts');
  return toTask(mode, c, request.query as Record<string, unknown>, request.headers.accept);
}

function fromJson(raw: string, c: Collected): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Not JSON after all: the facts parser says where, with a line and column.
    c.facts = raw;
    c.file = 'facts.json';
    return;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'facts' in parsed) {
    const envelope = BriefingRequest.safeParse(parsed);
    if (!envelope.success) throw new RequestProblem(envelope.error.issues.map((i) => error('BR702', { file: REQUEST, path: i.path.join('.') }, i.message)));
    const { facts, file, sources, ...params } = envelope.data;
    c.facts = typeof facts === 'string' ? facts : `${JSON.stringify(facts, null, 2)}\n`;
    c.file = file ?? (typeof facts === 'string' && !/^\s*[{[]/.test(facts) ? 'facts.yaml' : 'facts.json');
    c.sources = sources ?? {};
    c.params = params;
    return;
  }
  // The body is the facts document itself (no inline sources).
  c.facts = raw;
  c.file = 'facts.json';
}

async function fromMultipart(request: FastifyRequest, c: Collected, limits: { maxFiles: number; maxFileBytes: number }): Promise<void> {
  for await (const part of request.parts({ limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: 64, fieldSize: limits.maxFileBytes } })) {
    if (part.type === 'file') {
      const text = (await part.toBuffer()).toString('utf8');
      if (part.fieldname === 'facts') {
        c.facts = text;
        c.file = safeName(part.filename) || 'facts.yaml';
      } else if (part.fieldname === 'source' || part.fieldname === 'sources') {
        const name = safeName(part.filename);
        if (!name) throw problem('BR700', part.fieldname, 'an uploaded source has no file name', 'the file name is how the facts refer to it');
        c.sources[name] = text;
      } else throw problem('BR700', part.fieldname, `unexpected file part ${JSON.stringify(part.fieldname)}`, 'send the facts as "facts" and each source document as "source"');
    } else {
      const value = String(part.value);
      const named = /^sources?\[(.+)\]$/.exec(part.fieldname);
      if (part.fieldname === 'facts') c.facts = value;
      else if (part.fieldname === 'file') c.file = value;
      else if (named) c.sources[named[1]!] = value;
      else c.params[part.fieldname] = value;
    }
  }
}

/** An uploaded file's name as sent, without any folder part or control characters. */
function safeName(name: string | undefined): string {
  return (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255);
}

function toTask(mode: BuildTask['mode'], c: Collected, query: Record<string, unknown>, accept: string | undefined): BuildTask {
  const merged = { ...pick(query), ...c.params };
  const checked = BuildParams.safeParse(merged);
  if (!checked.success) throw new RequestProblem(checked.error.issues.map((i) => error('BR702', { file: REQUEST, path: i.path.join('.') || 'query' }, i.message)));
  const p = checked.data;
  const kind: OutputKind = p.format ?? kindFromAccept(accept);
  const formats: Format[] = kind === 'pdf' ? ['print'] : kind === 'slides' || kind === 'notes' || kind === 'pptx' ? [kind] : p.formats ? ([...new Set(p.formats.split(','))] as Format[]) : [...FORMATS];
  let email: BuildTask['email'];
  if (kind === 'eml' || p.from !== undefined || p.to !== undefined) {
    if (!p.from || addresses(p.from).length !== 1) throw problem('BR702', 'from', `an e-mail needs "from" with one address${p.from ? `, got ${JSON.stringify(p.from)}` : ''}`);
    if (!p.to || addresses(p.to).length === 0) throw problem('BR702', 'to', `an e-mail needs "to" with at least one address${p.to ? `, got ${JSON.stringify(p.to)}` : ''}`);
    email = { from: p.from, to: p.to, ...(p.subject !== undefined ? { subject: p.subject } : {}) };
  }
  return {
    mode,
    facts: c.facts!,
    file: c.file ?? 'facts.yaml',
    sources: c.sources,
    kind,
    formats,
    ...(p.paper ? { paper: p.paper } : {}),
    ...(p.locale ? { locale: p.locale } : {}),
    ...(p.strict === true || p.strict === 'true' ? { strict: true } : {}),
    ...(email ? { email } : {}),
  };
}

/** Only the known parameters from the query string (a repeated one keeps its last value). */
function pick(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(BuildParams.shape)) {
    const v = query[key];
    if (typeof v === 'string') out[key] = v;
    else if (Array.isArray(v) && typeof v.at(-1) === 'string') out[key] = v.at(-1) as string;
  }
  return out;
}

const ACCEPTED: Record<string, OutputKind> = { 'application/pdf': 'pdf', 'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx', 'application/zip': 'zip', 'message/rfc822': 'eml', 'application/json': 'json' };

/** The answer kind from an Accept header, by quality then order; pdf for none or any. */
export function kindFromAccept(accept: string | undefined): OutputKind {
  if (!accept) return 'pdf';
  const ranges = accept
    .split(',')
    .map((r, i) => {
      const [type, ...params] = r.trim().toLowerCase().split(';');
      const q = params.map((x) => /^\s*q=([\d.]+)\s*$/.exec(x)?.[1]).find((x) => x !== undefined);
      return { type: type!.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranges) {
    if (ACCEPTED[r.type]) return ACCEPTED[r.type]!;
    if (r.type === '*/*' || r.type === 'application/*') return 'pdf';
  }
  throw problem('BR702', 'accept', `none of the types in Accept can be produced: ${accept}`, `accept one of ${Object.keys(ACCEPTED).join(', ')}, or set format= one of ${OUTPUT_KINDS.join(', ')}`, 406);
}
