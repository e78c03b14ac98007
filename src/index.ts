// Public library API: build in memory, no console output, no exit, no files.
export { buildBriefing, validateBriefing, briefingId, documentDate, ALL_FORMATS, FORMATS, OUTPUT_FILES, type BuildOptions, type BuildResult, type FactsText, type BriefingInput, type InlineSources, type EmailBody, type EmailImage, type Format, type Manifest, type OutputInfo, type Stage, type ValidateOptions, type ValidateResult, initBriefing, type InitResult } from './api/index.js';
export { diffBriefings, diffText, type BriefingDiff, type ChartChange, type DiffOptions, type EventChange, type FactChange, type FactSide, type MetaChange } from './api/diff.js';
export { BriefingInputError, formatDiagnostic, type Diagnostic } from './diagnostics/index.js';
export { loadFacts, factsFromObject, BriefingDocument, type Facts, type ResolvedFact } from './facts/index.js';
// Delivery helpers for backends that mail or store briefings themselves.
// They load nodemailer on first use, so importing the library does not pay for mail.
export type { ComposeInput, EmailAttachment, EmailEnvelope, SendResult } from './delivery/email.js';
type EmailModule = typeof import('./delivery/email.js');
export async function composeEml(...args: Parameters<EmailModule['composeEml']>): ReturnType<EmailModule['composeEml']> {
  return (await import('./delivery/email.js')).composeEml(...args);
}
export async function sendEml(...args: Parameters<EmailModule['sendEml']>): ReturnType<EmailModule['sendEml']> {
  return (await import('./delivery/email.js')).sendEml(...args);
}
export { writeOutputSet, writeFileAtomic, OutputError, type FileToWrite } from './delivery/output.js';
