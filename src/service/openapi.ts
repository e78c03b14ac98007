// GET /openapi.json: the API described from the same zod schemas that check requests
// (zod 4's toJSONSchema), with the facts format from the facts stage's own JSON Schema.
import { z } from 'zod';
import { briefingJsonSchema } from '../api/schema.js';
import { BriefingRequest } from './request.js';
import { BuildParams, OUTPUT_KINDS } from './task.js';

const schemaOf = (s: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const Diagnostic = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string().describe('stable code, e.g. BR701 (listed in the README)'),
  file: z.string(),
  line: z.number().int().describe('1-based; 0 when unknown'),
  column: z.number().int(),
  path: z.string().describe('dotted path in the document'),
  message: z.string(),
  hint: z.string().optional(),
});
const Problem = z.object({
  ok: z.literal(false),
  outputs: z.array(z.never()),
  warnings: z.array(Diagnostic),
  errors: z.array(Diagnostic),
  files: z.array(z.object({ file: z.string(), id: z.string(), status: z.string(), ms: z.number() })),
});
const Job = z.object({
  id: z.string(),
  state: z.enum(['queued', 'running', 'done', 'invalid', 'failed']),
  attempts: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  result: z.object({ url: z.string(), contentType: z.string(), filename: z.string(), bytes: z.number(), ms: z.number() }).optional(),
  warnings: z.array(Diagnostic).optional(),
  errors: z.array(Diagnostic).optional(),
  error: z.string().optional(),
});

let cached: object | undefined;

export function openApiDocument(): object {
  if (cached) return cached;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const problem = (description: string) => ({ description, content: { 'application/json': { schema: ref('Problem') } } });
  const params = Object.keys(BuildParams.shape).map((name) => ({ name, in: 'query', required: false, schema: (schemaOf(BuildParams) as { properties: Record<string, object> }).properties[name] }));
  const body = {
    required: true,
    content: {
      'application/json': { schema: ref('BriefingRequest') },
      'application/yaml': { schema: { type: 'string', description: 'the facts file as YAML (no inline sources)' } },
      'multipart/form-data': {
        schema: {
          type: 'object',
          properties: { facts: { type: 'string', format: 'binary' }, source: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'source documents; the file name is how the facts refer to each' } },
          required: ['facts'],
        },
      },
    },
  };
  const auth = [{ bearer: [] }];
  const refused = { '401': problem('missing or wrong token (BR707)'), '413': problem('body too large (BR703)'), '503': { ...problem('queue full (BR704) or shutting down (BR708); see Retry-After'), headers: { 'Retry-After': { schema: { type: 'integer' } } } } };
  cached = {
    openapi: '3.0.3',
    info: { title: 'briefing service', version: '1', description: 'Builds briefings (PDF, slides, zip, e-mail) from sourced facts. Sources are inline texts; the service never reads a file a request names.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { BriefingRequest: schemaOf(BriefingRequest), Facts: briefingJsonSchema(), Diagnostic: schemaOf(Diagnostic, 'output'), Problem: schemaOf(Problem, 'output'), Job: schemaOf(Job, 'output') },
    },
    paths: {
      '/v1/briefings': {
        post: {
          summary: `Build a briefing; answer by format= (${OUTPUT_KINDS.join(', ')}) or Accept`,
          security: auth,
          parameters: params,
          requestBody: body,
          responses: {
            '200': { description: 'the output', content: { 'application/pdf': {}, 'application/zip': {}, 'message/rfc822': {}, 'application/json': {} } },
            '400': problem('invalid facts or parameters, with located diagnostics'),
            '504': problem('the build took too long (BR705)'),
            ...refused,
            '413': problem('the request body is too large (BR703), or the build needed more memory than --max-memory (BR711)'),
          },
        },
      },
      '/v1/validate': { post: { summary: 'Check facts, sources and templates without building', security: auth, parameters: params, requestBody: body, responses: { '200': { description: 'valid; warnings and counts' }, '400': problem('invalid, with located diagnostics'), ...refused } } },
      '/v1/jobs': { post: { summary: 'Queue a build; answers 202 with the job id', security: auth, parameters: params, requestBody: body, responses: { '202': { description: 'queued', content: { 'application/json': { schema: ref('Job') } } }, '400': problem('invalid request'), ...refused } } },
      '/v1/jobs/{id}': { get: { summary: 'A job: state, result, errors', security: auth, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'the job', content: { 'application/json': { schema: ref('Job') } } }, '404': problem('no such job (BR709)') } } },
      '/v1/jobs/{id}/result': { get: { summary: "A finished job's output", security: auth, parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'the output' }, '404': problem('no such job (BR709)'), '409': problem('no result (BR710)') } } },
      '/v1/schema': { get: { summary: 'JSON Schema of the facts format', responses: { '200': { description: 'the schema', content: { 'application/schema+json': { schema: ref('Facts') } } } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.0' } } } },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'alive' } } } },
      '/readyz': { get: { summary: 'Readiness: worker threads up, Redis reachable, not draining', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', security: auth, responses: { '200': { description: 'text exposition format' } } } },
    },
  };
  return cached;
}
