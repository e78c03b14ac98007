// One unit of service work, as it crosses threads and processes (piscina, BullMQ): plain,
// structured-cloneable data only. A source is always inline text; the task never names a
// file the worker would read.
import { z } from 'zod';
import { ALL_FORMATS, FORMATS, type Format } from '../api/formats.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { isSupportedLocale, SUPPORTED_LOCALES } from '../format/index.js';

/** What a build returns: one PDF, the PowerPoint deck, a zip of everything, an e-mail, or JSON with everything. */
export const OUTPUT_KINDS = ['pdf', 'slides', 'notes', 'pptx', 'zip', 'eml', 'json'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The parameters a request may set (query string, JSON envelope or multipart fields). */
export const BuildParams = z
  .object({
    format: z.enum(OUTPUT_KINDS).optional().describe('what to return; else chosen by the Accept header, else pdf'),
    formats: z
      .string()
      .regex(new RegExp(`^(${ALL_FORMATS.join('|')})(,(${ALL_FORMATS.join('|')}))*$`), `expected a comma-separated list of ${ALL_FORMATS.join(', ')}`)
      .optional()
      .describe(`outputs in a zip, eml or json answer; default ${FORMATS.join(',')}`),
    paper: z.enum(['a4', 'letter']).optional(),
    locale: z
      .string()
      .refine(isSupportedLocale, `expected one of the supported locales: ${SUPPORTED_LOCALES.join(', ')}`)
      .optional()
      .describe(`overrides meta.locale; one of ${SUPPORTED_LOCALES.join(', ')}`),
    strict: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .optional()
      .describe('fail on any warning, as --strict does: the warnings come back as errors (400)'),
    from: z.string().max(1000).optional().describe('e-mail sender (format eml)'),
    to: z.string().max(10_000).optional().describe('e-mail recipients, comma-separated (format eml)'),
    subject: z.string().max(1000).optional().describe('e-mail subject; default the briefing title'),
  })
  .strict();
export type BuildParams = z.infer<typeof BuildParams>;

export interface BuildTask {
  /** 'build' makes outputs; 'validate' only checks. */
  mode: 'build' | 'validate';
  /** The facts document as YAML or JSON text, exactly as sent. */
  facts: string;
  /** Its name in located messages (an uploaded file's name, else facts.yaml or facts.json). */
  file: string;
  /** Source texts by document name. */
  sources: Record<string, string>;
  kind: OutputKind;
  formats: Format[];
  paper?: 'a4' | 'letter';
  locale?: string;
  /** Warnings fail the build (or the validation), promoted to errors. */
  strict?: boolean;
  email?: { from: string; to: string; subject?: string };
}

export interface OutputEntry {
  format: string;
  file: string;
  bytes: number;
  pages?: number;
  sha256: string;
}

export type TaskReply =
  | {
      status: 'ok';
      /** The answer's body (absent for validate). */
      body?: Uint8Array;
      contentType?: string;
      filename?: string;
      outputs: OutputEntry[];
      warnings: Diagnostic[];
      summary?: { facts: number; derived: number; sources: number; charts: number; pages: Partial<Record<Format, number>> };
      ms: number;
    }
  | { status: 'invalid'; errors: Diagnostic[]; warnings: Diagnostic[]; ms: number };
