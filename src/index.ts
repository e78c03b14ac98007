// Public library API: build in memory, no console output, no exit, no files.
export { buildBriefing, briefingId, documentDate, ALL_FORMATS, FORMATS, OUTPUT_FILES, type BuildOptions, type BuildResult, type EmailBody, type Format, type Manifest, type OutputInfo, type Stage } from './api/index.js';
export { BriefingInputError, formatDiagnostic, type Diagnostic } from './diagnostics/index.js';
export { loadFacts, factsFromObject, BriefingDocument, type Facts, type ResolvedFact } from './facts/index.js';
// Delivery helpers for backends that mail or store briefings themselves.
export { composeEml, sendEml, type ComposeInput, type EmailAttachment, type EmailEnvelope, type SendResult } from './delivery/email.js';
export { writeFilesAtomic, type FileToWrite } from './delivery/output.js';
